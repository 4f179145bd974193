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

    private LibcurlWorkarounds() {}

    static void apply(ConfigHandle config) {
        boolean follows = config.current(CurlOpt.FOLLOWLOCATION) != null && !config.isSetTo(CurlOpt.FOLLOWLOCATION, 0);
        if (follows && config.current(CurlOpt.MAXREDIRS) == null) {
            config.setopt(CurlOpt.MAXREDIRS, DEFAULT_MAXREDIRS);
        }
        if (PRIOR_KNOWLEDGE_REUSE_BROKEN
                && config.isSetTo(CurlOpt.HTTP_VERSION, LibcurlConstants.CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE)) {
            config.setopt(CurlOpt.FRESH_CONNECT, true);
            config.setopt(CurlOpt.FORBID_REUSE, true);
        }
    }
}
