package org.konnect.curl.jni;

import java.nio.ByteBuffer;

/**
 * The native methods over libcurl, registered from one table when the library loads.
 * Pointers are passed as {@code long}; the engine guarantees they are live and that every
 * call but {@link #eventfdWrite} and {@link #liveObjects} comes from the multi's owner thread.
 * Results are libcurl's codes ({@code CURLcode}/{@code CURLMcode}), or for {@link #multiOpen}
 * and {@link #multiPerform} a negative errno or {@link #MULTI_ERROR_BASE}{@code - CURLMcode}.
 * Internal API: use {@code org.konnect.curl}.
 */
public final class CurlNative {
    /** Callback kinds for {@link #easySetCallback}. */
    public static final int CB_WRITE = 0, CB_READ = 1, CB_HEADER = 2, CB_XFERINFO = 3, CB_DEBUG = 4;
    /** Set in a done entry's code when a callback of that transfer left an exception (take it with {@link #easyTakeException}). */
    public static final int DONE_CALLBACK_THREW = 0x40000000;
    /** {@code KM_MULTI_ERROR_BASE}: results at or below it carry a {@code CURLMcode}. */
    public static final int MULTI_ERROR_BASE = -100000;

    static {
        NativeLibrary.load();
    }

    private CurlNative() {}

    /** Loads the library (once); throws {@link UnsatisfiedLinkError} with the reason otherwise. */
    public static void ensureLoaded() {
        // the static initializer did the work
    }

    public static native String errnoMessage(int errno);
    public static native long liveObjects();
    public static native String version();
    public static native Object[] versionInfo();
    public static native Object[] optionTable();

    public static native long multiOpen(NativeCallbacks callbacks, ByteBuffer doneBuffer, int doneCapacity);
    public static native int multiEventFd(long multi);
    public static native int eventfdWrite(int fd);
    public static native int multiSetoptLong(long multi, int option, long value);
    public static native int multiAdd(long multi, long easy);
    public static native int multiRemove(long multi, long easy);
    public static native int multiPerform(long multi, int timeoutMs);
    public static native void multiClose(long multi);
    public static native String multiStrerror(int code);

    public static native long easyCreate(long multi, int slot);
    public static native int easyReset(long easy);
    public static native void easyCleanup(long easy);
    public static native int easySetLong(long easy, int option, long value);
    public static native int easySetOffT(long easy, int option, long value);
    public static native int easySetString(long easy, int option, byte[] nulTerminated);
    public static native int easySetSlist(long easy, int option, byte[][] nulTerminatedItems);
    public static native int easySetBlob(long easy, int option, byte[] data);
    public static native int easySetPostFields(long easy, int option, byte[] data);
    public static native int easySetCallback(long easy, int kind, boolean enabled);
    public static native int easyPause(long easy, int bitmask);
    public static native byte[] easyErrorBuffer(long easy);
    public static native Throwable easyTakeException(long easy);
    public static native int easyGetinfoLong(long easy, int info, long[] out);
    public static native int easyGetinfoDouble(long easy, int info, double[] out);
    public static native int easyGetinfoString(long easy, int info, Object[] out);
    public static native int easyGetinfoSlist(long easy, int info, Object[] out);
    public static native int easyGetinfoCertinfo(long easy, Object[] out);
    public static native String easyStrerror(int code);
}
