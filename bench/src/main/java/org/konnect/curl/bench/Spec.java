package org.konnect.curl.bench;

import java.net.URI;

/** One measured run: {@code count} GETs of {@code url}, {@code inflight} of them at a time. */
record Spec(String url, int count, int inflight) {
    Spec {
        if (count <= 0 || inflight <= 0) throw new IllegalArgumentException("count and inflight must be positive");
    }

    String host() {
        return URI.create(url).getHost();
    }

    int port() {
        return URI.create(url).getPort();
    }

    String path() {
        return URI.create(url).getRawPath();
    }
}
