package org.konnect.curl;

import java.nio.ByteBuffer;
import org.konnect.curl.jni.LibcurlConstants;
import org.konnect.curl.jni.NativeLibrary;

/**
 * The JNI boundary: the natives over libcurl, private and registered from one table by the
 * native layer's {@code JNI_OnLoad}, and beside each a checked wrapper that decodes its result
 * with {@link NativeErrors}. Pointers are {@code long}s; callers guarantee they are live and
 * that every call but {@link #eventfdWrite} and {@link #liveObjects} comes from the multi's
 * owner thread.
 */
final class Native {
    static {
        NativeLibrary.load(System::load);
    }

    private Native() {}

    /** Loads the library (once); throws {@link UnsatisfiedLinkError} with the reason otherwise. */
    static void ensureLoaded() {
        // the static initializer did the work
    }

    // ---- the library ------------------------------------------------------------------------

    static String version() {
        return version0();
    }

    static int headersVersionNum() {
        return headersVersionNum0();
    }

    /** {@code {int[] {version_num, features, age}, ssl_version, protocols...}}. */
    static Object[] versionInfo() {
        return versionInfo0();
    }

    /** {@code {String[] names, int[] ids, int[] types, int[] flags}}, aliases included. */
    static Object[] optionTable() {
        return optionTable0();
    }

    static long liveObjects() {
        return liveObjects0();
    }

    static String errnoMessage(int errno) {
        return errnoMessage0(errno);
    }

    static String easyStrerror(int code) {
        return easyStrerror0(code);
    }

    static String multiStrerror(int code) {
        return multiStrerror0(code);
    }

    // ---- the multi handle -------------------------------------------------------------------

    static long multiOpen(CallbackRouter router, ByteBuffer done, int doneCapacity) {
        return NativeErrors.check("opening the multi handle (curl_multi_init, epoll, eventfd)",
                multiOpen0(router, done, doneCapacity));
    }

    static int multiEventFd(long multi) {
        return multiEventFd0(multi);
    }

    static void eventfdWrite(int fd) {
        NativeErrors.check("eventfd write", eventfdWrite0(fd));
    }

    static void multiSetopt(long multi, String name, int option, long value) {
        int rc = multiSetoptLong0(multi, option, value);
        if (rc < 0) throw NativeErrors.multiSetoptFailure(name, value, rc);
    }

    static void multiAdd(long multi, long easy) {
        NativeErrors.check("curl_multi_add_handle", multiAdd0(multi, easy));
    }

    static void multiRemove(long multi, long easy) {
        NativeErrors.check("curl_multi_remove_handle", multiRemove0(multi, easy));
    }

    /** One loop iteration; returns how many done pairs it wrote. */
    static int multiPerform(long multi, int timeoutMillis) {
        return NativeErrors.check("curl_multi_socket_action", multiPerform0(multi, timeoutMillis));
    }

    static void multiClose(long multi) {
        multiClose0(multi);
    }

    // ---- easy handles -----------------------------------------------------------------------

    static long easyCreate(long multi, int slot) {
        return NativeErrors.check("creating an easy handle (curl_easy_init)", easyCreate0(multi, slot));
    }

    static void easyReset(long easy) {
        NativeErrors.check("curl_easy_reset", easyReset0(easy));
    }

    static void easyCleanup(long easy) {
        easyCleanup0(easy);
    }

    // curl_easy_setopt by the option's kind; `value` names the caller's value in a failure message.

    static void easySetLong(long easy, CurlOpt option, long value, Object original) {
        checkSetopt(option, original, easySetLong0(easy, option.id(), value));
    }

    static void easySetOffT(long easy, CurlOpt option, long value, Object original) {
        checkSetopt(option, original, easySetOffT0(easy, option.id(), value));
    }

    /** {@code nulTerminated}: UTF-8 with a trailing NUL; libcurl copies it. */
    static void easySetString(long easy, CurlOpt option, byte[] nulTerminated, Object original) {
        checkSetopt(option, original, easySetString0(easy, option.id(), nulTerminated));
    }

    /** Each item NUL-terminated; the native layer keeps the list until the handle is reset. */
    static void easySetSlist(long easy, CurlOpt option, byte[][] nulTerminatedItems, Object original) {
        checkSetopt(option, original, easySetSlist0(easy, option.id(), nulTerminatedItems));
    }

    static void easySetBlob(long easy, CurlOpt option, byte[] data, Object original) {
        checkSetopt(option, original, easySetBlob0(easy, option.id(), data));
    }

    /** POSTFIELDS-like data: kept by the native layer, with its size set first. */
    static void easySetPostFields(long easy, CurlOpt option, byte[] data, Object original) {
        checkSetopt(option, original, easySetPostFields0(easy, option.id(), data));
    }

    /** {@code parts}: {@link Mime#encode()}; the native layer builds and keeps the curl_mime until the handle is reset. */
    static void easySetMime(long easy, CurlOpt option, byte[][][] parts, Object original) {
        checkSetopt(option, original, easySetMime0(easy, option.id(), parts));
    }

