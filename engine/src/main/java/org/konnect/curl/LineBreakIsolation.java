package org.konnect.curl;

/**
 * A transfer whose string or list options carry a line break closes its connection when it ends
 * ({@code FORBID_REUSE}). libcurl writes many such values into the request head or the
 * protocol's commands as given ({@code RANGE}, {@code HTTPHEADER}, {@code CUSTOMREQUEST},
 * {@code MAIL_RCPT}, {@code QUOTE}, ...): a CR or LF there ends the head early, and the rest is
 * a second request on the same connection. Its answer comes after the transfer has ended, and
 * the next transfer that reused the connection read it as its own (found by the fuzzer, seed
 * 8753928719640532913 batch 4442). What the transfer itself sends is left as the application
 * set it; only the connection is not handed on. Applied after {@code configureHandle}.
 */
final class LineBreakIsolation {
    private LineBreakIsolation() {}

    static void apply(ConfigHandle config) {
        if (config.carriesLineBreak()) config.setopt(CurlOpt.FORBID_REUSE, true);
    }
}
