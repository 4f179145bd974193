package org.konnect.curl;

import org.konnect.curl.jni.LibcurlConstants;

/**
 * A failed transfer: libcurl's {@code CURLcode}, its {@code CURLE_*} name, libcurl's message
 * (its error buffer, else {@code curl_easy_strerror}) and, when a hook or callback threw, that
 * exception as the cause. A transfer cancelled by the application (or ended by closing its
 * {@link Multi}) is reported as {@code CURLE_ABORTED_BY_CALLBACK} with {@link #isCancelled()}.
 */
public class CurlError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code CURLE_ABORTED_BY_CALLBACK}: a hook or callback threw, or the transfer was cancelled. */
    public static final int CURLE_ABORTED_BY_CALLBACK = LibcurlConstants.CURLE_ABORTED_BY_CALLBACK;

    /** libcurl's {@code CURLcode}. */
    private final int code;
    /** libcurl's message (or the engine's description), without the code prefix. */
    private final String detail;
    /** Whether the application ended the transfer. */
    private final boolean cancelled;

    /**
     * A failure with libcurl's code and message, and the Java cause if a hook or callback threw.
     * The exception message is {@code CURLE_<NAME> (<code>): <detail>}.
     *
     * @param code libcurl's {@code CURLcode}
     * @param detail libcurl's message (or the engine's description of the failure)
     * @param cause the exception a hook or callback threw, or {@code null}
     */
    public CurlError(int code, String detail, Throwable cause) {
        this(code, detail, cause, false);
    }

    private CurlError(int code, String detail, Throwable cause, boolean cancelled) {
        super(nameOf(code) + " (" + code + "): " + detail, cause);
        this.code = code;
        this.detail = detail;
        this.cancelled = cancelled;
    }

    /**
     * A failure for {@code code} with libcurl's own description of it.
     *
     * @param code libcurl's {@code CURLcode}
     * @return a new error whose detail is {@code curl_easy_strerror(code)}, without a cause
     */
    public static CurlError of(int code) {
        return new CurlError(code, Native.easyStrerror(code), null);
    }

    /**
     * The transfer was ended by the application, for the reason given.
     *
     * @param reason why the transfer was ended, used as the detail
     * @return a new {@code CURLE_ABORTED_BY_CALLBACK} error for which {@link #isCancelled()} is {@code true}
     */
    public static CurlError cancelled(String reason) {
        return new CurlError(CURLE_ABORTED_BY_CALLBACK, reason, null, true);
    }

    /**
     * libcurl's {@code CURLcode} value.
     *
     * @return the numeric code, e.g. 7 for {@code CURLE_COULDNT_CONNECT}
     */
    public int code() {
        return code;
    }

    /**
     * The {@code CURLE_*} name of {@link #code()}, e.g. {@code CURLE_COULDNT_CONNECT}.
     *
     * @return the name, as {@link #nameOf(int)} gives it
     */
    public String codeName() {
        return nameOf(code);
    }

    /**
     * libcurl's message without the code prefix.
     *
     * @return the detail given when this error was created
     */
    public String detail() {
        return detail;
    }

    /**
     * Whether the application ended this transfer ({@link Multi#cancel}, {@link Multi#close}).
     *
     * @return {@code true} for an error made by {@link #cancelled(String)}, {@code false} for a failure
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * The {@code CURLE_*} name of a {@code CURLcode}, as the libcurl headers Konnect was built
     * against define it; {@code CURLE_UNKNOWN_<n>} for a code they do not (one a newer libcurl
     * added: its {@link #detail()} is still libcurl's own message).
     *
     * @param code libcurl's {@code CURLcode}
     * @return the name, e.g. {@code CURLE_OPERATION_TIMEDOUT} for 28
     */
    public static String nameOf(int code) {
        String name = LibcurlConstants.curleName(code);
        return name != null ? name : "CURLE_UNKNOWN_" + code;
    }
}
