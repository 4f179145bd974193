package org.konnect.curl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.konnect.curl.jni.CurlNative;

/**
 * Reads libcurl's transfer info ({@code curl_easy_getinfo}) during
 * {@link RequestProtocol#completed}; afterwards every call throws {@link IllegalStateException}.
 */
public final class GetInfoHandle {
    private static final int CURLE_UNKNOWN_OPTION = 48, CURLE_BAD_FUNCTION_ARGUMENT = 43;
    /** {@code CURLINFO_PRIVATE}: typed as a string by libcurl, but it holds the engine's handle pointer. */
    private static final int PRIVATE = CurlInfo.STRING + 21;

    private final Multi multi;
    private final long easy;
    // Out-parameters of the natives: the multi's, shared by its handles (one thread uses them).
    private final long[] longOut;
    private final double[] doubleOut;
    private final Object[] objectOut;
    private boolean valid = true;

    GetInfoHandle(Multi multi, long easy) {
        this.multi = multi;
        this.easy = easy;
        this.longOut = multi.getinfoLongs;
        this.doubleOut = multi.getinfoDoubles;
        this.objectOut = multi.getinfoObjects;
    }

    void invalidate() {
        valid = false;
    }

    /**
     * The info converted to its Java type (see {@link CurlInfo}); {@code null} where libcurl has no value.
     *
     * @param <T> the info's Java type
     * @param info the info to read, e.g. {@link CurlInfo#RESPONSE_CODE}
     * @return the converted value, or {@code null} (e.g. a string info libcurl has not set)
     * @throws IllegalStateException after {@link RequestProtocol#completed} returned, or off the
     *         multi's owner thread
     * @throws IllegalArgumentException for an info libcurl does not know or Java cannot read
     * @throws CurlError when {@code curl_easy_getinfo} fails otherwise
     */
    public <T> T getinfo(CurlInfo<T> info) {
        return info.convert(getinfoRaw(info));
    }

    /**
     * libcurl's own value: {@code Long}, {@code Double}, {@code String}, {@code List<String>} or, for certinfo,
     * {@code List<List<String>>}. The type follows the info's type bits ({@code CURLINFO_LONG},
     * {@code CURLINFO_OFF_T} and {@code CURLINFO_SOCKET} all give {@code Long}).
     *
     * @param info the info to read
     * @return the raw value, or {@code null} where libcurl has none
     * @throws IllegalStateException after {@link RequestProtocol#completed} returned, or off the
     *         multi's owner thread
     * @throws IllegalArgumentException for an info libcurl does not know or Java cannot read
     * @throws CurlError when {@code curl_easy_getinfo} fails otherwise
     */
    public Object getinfoRaw(CurlInfo<?> info) {
        Objects.requireNonNull(info, "info");
        if (!valid) {
            throw new IllegalStateException("GetInfoHandle used after completed() returned (" + info + ")");
        }
        multi.checkOwnerThread("GetInfoHandle.getinfo");
        int id = info.id();
        if (id == PRIVATE) {
            throw new IllegalArgumentException(info + " is Konnect's own native pointer, not readable from Java");
        }
        int rc;
        Object value;
        switch (id & CurlInfo.TYPEMASK) {
            case CurlInfo.LONG:
            case CurlInfo.SOCKET:
            case CurlInfo.OFF_T:
                rc = CurlNative.easyGetinfoLong(easy, id, longOut);
                value = longOut[0];
                break;
            case CurlInfo.DOUBLE:
                rc = CurlNative.easyGetinfoDouble(easy, id, doubleOut);
                value = doubleOut[0];
                break;
            case CurlInfo.STRING:
                rc = CurlNative.easyGetinfoString(easy, id, objectOut);
                value = objectOut[0] == null ? null : new String((byte[]) objectOut[0], StandardCharsets.UTF_8);
                break;
            case CurlInfo.SLIST:
                rc = id == CurlInfo.CERTINFO_ID
                        ? CurlNative.easyGetinfoCertinfo(easy, objectOut)
                        : CurlNative.easyGetinfoSlist(easy, id, objectOut);
                value = id == CurlInfo.CERTINFO_ID ? certificates((byte[][][]) objectOut[0]) : strings((byte[][]) objectOut[0]);
                break;
            default:
                rc = CURLE_BAD_FUNCTION_ARGUMENT;
                value = null;
        }
        objectOut[0] = null;
        if (rc == CURLE_UNKNOWN_OPTION || rc == CURLE_BAD_FUNCTION_ARGUMENT) {
            throw new IllegalArgumentException(info + " (id 0x" + Integer.toHexString(id) + ") is not readable from Java"
                    + " or not known to libcurl " + Curl.version() + ": " + CurlError.nameOf(rc));
        }
        if (rc != 0) throw CurlError.of(rc);
        return value;
    }

    private static List<String> strings(byte[][] items) {
        if (items == null) return null;
        List<String> out = new ArrayList<>(items.length);
        for (byte[] item : items) out.add(new String(item, StandardCharsets.UTF_8));
        return List.copyOf(out);
    }

    private static List<List<String>> certificates(byte[][][] certs) {
        if (certs == null) return null;
        List<List<String>> out = new ArrayList<>(certs.length);
        for (byte[][] cert : certs) out.add(strings(cert));
        return List.copyOf(out);
    }
}
