package org.konnect.curl;

/** A named libcurl {@code long} value (an enum such as {@link HttpVersion}) accepted by {@code setopt}. */
public interface CurlConstant {
    /** libcurl's numeric value. */
    long value();
}
