package org.konnect.curl;

import org.konnect.curl.jni.LibcurlConstants;

/**
 * Bugs of older libcurl versions, absorbed so that a transfer behaves the same on every version
 * the suite runs on. Each is applied to a transfer's configuration once {@code configureHandle}
 * has returned, only on the versions that have the bug.
 */
final class LibcurlWorkarounds {
    /**
     * curl issue 10634, fixed in 8.0: a second stream on a reused HTTP/2 prior-knowledge
     * connection fails with {@code CURLE_HTTP2}. Before 8.0 such a transfer gets a connection of
     * its own that is closed afterwards: no multiplexing for prior knowledge there, but no failure.
     */
    private static final boolean PRIOR_KNOWLEDGE_REUSE_BROKEN = Curl.versionNumber() < 0x080000;

    private LibcurlWorkarounds() {}

    static void apply(ConfigHandle config) {
        if (PRIOR_KNOWLEDGE_REUSE_BROKEN
                && config.isSetTo(CurlOpt.HTTP_VERSION, LibcurlConstants.CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE)) {
            config.setopt(CurlOpt.FRESH_CONNECT, true);
            config.setopt(CurlOpt.FORBID_REUSE, true);
        }
    }
}
