package org.konnect.curl;

/**
 * libcurl's {@code CURL_HTTP_VERSION_*}: a value of {@link CurlOpt#HTTP_VERSION} and what
 * {@link CurlInfo#HTTP_VERSION} reports.
 */
public enum HttpVersion implements CurlConstant {
    NONE(0), HTTP_1_0(1), HTTP_1_1(2), HTTP_2(3), HTTP_2TLS(4), HTTP_2_PRIOR_KNOWLEDGE(5), HTTP_3(30), HTTP_3ONLY(31);

    private final long value;

    HttpVersion(long value) {
        this.value = value;
    }

    @Override
    public long value() {
        return value;
    }

    /** The constant for libcurl's value; {@link IllegalArgumentException} for an unknown one. */
    public static HttpVersion of(long value) {
        for (HttpVersion v : values()) {
            if (v.value == value) return v;
        }
        throw new IllegalArgumentException("unknown CURL_HTTP_VERSION value " + value);
    }
}