    /** {@code km_set_callback}'s modes: a trampoline that hands over views of copies, or one whose chunks are kept. */
    private static final int CALLBACK_VIEWING = 1;
    private static final int CALLBACK_KEEPING = 2;

    /**
     * Points the callback option at the native trampoline that upcalls {@link CallbackRouter}:
     * {@link CallbackRouter#onChunk} for a {@link ChunkCallback}, {@link CallbackRouter#onData} otherwise.
     */
    static void easySetCallback(long easy, CurlOpt option, Object callback) {
        boolean keeping = callback instanceof ChunkCallback && option.id() == LibcurlConstants.CURLOPT_WRITEFUNCTION;
        int mode = keeping ? CALLBACK_KEEPING : CALLBACK_VIEWING;
        checkSetopt(option, callback, easySetCallback0(easy, option.id(), mode));
    }

    static void easyPause(long easy, int bitmask) {
        NativeErrors.check("curl_easy_pause", easyPause0(easy, bitmask));
    }

    /** libcurl's error buffer for the handle's last failure, or null when it is empty. */
    static byte[] easyErrorBuffer(long easy) {
        return easyErrorBuffer0(easy);
    }

    /** The exception a callback of the handle left, once; null when none did. */
    static Throwable easyTakeException(long easy) {
        return easyTakeException0(easy);
    }

    static void easyGetinfoLong(long easy, CurlInfo<?> info, long[] out) {
        checkGetinfo(info, easyGetinfoLong0(easy, info.id(), out));
    }

    static void easyGetinfoDouble(long easy, CurlInfo<?> info, double[] out) {
        checkGetinfo(info, easyGetinfoDouble0(easy, info.id(), out));
    }

    static void easyGetinfoString(long easy, CurlInfo<?> info, Object[] out) {
        checkGetinfo(info, easyGetinfoString0(easy, info.id(), out));
    }

    static void easyGetinfoSlist(long easy, CurlInfo<?> info, Object[] out) {
        checkGetinfo(info, easyGetinfoSlist0(easy, info.id(), out));
    }

    static void easyGetinfoCertinfo(long easy, CurlInfo<?> info, Object[] out) {
        checkGetinfo(info, easyGetinfoCertinfo0(easy, out));
    }

    /** Whether the loaded libcurl has {@code curl_easy_header} (7.83 and later, unless built without it). */
    static boolean headerApi() {
        return HEADER_API;
    }

    private static final boolean HEADER_API = headerApi0();

    /**
     * {@code curl_easy_header} for the last request's response headers: the value of the header
     * named {@code nulTerminatedName}, every instance joined with {@code ", "}, or null when the
     * response has none. Callable from inside callbacks.
     */
    static byte[] easyHeader(long easy, byte[] nulTerminatedName) {
        Object[] out = new Object[1];
        NativeErrors.check("curl_easy_header", easyHeader0(easy, nulTerminatedName, out));
        return (byte[]) out[0];
    }

    // ---- WebSockets (ws.c) ----------------------------------------------------------------------

    /** Whether the loaded libcurl has {@code curl_ws_recv} and {@code curl_ws_send}. */
    static boolean wsApi() {
        return wsApi0();
    }

    /** CONNECT_ONLY 2 and CURLWS_NOAUTOPONG; the handle stays in the multi after its handshake. */
    static void wsPrepare(long easy) {
        NativeErrors.check("making a WebSocket transfer (CONNECT_ONLY, WS_OPTIONS)", wsPrepare0(easy));
    }

    /** The multi's WebSocket payload buffers, direct and alive as long as the multi. */
    static void wsBuffers(long multi, ByteBuffer recv, ByteBuffer send) {
        NativeErrors.check("the WebSocket buffers", wsBuffers0(multi, recv, send));
    }

    static void wsOpen(long easy) {
        NativeErrors.check("curl_easy_getinfo(CURLINFO_ACTIVESOCKET)", wsOpen0(easy));
    }

    /** Registers the socket for KM_WS_READABLE / KM_WS_WRITABLE, or deregisters it (0). */
    static void wsWatch(long easy, int wanted) {
        NativeErrors.check("epoll_ctl for a WebSocket", wsWatch0(easy, wanted));
    }

    /**
     * {@code curl_ws_recv} into the receive buffer: the bytes received, with the frame's kind, offset
     * and bytes left in {@code meta}; -1 for {@code CURLE_AGAIN}.
     *
     * @throws CurlError when the connection ended or a frame was bad
     */
    static int wsRecv(long easy, long[] meta) {
        int rc = wsRecv0(easy, meta);
        if (rc < 0 && NativeErrors.curlCode(rc) == LibcurlConstants.CURLE_AGAIN) return -1;
        return NativeErrors.check("curl_ws_recv", rc);
    }

