package org.konnect.curl;

import org.konnect.curl.jni.CurlNative;

/**
 * A failed transfer: libcurl's {@code CURLcode}, its {@code CURLE_*} name, libcurl's message
 * (its error buffer, else {@code curl_easy_strerror}) and, when a hook or callback threw, that
 * exception as the cause. A transfer cancelled by the application (or ended by closing its
 * {@link Multi}) is reported as {@code CURLE_ABORTED_BY_CALLBACK} with {@link #isCancelled()}.
 */
public class CurlError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** libcurl 7.88's {@code CURLcode} names, indexed by value. */
    private static final String[] NAMES = {
        "OK", "UNSUPPORTED_PROTOCOL", "FAILED_INIT", "URL_MALFORMAT", "NOT_BUILT_IN",
        "COULDNT_RESOLVE_PROXY", "COULDNT_RESOLVE_HOST", "COULDNT_CONNECT", "WEIRD_SERVER_REPLY",
        "REMOTE_ACCESS_DENIED", "FTP_ACCEPT_FAILED", "FTP_WEIRD_PASS_REPLY", "FTP_ACCEPT_TIMEOUT",
        "FTP_WEIRD_PASV_REPLY", "FTP_WEIRD_227_FORMAT", "FTP_CANT_GET_HOST", "HTTP2",
        "FTP_COULDNT_SET_TYPE", "PARTIAL_FILE", "FTP_COULDNT_RETR_FILE", "OBSOLETE20", "QUOTE_ERROR",
        "HTTP_RETURNED_ERROR", "WRITE_ERROR", "OBSOLETE24", "UPLOAD_FAILED", "READ_ERROR",
        "OUT_OF_MEMORY", "OPERATION_TIMEDOUT", "OBSOLETE29", "FTP_PORT_FAILED", "FTP_COULDNT_USE_REST",
        "OBSOLETE32", "RANGE_ERROR", "HTTP_POST_ERROR", "SSL_CONNECT_ERROR", "BAD_DOWNLOAD_RESUME",
        "FILE_COULDNT_READ_FILE", "LDAP_CANNOT_BIND", "LDAP_SEARCH_FAILED", "OBSOLETE40",
        "FUNCTION_NOT_FOUND", "ABORTED_BY_CALLBACK", "BAD_FUNCTION_ARGUMENT", "OBSOLETE44",
        "INTERFACE_FAILED", "OBSOLETE46", "TOO_MANY_REDIRECTS", "UNKNOWN_OPTION", "SETOPT_OPTION_SYNTAX",
        "OBSOLETE50", "OBSOLETE51", "GOT_NOTHING", "SSL_ENGINE_NOTFOUND", "SSL_ENGINE_SETFAILED",
        "SEND_ERROR", "RECV_ERROR", "OBSOLETE57", "SSL_CERTPROBLEM", "SSL_CIPHER",
        "PEER_FAILED_VERIFICATION", "BAD_CONTENT_ENCODING", "OBSOLETE62", "FILESIZE_EXCEEDED",
        "USE_SSL_FAILED", "SEND_FAIL_REWIND", "SSL_ENGINE_INITFAILED", "LOGIN_DENIED", "TFTP_NOTFOUND",
        "TFTP_PERM", "REMOTE_DISK_FULL", "TFTP_ILLEGAL", "TFTP_UNKNOWNID", "REMOTE_FILE_EXISTS",
        "TFTP_NOSUCHUSER", "OBSOLETE75", "OBSOLETE76", "SSL_CACERT_BADFILE", "REMOTE_FILE_NOT_FOUND",
        "SSH", "SSL_SHUTDOWN_FAILED", "AGAIN", "SSL_CRL_BADFILE", "SSL_ISSUER_ERROR", "FTP_PRET_FAILED",
        "RTSP_CSEQ_ERROR", "RTSP_SESSION_ERROR", "FTP_BAD_FILE_LIST", "CHUNK_FAILED",
        "NO_CONNECTION_AVAILABLE", "SSL_PINNEDPUBKEYNOTMATCH", "SSL_INVALIDCERTSTATUS", "HTTP2_STREAM",
        "RECURSIVE_API_CALL", "AUTH_ERROR", "HTTP3", "QUIC_CONNECT_ERROR", "PROXY", "SSL_CLIENTCERT",
        "UNRECOVERABLE_POLL",
    };

    /** {@code CURLE_ABORTED_BY_CALLBACK}: a hook or callback threw, or the transfer was cancelled. */
    public static final int CURLE_ABORTED_BY_CALLBACK = 42;

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
        return new CurlError(code, CurlNative.easyStrerror(code), null);
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
     * The {@code CURLE_*} name of a {@code CURLcode}; {@code CURLE_UNKNOWN_<n>} if libcurl 7.88 has none.
     *
     * @param code libcurl's {@code CURLcode}
     * @return the name, e.g. {@code CURLE_OPERATION_TIMEDOUT} for 28
     */
    public static String nameOf(int code) {
        return code >= 0 && code < NAMES.length ? "CURLE_" + NAMES[code] : "CURLE_UNKNOWN_" + code;
    }
}
