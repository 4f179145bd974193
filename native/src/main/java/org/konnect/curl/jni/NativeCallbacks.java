package org.konnect.curl.jni;

import java.nio.ByteBuffer;

/**
 * The upcalls the native layer makes while libcurl runs a transfer; implemented once per
 * multi handle by the engine. {@code slot} names the transfer; {@code data} is a view of
 * libcurl's buffer valid during the call only, {@code length} bytes long from index 0.
 * Return values are libcurl's (byte counts, {@code CURL_WRITEFUNC_PAUSE}, ...). An exception
 * thrown here is caught by the native layer and kept for {@link CurlNative#easyTakeException}.
 * Internal API.
 */
public interface NativeCallbacks {
    int onWrite(int slot, ByteBuffer data, int length);

    int onRead(int slot, ByteBuffer buffer, int length);

    int onHeader(int slot, ByteBuffer data, int length);

    int onXferInfo(int slot, long dlTotal, long dlNow, long ulTotal, long ulNow);

    void onDebug(int slot, int type, ByteBuffer data, int length);
}
