package org.konnect.curl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * Reads libcurl's transfer info ({@code curl_easy_getinfo}) during
 * {@link RequestProtocol#completed}; afterwards every call throws {@link IllegalStateException}.
 * A handle made by {@link UnboundHandles} reads a test kit's values instead of libcurl's.
 */
public final class GetInfoHandle {
    /** {@code CURLINFO_PRIVATE}: typed as a string by libcurl, but it holds the engine's handle pointer. */
    private static final int PRIVATE = LibcurlConstants.CURLINFO_PRIVATE;

    private final Multi multi;
    private final long easy;
    // Out-parameters of the natives: the multi's, shared by its handles (one thread uses them).
    private final long[] longOut;
    private final double[] doubleOut;
    private final Object[] objectOut;
    /** For an {@link UnboundHandles unbound} handle (multi null): what answers, and the one thread that may ask. */
    private final UnboundHandles.InfoSource source;
    private final Thread completingThread;
    private boolean valid = true;

    GetInfoHandle(Multi multi, long easy) {
        this.multi = multi;
        this.easy = easy;
        this.longOut = multi.getinfoLongs;
        this.doubleOut = multi.getinfoDoubles;
        this.objectOut = multi.getinfoObjects;
        this.source = null;
        this.completingThread = null;
    }

    /** An unbound handle ({@link UnboundHandles#complete}): checks as a bound one does, then asks {@code source}. */
    GetInfoHandle(UnboundHandles.InfoSource source) {
        this.multi = null;
        this.easy = 0;
        this.longOut = null;
        this.doubleOut = null;
        this.objectOut = null;
        this.source = source;
        this.completingThread = Thread.currentThread();
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
        if (multi != null) {
            multi.checkOwnerThread("GetInfoHandle.getinfo");
        } else if (Thread.currentThread() != completingThread) {
            throw new IllegalStateException("GetInfoHandle.getinfo: an unbound GetInfoHandle is confined to the thread running"
                    + " completed, " + completingThread.getName() + ", but was called from " + Thread.currentThread().getName());
        }
        int id = info.id();
        if (id == PRIVATE) {
            throw new IllegalArgumentException(info + " is Konnect's own native pointer, not readable from Java");
        }
        if (source != null) return source.getinfoRaw(info);
        Object value;
        switch (id & LibcurlConstants.CURLINFO_TYPEMASK) {
            case LibcurlConstants.CURLINFO_LONG:
            case LibcurlConstants.CURLINFO_SOCKET:
            case LibcurlConstants.CURLINFO_OFF_T:
                Native.easyGetinfoLong(easy, info, longOut);
                return longOut[0];
            case LibcurlConstants.CURLINFO_DOUBLE:
                Native.easyGetinfoDouble(easy, info, doubleOut);
                return doubleOut[0];
            case LibcurlConstants.CURLINFO_STRING:
                Native.easyGetinfoString(easy, info, objectOut);
                value = objectOut[0] == null ? null : new String((byte[]) objectOut[0], StandardCharsets.UTF_8);
                break;
            case LibcurlConstants.CURLINFO_SLIST:
                if (id == LibcurlConstants.CURLINFO_CERTINFO) {
                    Native.easyGetinfoCertinfo(easy, info, objectOut);
                    value = certificates((byte[][][]) objectOut[0]);
                } else {
                    Native.easyGetinfoSlist(easy, info, objectOut);
                    value = strings((byte[][]) objectOut[0]);
                }
                break;
            default:
                throw new IllegalArgumentException(info + " (id 0x" + Integer.toHexString(id) + ") has type bits"
                        + " libcurl " + Curl.version() + " does not define; it is not readable from Java");
        }
        objectOut[0] = null;
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
