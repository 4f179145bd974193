package org.konnect.curl;

/** A named libcurl {@code long} value (an enum such as {@link HttpVersion}) accepted by {@code setopt}. */
public interface CurlConstant {
    /**
     * libcurl's numeric value.
     *
     * @return the value passed to {@code curl_easy_setopt} as a {@code long}
     */
    long value();
}
