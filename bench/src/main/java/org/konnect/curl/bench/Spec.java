package org.konnect.curl.bench;

import java.net.URI;

/**
 * One measured run: {@code count} GETs of {@code url}, {@code inflight} of them at a time.
 * {@code caFile} is a PEM file of CA certificates to trust for https:// URLs (null: the JVM's
 * default trust); {@code http2} asks for HTTP/2 by ALPN on https:// URLs (one connection, many
 * streams) where a contender supports it.
 */
record Spec(String url, int count, int inflight, String caFile, boolean http2) {
    Spec {
        if (count <= 0 || inflight <= 0) throw new IllegalArgumentException("count and inflight must be positive");
    }

    Spec(String url, int count, int inflight) {
        this(url, count, inflight, null, false);
    }

    /** The same TLS options for another URL, count and concurrency. */
    Spec with(String url, int count, int inflight) {
        return new Spec(url, count, inflight, caFile, http2);
    }

    boolean secure() {
        return url.startsWith("https:");
    }

    String host() {
        return URI.create(url).getHost();
    }

    int port() {
        URI uri = URI.create(url);
        if (uri.getPort() >= 0) return uri.getPort();
        return secure() ? 443 : 80;
    }

    String path() {
        return URI.create(url).getRawPath();
    }
}
