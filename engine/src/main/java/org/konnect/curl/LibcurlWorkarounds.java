package org.konnect.curl;

import org.konnect.curl.jni.LibcurlConstants;

/**
 * Bugs of older libcurl versions, and safe defaults newer versions have, absorbed so that a
 * transfer behaves the same on every version the suite runs on. Each is applied to a transfer's
 * configuration once {@code configureHandle} has returned, only where it is needed.
 */
final class LibcurlWorkarounds {
    /**
     * curl issue 10634, fixed in 8.0: a second stream on a reused HTTP/2 prior-knowledge
     * connection fails with {@code CURLE_HTTP2}. Before 8.0 such a transfer gets a connection of
     * its own that is closed afterwards: no multiplexing for prior knowledge there, but no failure.
     */
    private static final boolean PRIOR_KNOWLEDGE_REUSE_BROKEN = Curl.versionNumber() < 0x080000;

    /**
     * libcurl 8.3 made 30 the default of {@code CURLOPT_MAXREDIRS}; before, redirects were
     * followed without limit (a redirect loop ran until a timeout, if any). The engine sets 30
     * when {@code FOLLOWLOCATION} is on and the request chose no limit of its own, on every version.
     */
    static final int DEFAULT_MAXREDIRS = 30;

    /**
     * libcurl 7.88.1 and 8.14.1: a {@code file://} transfer with {@code CONNECT_ONLY} that comes
     * after a refused connection, on a Multi with {@code MAX_TOTAL_CONNECTIONS}, leaves the one
     * connection slot taken for good; every later transfer of the Multi then waits for a
     * connection forever, past its own {@code TIMEOUT_MS} (libcurl does not time out a transfer
     * still waiting for a connection). Found by the fuzzer, seed 4839460508168269002 batch 197.
     * {@code CONNECT_ONLY} has no meaning for {@code file://} (there is no socket to hand over),
     * so the combination is refused.
     */
    private static final CurlOpt CONNECT_ONLY = new CurlOpt("CONNECT_ONLY", LibcurlConstants.CURLOPT_CONNECT_ONLY, CurlOpt.Kind.LONG);

    /**
     * libcurl 7.88.1: a transfer with {@code CURLOPT_HAPROXYPROTOCOL} that fails after the
     * connection is made but before its request is sent (a chunked upload over HTTP/1.0 fails
     * with {@code CURLE_UPLOAD_FAILED}) leaves the connection in the Multi's cache with only the
     * PROXY line sent, and the next transfer to that origin, with or without the option, reuses
     * it: the server reads the PROXY line as the start of that request (Jetty answers 400). Found
     * by the fuzzer, seed -8193664144864459671 batch 894; 8.14.1 closes such a connection. Until
     * 8.14.1 (versions between are not tested) a transfer with the option closes its connection.
     */
    private static final boolean HAPROXY_CONNECTION_KEPT_AFTER_FAILURE = Curl.versionNumber() < 0x080E01;
    private static final CurlOpt HAPROXYPROTOCOL = new CurlOpt("HAPROXYPROTOCOL", LibcurlConstants.CURLOPT_HAPROXYPROTOCOL,
            CurlOpt.Kind.LONG);

    /**
     * libcurl 7.88.1: once an HTTP/2 connection to a host has been made, the host counts as one
     * that multiplexes, and a transfer that could use HTTP/2 picks a connection to it that another
     * transfer still uses even when that one speaks HTTP/1.1, as if it were multiplexed: its
     * request waits behind the other response, or it reads that response as its own (found by the
     * fuzzer, seed -6766054243365663125 batch 8569). libcurl's default version (2TLS) asks for
     * HTTP/2 only over TLS but counts as wanting it, so before 8.0 (versions between are not
     * tested) a cleartext {@code http://} transfer with that default asks for HTTP/1.1, which is
     * what it speaks anyway; it then shares no HTTP/2 connection either. A transfer that asks for
     * HTTP/2 itself keeps multiplexing and this risk.
     */
    private static final boolean IN_USE_CONNECTION_JOINED = Curl.versionNumber() < 0x080000;

    private LibcurlWorkarounds() {}

    /**
     * @throws IllegalArgumentException for a combination libcurl mishandles (the transfer then
     *         fails with a {@link CurlError} caused by it, as when {@code configureHandle} throws)
     */
    static void apply(ConfigHandle config) {
        Object url = config.current(CurlOpt.URL);
        if (config.current(CONNECT_ONLY) != null && !config.isSetTo(CONNECT_ONLY, 0) && url instanceof String
                && ((String) url).regionMatches(true, 0, "file:", 0, 5)) {
            throw new IllegalArgumentException("CURLOPT_CONNECT_ONLY with a file:// URL: there is no connection to hand over,"
                    + " and libcurl can keep a MAX_TOTAL_CONNECTIONS slot taken for good after it");
        }
        boolean follows = config.current(CurlOpt.FOLLOWLOCATION) != null && !config.isSetTo(CurlOpt.FOLLOWLOCATION, 0);
        if (follows && config.current(CurlOpt.MAXREDIRS) == null) {
            config.setopt(CurlOpt.MAXREDIRS, DEFAULT_MAXREDIRS);
        }
        if (PRIOR_KNOWLEDGE_REUSE_BROKEN
                && config.isSetTo(CurlOpt.HTTP_VERSION, LibcurlConstants.CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE)) {
            config.setopt(CurlOpt.FRESH_CONNECT, true);
            config.setopt(CurlOpt.FORBID_REUSE, true);
        }
        if (IN_USE_CONNECTION_JOINED && url instanceof String && ((String) url).regionMatches(true, 0, "http:", 0, 5)
                && (config.current(CurlOpt.HTTP_VERSION) == null
                        || config.isSetTo(CurlOpt.HTTP_VERSION, LibcurlConstants.CURL_HTTP_VERSION_NONE)
                        || config.isSetTo(CurlOpt.HTTP_VERSION, LibcurlConstants.CURL_HTTP_VERSION_2TLS))) {
            config.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_1_1);
        }
        if (HAPROXY_CONNECTION_KEPT_AFTER_FAILURE && config.current(HAPROXYPROTOCOL) != null
                && !config.isSetTo(HAPROXYPROTOCOL, 0)) {
            config.setopt(CurlOpt.FORBID_REUSE, true);
        }
    }
}