    /**
     * {@code curl_ws_send} of the send buffer's first {@code len} bytes: 0, or {@code CURLE_AGAIN};
     * {@code out[0]} the payload bytes libcurl took either way.
     *
     * @throws CurlError for any other answer
     */
    static int wsSend(long easy, int len, long fragsize, int flags, long[] out) {
        int rc = wsSend0(easy, len, fragsize, flags, out);
        if (rc < 0 && NativeErrors.curlCode(rc) == LibcurlConstants.CURLE_AGAIN) return LibcurlConstants.CURLE_AGAIN;
        return NativeErrors.check("curl_ws_send", rc);
    }

    // ---- share handles (share.c) --------------------------------------------------------------

    /** A new share with its lock callbacks set, sharing nothing yet. */
    static long shareOpen() {
        return NativeErrors.check("opening a share handle (curl_share_init)", shareOpen0());
    }

    /** {@code CURLSHOPT_SHARE}: an {@link IllegalArgumentException} for a kind this libcurl lacks. */
    static void shareAdd(long share, Share.Data data) {
        int rc = shareAdd0(share, data.lockData);
        if (rc < 0) throw NativeErrors.shareAddFailure(data, rc);
    }

    /** {@code curl_share_cleanup}; the share stays (and this throws) while an easy handle uses it. */
    static void shareClose(long share) {
        NativeErrors.check("curl_share_cleanup", shareClose0(share));
    }

    /** {@code CURLOPT_SHARE} on a handle no multi runs; 0 detaches. */
    static void easySetShare(long easy, long share) {
        NativeErrors.check("curl_easy_setopt(CURLOPT_SHARE)", easySetShare0(easy, share));
    }

    static String shareStrerror(int code) {
        return shareStrerror0(code);
    }

    private static void checkSetopt(CurlOpt option, Object value, int rc) {
        if (rc < 0) throw NativeErrors.setoptFailure(option, value, rc);
    }

    private static void checkGetinfo(CurlInfo<?> info, int rc) {
        if (rc < 0) throw NativeErrors.getinfoFailure(info, rc);
    }

    // ---- the raw natives (boundary.h's convention) --------------------------------------------

    private static native String version0();
    private static native int headersVersionNum0();
    private static native Object[] versionInfo0();
    private static native Object[] optionTable0();
    private static native long liveObjects0();
    private static native String errnoMessage0(int errno);
    private static native String easyStrerror0(int code);
    private static native String multiStrerror0(int code);

    private static native long multiOpen0(CallbackRouter router, ByteBuffer doneBuffer, int doneCapacity);
    private static native int multiEventFd0(long multi);
    private static native int eventfdWrite0(int fd);
    private static native int multiSetoptLong0(long multi, int option, long value);
    private static native int multiAdd0(long multi, long easy);
    private static native int multiRemove0(long multi, long easy);
    private static native int multiPerform0(long multi, int timeoutMs);
    private static native void multiClose0(long multi);

    private static native long easyCreate0(long multi, int slot);
    private static native int easyReset0(long easy);
    private static native void easyCleanup0(long easy);
    private static native int easySetLong0(long easy, int option, long value);
    private static native int easySetOffT0(long easy, int option, long value);
    private static native int easySetString0(long easy, int option, byte[] nulTerminated);
    private static native int easySetSlist0(long easy, int option, byte[][] nulTerminatedItems);
    private static native int easySetBlob0(long easy, int option, byte[] data);
    private static native int easySetMime0(long easy, int option, byte[][][] parts);
    private static native int easySetPostFields0(long easy, int option, byte[] data);
    private static native int easySetCallback0(long easy, int function, int mode);
    private static native int easyPause0(long easy, int bitmask);
    private static native byte[] easyErrorBuffer0(long easy);
    private static native Throwable easyTakeException0(long easy);
    private static native int easyGetinfoLong0(long easy, int info, long[] out);
    private static native int easyGetinfoDouble0(long easy, int info, double[] out);
    private static native int easyGetinfoString0(long easy, int info, Object[] out);
    private static native int easyGetinfoSlist0(long easy, int info, Object[] out);
    private static native int easyGetinfoCertinfo0(long easy, Object[] out);

    private static native boolean headerApi0();
    private static native int easyHeader0(long easy, byte[] nulTerminatedName, Object[] out);

    private static native boolean wsApi0();
    private static native int wsPrepare0(long easy);
    private static native int wsBuffers0(long multi, ByteBuffer recv, ByteBuffer send);
    private static native int wsOpen0(long easy);
    private static native int wsWatch0(long easy, int wanted);
    private static native int wsRecv0(long easy, long[] meta);
    private static native int wsSend0(long easy, int len, long fragsize, int flags, long[] out);
    private static native long shareOpen0();
    private static native int shareAdd0(long share, int lockData);
    private static native int shareClose0(long share);
    private static native int easySetShare0(long easy, long share);
    private static native String shareStrerror0(int code);
}
