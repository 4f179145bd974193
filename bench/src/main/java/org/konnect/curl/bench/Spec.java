package org.konnect.curl.bench;

import java.net.URI;

/**
 * One measured run: {@code count} GETs of {@code url}, {@code inflight} of them at a time.
 * {@code cacert} (or null: the JVM's and libcurl's default trust) is a PEM file of the CA
 * certificates that verify an HTTPS server; {@code http2} asks for HTTP/2 over TLS (by ALPN),
 * every transfer multiplexed on one connection, where a contender supports it.
 */
record Spec(String url, int count, int inflight, String cacert, boolean http2) {
    Spec {
        if (count <= 0 || inflight <= 0) throw new IllegalArgumentException("count and inflight must be positive");
    }

    /** Plain HTTP/1.1 (or whatever the URL's scheme gives by default), the system's CAs. */
    Spec(String url, int count, int inflight) {
        this(url, count, inflight, null, false);
    }

    /** The same transfer settings with another count, for the warm-up. */
    Spec withCount(int newCount) {
        return new Spec(url, newCount, inflight, cacert, http2);
    }

    /** The same TLS options for another URL, count and concurrency. */
    Spec with(String url, int count, int inflight) {
        return new Spec(url, count, inflight, cacert, http2);
    }

    boolean https() {
        return url.startsWith("https:");
    }

    String host() {
        return URI.create(url).getHost();
    }

    int port() {
        URI uri = URI.create(url);
        if (uri.getPort() >= 0) return uri.getPort();
        return https() ? 443 : 80;
    }

    String path() {
        return URI.create(url).getRawPath();
    }
}
