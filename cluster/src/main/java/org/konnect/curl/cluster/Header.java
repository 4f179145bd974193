package org.konnect.curl.cluster;

import java.util.Objects;

/**
 * One header field, as sent or received: headers are an ordered list of these, because a name
 * may repeat ({@code Set-Cookie}) and order matters to some servers.
 *
 * @param name the field name, as given (no case folding)
 * @param value the field value, without the CR LF
 */
public record Header(String name, String value) {
    /**
     * Checks the field.
     *
     * @throws IllegalArgumentException for an empty name, or a name or value with CR, LF or
     *         (in the name) a colon: such a field would add lines to the request head
     */
    public Header {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, "header value");
        if (name.isEmpty() || name.indexOf(':') >= 0 || hasLineBreak(name) || hasLineBreak(value)) {
            throw new IllegalArgumentException("header " + name + ": a name must be non-empty without ':', and neither name"
                    + " nor value may contain CR or LF");
        }
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    /** {@code Name: value}, as libcurl's {@code CURLOPT_HTTPHEADER} takes it. */
    String line() {
        return name + ": " + value;
    }
}
