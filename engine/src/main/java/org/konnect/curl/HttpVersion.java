package org.konnect.curl;

import org.konnect.curl.jni.LibcurlConstants;

/**
 * libcurl's {@code CURL_HTTP_VERSION_*}: a value of {@link CurlOpt#HTTP_VERSION} and what
 * {@link CurlInfo#HTTP_VERSION} reports.
 */
public enum HttpVersion implements CurlConstant {
    /** {@code CURL_HTTP_VERSION_NONE}: libcurl's choice; as info, the version is unknown. */
    NONE(LibcurlConstants.CURL_HTTP_VERSION_NONE),
    /** {@code CURL_HTTP_VERSION_1_0}: HTTP/1.0. */
    HTTP_1_0(LibcurlConstants.CURL_HTTP_VERSION_1_0),
    /** {@code CURL_HTTP_VERSION_1_1}: HTTP/1.1. */
    HTTP_1_1(LibcurlConstants.CURL_HTTP_VERSION_1_1),
    /** {@code CURL_HTTP_VERSION_2_0}: HTTP/2 if the server agrees, else HTTP/1.1. */
    HTTP_2(LibcurlConstants.CURL_HTTP_VERSION_2_0),
    /** {@code CURL_HTTP_VERSION_2TLS}: HTTP/2 over TLS only, HTTP/1.1 otherwise. */
    HTTP_2TLS(LibcurlConstants.CURL_HTTP_VERSION_2TLS),
    /** {@code CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE}: HTTP/2 without an HTTP/1.1 upgrade. */
    HTTP_2_PRIOR_KNOWLEDGE(LibcurlConstants.CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE),
    /** {@code CURL_HTTP_VERSION_3}: HTTP/3, falling back to earlier versions. */
    HTTP_3(LibcurlConstants.CURL_HTTP_VERSION_3),
    /** {@code CURL_HTTP_VERSION_3ONLY}: HTTP/3 only. */
    HTTP_3ONLY(LibcurlConstants.CURL_HTTP_VERSION_3ONLY);

    private final long value;

    HttpVersion(long value) {
        this.value = value;
    }

    /**
     * libcurl's {@code CURL_HTTP_VERSION_*} value.
     *
     * @return the value, e.g. 3 for {@link #HTTP_2}
     */
    @Override
    public long value() {
        return value;
    }

    /**
     * The constant for libcurl's value; {@link IllegalArgumentException} for an unknown one.
     *
     * @param value a {@code CURL_HTTP_VERSION_*} value
     * @return the constant with that value
     * @throws IllegalArgumentException if no constant has that value
     */
    public static HttpVersion of(long value) {
        for (HttpVersion v : values()) {
            if (v.value == value) return v;
        }
        throw new IllegalArgumentException("unknown CURL_HTTP_VERSION value " + value);
    }
}
