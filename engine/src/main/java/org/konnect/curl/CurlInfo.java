package org.konnect.curl;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A libcurl transfer info ({@code CURLINFO_*}) and its Java type. {@link GetInfoHandle#getinfo}
 * returns the converted value (e.g. a response code as {@code Integer}, a time as
 * {@link Duration}); {@link GetInfoHandle#getinfoRaw} returns libcurl's own value ({@code Long}
 * for long/off_t/socket infos, {@code Double}, {@code String}, {@code List<String>}).
 *
 * @param <T> the converted type
 */
public final class CurlInfo<T> {
    // libcurl's CURLINFO type bits.
    static final int STRING = 0x100000, LONG = 0x200000, DOUBLE = 0x300000, SLIST = 0x400000, PTR = 0x400000,
            SOCKET = 0x500000, OFF_T = 0x600000, TYPEMASK = 0xf00000;
    static final int CERTINFO_ID = PTR + 34;

    public static final CurlInfo<String> EFFECTIVE_URL = string("EFFECTIVE_URL", STRING + 1);
    public static final CurlInfo<Integer> RESPONSE_CODE = integer("RESPONSE_CODE", LONG + 2);
    public static final CurlInfo<Duration> TOTAL_TIME = seconds("TOTAL_TIME", DOUBLE + 3);
    public static final CurlInfo<Duration> NAMELOOKUP_TIME = seconds("NAMELOOKUP_TIME", DOUBLE + 4);
    public static final CurlInfo<Duration> CONNECT_TIME = seconds("CONNECT_TIME", DOUBLE + 5);
    public static final CurlInfo<Long> SIZE_UPLOAD_T = number("SIZE_UPLOAD_T", OFF_T + 7);
    public static final CurlInfo<Long> SIZE_DOWNLOAD_T = number("SIZE_DOWNLOAD_T", OFF_T + 8);
    public static final CurlInfo<Long> SPEED_DOWNLOAD_T = number("SPEED_DOWNLOAD_T", OFF_T + 9);
    public static final CurlInfo<Long> SPEED_UPLOAD_T = number("SPEED_UPLOAD_T", OFF_T + 10);
    public static final CurlInfo<Long> HEADER_SIZE = number("HEADER_SIZE", LONG + 11);
    public static final CurlInfo<Long> REQUEST_SIZE = number("REQUEST_SIZE", LONG + 12);
    public static final CurlInfo<Long> SSL_VERIFYRESULT = number("SSL_VERIFYRESULT", LONG + 13);
    public static final CurlInfo<Long> CONTENT_LENGTH_DOWNLOAD_T = number("CONTENT_LENGTH_DOWNLOAD_T", OFF_T + 15);
    public static final CurlInfo<Long> CONTENT_LENGTH_UPLOAD_T = number("CONTENT_LENGTH_UPLOAD_T", OFF_T + 16);
    public static final CurlInfo<String> CONTENT_TYPE = string("CONTENT_TYPE", STRING + 18);
    public static final CurlInfo<Integer> REDIRECT_COUNT = integer("REDIRECT_COUNT", LONG + 20);
    public static final CurlInfo<Long> OS_ERRNO = number("OS_ERRNO", LONG + 25);
    /** New connections this transfer made: 0 when it reused one. */
    public static final CurlInfo<Integer> NUM_CONNECTS = integer("NUM_CONNECTS", LONG + 26);
    public static final CurlInfo<List<String>> COOKIELIST = list("COOKIELIST", SLIST + 28);
    public static final CurlInfo<String> REDIRECT_URL = string("REDIRECT_URL", STRING + 31);
    public static final CurlInfo<String> PRIMARY_IP = string("PRIMARY_IP", STRING + 32);
    public static final CurlInfo<Duration> APPCONNECT_TIME = seconds("APPCONNECT_TIME", DOUBLE + 33);
    /** The peer's certificate chain (needs {@link CurlOpt#CERTINFO} set): per certificate, its "name:value" lines. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final CurlInfo<List<List<String>>> CERTINFO =
            new CurlInfo<>("CERTINFO", CERTINFO_ID, raw -> (List<List<String>>) (List) raw);
    public static final CurlInfo<Integer> PRIMARY_PORT = integer("PRIMARY_PORT", LONG + 40);
    public static final CurlInfo<String> LOCAL_IP = string("LOCAL_IP", STRING + 41);
    public static final CurlInfo<Integer> LOCAL_PORT = integer("LOCAL_PORT", LONG + 42);
    public static final CurlInfo<HttpVersion> HTTP_VERSION =
            new CurlInfo<>("HTTP_VERSION", LONG + 46, raw -> HttpVersion.of((Long) raw));
    public static final CurlInfo<String> SCHEME = string("SCHEME", STRING + 49);
    public static final CurlInfo<Duration> TOTAL_TIME_T = micros("TOTAL_TIME_T", OFF_T + 50);
    public static final CurlInfo<Duration> NAMELOOKUP_TIME_T = micros("NAMELOOKUP_TIME_T", OFF_T + 51);
    public static final CurlInfo<Duration> CONNECT_TIME_T = micros("CONNECT_TIME_T", OFF_T + 52);
    public static final CurlInfo<Duration> PRETRANSFER_TIME_T = micros("PRETRANSFER_TIME_T", OFF_T + 53);
    public static final CurlInfo<Duration> STARTTRANSFER_TIME_T = micros("STARTTRANSFER_TIME_T", OFF_T + 54);
    public static final CurlInfo<Duration> REDIRECT_TIME_T = micros("REDIRECT_TIME_T", OFF_T + 55);
    public static final CurlInfo<Duration> APPCONNECT_TIME_T = micros("APPCONNECT_TIME_T", OFF_T + 56);
    public static final CurlInfo<String> EFFECTIVE_METHOD = string("EFFECTIVE_METHOD", STRING + 58);

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

    public String name() {
        return name;
    }

    public int id() {
        return id;
    }

    T convert(Object raw) {
        return raw == null ? null : convert.apply(raw);
    }

    /** {@code CURLINFO_NAME}. */
    @Override
    public String toString() {
        return "CURLINFO_" + name;
    }
}
