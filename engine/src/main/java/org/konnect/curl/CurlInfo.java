package org.konnect.curl;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * A libcurl transfer info ({@code CURLINFO_*}) and its Java type. {@link GetInfoHandle#getinfo}
 * returns the converted value (e.g. a response code as {@code Integer}, a time as
 * {@link Duration}); {@link GetInfoHandle#getinfoRaw} returns libcurl's own value ({@code Long}
 * for long/off_t/socket infos, {@code Double}, {@code String}, {@code List<String>}).
 * Times are converted from libcurl's seconds ({@code double}) for the {@code *_TIME} infos and
 * from its microseconds ({@code curl_off_t}) for the {@code *_TIME_T} ones.
 *
 * @param <T> the converted type
 */
public final class CurlInfo<T> {

    /** {@code CURLINFO_EFFECTIVE_URL}: the last URL used (after any redirects followed), as String. */
    public static final CurlInfo<String> EFFECTIVE_URL = string("EFFECTIVE_URL", LibcurlConstants.CURLINFO_EFFECTIVE_URL);
    /** {@code CURLINFO_RESPONSE_CODE}: the last response code (0 if none was received), as Integer. */
    public static final CurlInfo<Integer> RESPONSE_CODE = integer("RESPONSE_CODE", LibcurlConstants.CURLINFO_RESPONSE_CODE);
    /** {@code CURLINFO_TOTAL_TIME}: the whole transfer's time, as Duration. */
    public static final CurlInfo<Duration> TOTAL_TIME = seconds("TOTAL_TIME", LibcurlConstants.CURLINFO_TOTAL_TIME);
    /** {@code CURLINFO_NAMELOOKUP_TIME}: the time until name resolution completed, as Duration. */
    public static final CurlInfo<Duration> NAMELOOKUP_TIME = seconds("NAMELOOKUP_TIME", LibcurlConstants.CURLINFO_NAMELOOKUP_TIME);
    /** {@code CURLINFO_CONNECT_TIME}: the time until the host or proxy was connected, as Duration. */
    public static final CurlInfo<Duration> CONNECT_TIME = seconds("CONNECT_TIME", LibcurlConstants.CURLINFO_CONNECT_TIME);
    /** {@code CURLINFO_SIZE_UPLOAD_T}: the number of bytes uploaded, as Long. */
    public static final CurlInfo<Long> SIZE_UPLOAD_T = number("SIZE_UPLOAD_T", LibcurlConstants.CURLINFO_SIZE_UPLOAD_T);
    /** {@code CURLINFO_SIZE_DOWNLOAD_T}: the number of body bytes downloaded, as Long. */
    public static final CurlInfo<Long> SIZE_DOWNLOAD_T = number("SIZE_DOWNLOAD_T", LibcurlConstants.CURLINFO_SIZE_DOWNLOAD_T);
    /** {@code CURLINFO_SPEED_DOWNLOAD_T}: the average download speed in bytes per second, as Long. */
    public static final CurlInfo<Long> SPEED_DOWNLOAD_T = number("SPEED_DOWNLOAD_T", LibcurlConstants.CURLINFO_SPEED_DOWNLOAD_T);
    /** {@code CURLINFO_SPEED_UPLOAD_T}: the average upload speed in bytes per second, as Long. */
    public static final CurlInfo<Long> SPEED_UPLOAD_T = number("SPEED_UPLOAD_T", LibcurlConstants.CURLINFO_SPEED_UPLOAD_T);
    /** {@code CURLINFO_HEADER_SIZE}: the total size of all received headers in bytes, as Long. */
    public static final CurlInfo<Long> HEADER_SIZE = number("HEADER_SIZE", LibcurlConstants.CURLINFO_HEADER_SIZE);
    /** {@code CURLINFO_REQUEST_SIZE}: the total size of the requests sent in bytes, as Long. */
    public static final CurlInfo<Long> REQUEST_SIZE = number("REQUEST_SIZE", LibcurlConstants.CURLINFO_REQUEST_SIZE);
    /** {@code CURLINFO_SSL_VERIFYRESULT}: the result of the peer certificate verification (0 on success), as Long. */
    public static final CurlInfo<Long> SSL_VERIFYRESULT = number("SSL_VERIFYRESULT", LibcurlConstants.CURLINFO_SSL_VERIFYRESULT);
    /** {@code CURLINFO_CONTENT_LENGTH_DOWNLOAD_T}: the download's announced {@code Content-Length} (-1 if unknown), as Long. */
    public static final CurlInfo<Long> CONTENT_LENGTH_DOWNLOAD_T = number("CONTENT_LENGTH_DOWNLOAD_T",
            LibcurlConstants.CURLINFO_CONTENT_LENGTH_DOWNLOAD_T);
    /** {@code CURLINFO_CONTENT_LENGTH_UPLOAD_T}: the upload's specified size (-1 if unknown), as Long. */
    public static final CurlInfo<Long> CONTENT_LENGTH_UPLOAD_T = number("CONTENT_LENGTH_UPLOAD_T",
            LibcurlConstants.CURLINFO_CONTENT_LENGTH_UPLOAD_T);
    /** {@code CURLINFO_CONTENT_TYPE}: the response's {@code Content-Type}, as String ({@code null} if none). */
    public static final CurlInfo<String> CONTENT_TYPE = string("CONTENT_TYPE", LibcurlConstants.CURLINFO_CONTENT_TYPE);
    /** {@code CURLINFO_REDIRECT_COUNT}: the number of redirects followed, as Integer. */
    public static final CurlInfo<Integer> REDIRECT_COUNT = integer("REDIRECT_COUNT", LibcurlConstants.CURLINFO_REDIRECT_COUNT);
    /** {@code CURLINFO_OS_ERRNO}: the {@code errno} of the last failed connect, as Long. */
    public static final CurlInfo<Long> OS_ERRNO = number("OS_ERRNO", LibcurlConstants.CURLINFO_OS_ERRNO);
    /** {@code CURLINFO_NUM_CONNECTS}: new connections this transfer made (0 when it reused one), as Integer. */
    public static final CurlInfo<Integer> NUM_CONNECTS = integer("NUM_CONNECTS", LibcurlConstants.CURLINFO_NUM_CONNECTS);
    /** {@code CURLINFO_COOKIELIST}: every cookie libcurl knows, one Netscape-format line each, as {@code List<String>}. */
    public static final CurlInfo<List<String>> COOKIELIST = list("COOKIELIST", LibcurlConstants.CURLINFO_COOKIELIST);
    /** {@code CURLINFO_REDIRECT_URL}: the URL a redirect would lead to ({@link CurlOpt#FOLLOWLOCATION} off), as String. */
    public static final CurlInfo<String> REDIRECT_URL = string("REDIRECT_URL", LibcurlConstants.CURLINFO_REDIRECT_URL);
    /** {@code CURLINFO_PRIMARY_IP}: the remote IP address of the most recent connection, as String. */
    public static final CurlInfo<String> PRIMARY_IP = string("PRIMARY_IP", LibcurlConstants.CURLINFO_PRIMARY_IP);
    /** {@code CURLINFO_APPCONNECT_TIME}: the time until the TLS/SSH handshake completed, as Duration. */
    public static final CurlInfo<Duration> APPCONNECT_TIME = seconds("APPCONNECT_TIME", LibcurlConstants.CURLINFO_APPCONNECT_TIME);
    /**
     * {@code CURLINFO_CERTINFO}: the peer's certificate chain (needs {@link CurlOpt#CERTINFO} set): per certificate,
     * its "name:value" lines, as {@code List<List<String>>}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final CurlInfo<List<List<String>>> CERTINFO =
            new CurlInfo<>("CERTINFO", LibcurlConstants.CURLINFO_CERTINFO, raw -> (List<List<String>>) (List) raw);
    /** {@code CURLINFO_PRIMARY_PORT}: the remote port of the most recent connection, as Integer. */
    public static final CurlInfo<Integer> PRIMARY_PORT = integer("PRIMARY_PORT", LibcurlConstants.CURLINFO_PRIMARY_PORT);
    /** {@code CURLINFO_LOCAL_IP}: the local IP address of the most recent connection, as String. */
    public static final CurlInfo<String> LOCAL_IP = string("LOCAL_IP", LibcurlConstants.CURLINFO_LOCAL_IP);
    /** {@code CURLINFO_LOCAL_PORT}: the local port of the most recent connection, as Integer. */
    public static final CurlInfo<Integer> LOCAL_PORT = integer("LOCAL_PORT", LibcurlConstants.CURLINFO_LOCAL_PORT);
    /** {@code CURLINFO_HTTP_VERSION}: the HTTP version of the last connection, as {@link HttpVersion} ({@code NONE} if unknown). */
    public static final CurlInfo<HttpVersion> HTTP_VERSION =
            new CurlInfo<>("HTTP_VERSION", LibcurlConstants.CURLINFO_HTTP_VERSION, raw -> HttpVersion.of((Long) raw));
    /**
     * {@code CURLINFO_SCHEME}: the URL scheme of the most recent connection, as String in lower case
     * (e.g. {@code https}) on every libcurl version: libcurl 7.x reports it in upper case, 8.x in lower.
     */
    public static final CurlInfo<String> SCHEME =
            new CurlInfo<>("SCHEME", LibcurlConstants.CURLINFO_SCHEME, raw -> ((String) raw).toLowerCase(java.util.Locale.ROOT));
    /** {@code CURLINFO_TOTAL_TIME_T}: the whole transfer's time, as Duration. */
    public static final CurlInfo<Duration> TOTAL_TIME_T = micros("TOTAL_TIME_T", LibcurlConstants.CURLINFO_TOTAL_TIME_T);
    /** {@code CURLINFO_NAMELOOKUP_TIME_T}: the time until name resolution completed, as Duration. */
    public static final CurlInfo<Duration> NAMELOOKUP_TIME_T = micros("NAMELOOKUP_TIME_T", LibcurlConstants.CURLINFO_NAMELOOKUP_TIME_T);
    /** {@code CURLINFO_CONNECT_TIME_T}: the time until the host or proxy was connected, as Duration. */
    public static final CurlInfo<Duration> CONNECT_TIME_T = micros("CONNECT_TIME_T", LibcurlConstants.CURLINFO_CONNECT_TIME_T);
    /** {@code CURLINFO_PRETRANSFER_TIME_T}: the time until the transfer was about to begin, as Duration. */
    public static final CurlInfo<Duration> PRETRANSFER_TIME_T = micros("PRETRANSFER_TIME_T", LibcurlConstants.CURLINFO_PRETRANSFER_TIME_T);
    /** {@code CURLINFO_STARTTRANSFER_TIME_T}: the time until the first byte was received, as Duration. */
    public static final CurlInfo<Duration> STARTTRANSFER_TIME_T = micros("STARTTRANSFER_TIME_T",
            LibcurlConstants.CURLINFO_STARTTRANSFER_TIME_T);
    /** {@code CURLINFO_REDIRECT_TIME_T}: the time all redirect steps took, as Duration. */
    public static final CurlInfo<Duration> REDIRECT_TIME_T = micros("REDIRECT_TIME_T", LibcurlConstants.CURLINFO_REDIRECT_TIME_T);
    /** {@code CURLINFO_APPCONNECT_TIME_T}: the time until the TLS/SSH handshake completed, as Duration. */
    public static final CurlInfo<Duration> APPCONNECT_TIME_T = micros("APPCONNECT_TIME_T", LibcurlConstants.CURLINFO_APPCONNECT_TIME_T);
    /** {@code CURLINFO_EFFECTIVE_METHOD}: the last request method used, e.g. {@code GET}, as String. */
    public static final CurlInfo<String> EFFECTIVE_METHOD = string("EFFECTIVE_METHOD", LibcurlConstants.CURLINFO_EFFECTIVE_METHOD);

    private final String name;
    private final int id;
    private final Function<Object, T> convert;

    private CurlInfo(String name, int id, Function<Object, T> convert) {
        this.name = name;
        this.id = id;
        this.convert = convert;
    }

    /**
     * An info this class has no constant for, by libcurl's name and numeric id (type bits
     * included); its value is libcurl's raw one.
     *
     * @param name libcurl's name without the {@code CURLINFO_} prefix, used in messages
     * @param id the {@code CURLINFO} value, e.g. {@code 0x200000 + 2} ({@code CURLINFO_LONG + 2})
     *        for {@code CURLINFO_RESPONSE_CODE}; the type bits decide how it is read
     * @return an info whose converted value is the raw one ({@code Long}, {@code Double},
     *         {@code String} or {@code List<String>})
     * @throws NullPointerException if {@code name} is {@code null}
     */
    public static CurlInfo<Object> of(String name, int id) {
        Objects.requireNonNull(name, "info name");
        return new CurlInfo<>(name, id, raw -> raw);
    }

    private static CurlInfo<String> string(String name, int id) {
        return new CurlInfo<>(name, id, raw -> (String) raw);
    }

    private static CurlInfo<Long> number(String name, int id) {
        return new CurlInfo<>(name, id, raw -> (Long) raw);
    }

    private static CurlInfo<Integer> integer(String name, int id) {
        return new CurlInfo<>(name, id, raw -> ((Long) raw).intValue());
    }

    private static CurlInfo<Duration> seconds(String name, int id) {
        return new CurlInfo<>(name, id, raw -> Duration.ofNanos(Math.round((Double) raw * 1e9)));
    }

    private static CurlInfo<Duration> micros(String name, int id) {
        return new CurlInfo<>(name, id, raw -> Duration.ofNanos((Long) raw * 1000));
    }

    @SuppressWarnings("unchecked")
    private static CurlInfo<List<String>> list(String name, int id) {
        return new CurlInfo<>(name, id, raw -> (List<String>) raw);
    }

    /**
     * libcurl's name without the prefix, e.g. {@code RESPONSE_CODE}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * libcurl's numeric {@code CURLINFO} value, type bits included.
     *
     * @return the id passed to {@code curl_easy_getinfo}
     */
    public int id() {
        return id;
    }

    T convert(Object raw) {
        return raw == null ? null : convert.apply(raw);
    }

    /**
     * {@code CURLINFO_NAME}.
     *
     * @return libcurl's full name of the info, e.g. {@code CURLINFO_RESPONSE_CODE}
     */
    @Override
    public String toString() {
        return "CURLINFO_" + name;
    }
}
