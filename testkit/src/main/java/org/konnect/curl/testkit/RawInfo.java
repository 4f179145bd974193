package org.konnect.curl.testkit;

import java.time.Duration;
import java.util.List;
import org.konnect.curl.CurlConstant;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * libcurl's raw form of an info value, as a {@link org.konnect.curl.GetInfoHandle} expects it from
 * its source: the type follows the info's type bits ({@code Long} for long, off_t and socket infos,
 * {@code Double}, {@code String}, a {@code List}). Scripts give values in the typed form that
 * {@code getinfo} returns; this turns them back.
 */
final class RawInfo {
    private RawInfo() {}

    private static int typeOf(CurlInfo<?> info) {
        return info.id() & LibcurlConstants.CURLINFO_TYPEMASK;
    }

    /** Whether the info is a time in microseconds ({@code *_TIME_T}) rather than another off_t. */
    private static boolean isMicros(CurlInfo<?> info) {
        return info.name().endsWith("_TIME_T");
    }

    /**
     * {@code value}, typed as {@code getinfo} returns it (or already raw), in libcurl's raw form.
     *
     * @throws IllegalArgumentException naming the info and the types it takes, for a value of another type
     */
    static Object of(CurlInfo<?> info, Object value) {
        if (value == null) return null;
        switch (typeOf(info)) {
            case LibcurlConstants.CURLINFO_LONG:
            case LibcurlConstants.CURLINFO_SOCKET:
                if (value instanceof Integer || value instanceof Long) return ((Number) value).longValue();
                if (value instanceof CurlConstant) return ((CurlConstant) value).value();
                if (value instanceof Boolean) return (Boolean) value ? 1L : 0L;
                break;
            case LibcurlConstants.CURLINFO_OFF_T:
                if (value instanceof Integer || value instanceof Long) return ((Number) value).longValue();
                if (value instanceof Duration && isMicros(info)) return micros((Duration) value);
                break;
            case LibcurlConstants.CURLINFO_DOUBLE:
                if (value instanceof Duration) return seconds((Duration) value);
                if (value instanceof Number) return ((Number) value).doubleValue();
                break;
            case LibcurlConstants.CURLINFO_STRING:
                if (value instanceof String) return value;
                break;
            case LibcurlConstants.CURLINFO_SLIST:
                if (value instanceof List) return List.copyOf((List<?>) value);
                break;
            default:
                break;
        }
        throw new IllegalArgumentException(info + " cannot be scripted with " + value.getClass().getName() + " " + value
                + "; it takes " + accepted(info));
    }

    /** What libcurl answers for an info it has no value for: 0 for numbers, no string or list. */
    static Object zero(CurlInfo<?> info) {
        switch (typeOf(info)) {
            case LibcurlConstants.CURLINFO_LONG:
            case LibcurlConstants.CURLINFO_SOCKET:
            case LibcurlConstants.CURLINFO_OFF_T:
                return 0L;
            case LibcurlConstants.CURLINFO_DOUBLE:
                return 0.0;
            default:
                return null;
        }
    }

    /** A time in the raw form of {@code info}: microseconds for {@code *_TIME_T}, seconds for {@code *_TIME}. */
    static Object time(CurlInfo<?> info, Duration d) {
        return typeOf(info) == LibcurlConstants.CURLINFO_DOUBLE ? (Object) seconds(d) : (Object) micros(d);
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String accepted(CurlInfo<?> info) {
        switch (typeOf(info)) {
            case LibcurlConstants.CURLINFO_LONG:
            case LibcurlConstants.CURLINFO_SOCKET:
                return "an Integer, a Long, a Boolean or a CurlConstant such as HttpVersion";
            case LibcurlConstants.CURLINFO_OFF_T:
                return isMicros(info) ? "a Duration, an Integer or a Long (microseconds)" : "an Integer or a Long";
            case LibcurlConstants.CURLINFO_DOUBLE:
                return "a Duration or a Number";
            case LibcurlConstants.CURLINFO_STRING:
                return "a String";
            case LibcurlConstants.CURLINFO_SLIST:
                return "a List";
            default:
                return "nothing: libcurl defines no such type bits";
        }
    }
}
