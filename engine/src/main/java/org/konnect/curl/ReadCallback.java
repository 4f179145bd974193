package org.konnect.curl;

import java.nio.ByteBuffer;

/**
 * {@code CURLOPT_READFUNCTION}: supplies upload data. Put at most {@code buffer.remaining()}
 * bytes into {@code buffer} (a view of memory the JVM owns, valid during the call only) and
 * return how many, which are then copied into libcurl's buffer; 0 ends the upload; {@link #PAUSE} pauses sending (unpause with
 * {@link ConfigHandle#pause}); {@link #ABORT} fails the transfer with
 * {@code CURLE_ABORTED_BY_CALLBACK}.
 */
@FunctionalInterface
public interface ReadCallback {
    /** {@code CURL_READFUNC_PAUSE}: pause sending; libcurl calls again after the transfer is unpaused. */
    int PAUSE = org.konnect.curl.jni.LibcurlConstants.CURL_READFUNC_PAUSE;
    /** {@code CURL_READFUNC_ABORT}: stop, failing the transfer with {@code CURLE_ABORTED_BY_CALLBACK}. */
    int ABORT = org.konnect.curl.jni.LibcurlConstants.CURL_READFUNC_ABORT;

    /**
     * Supplies the next upload data, on the multi's owner thread.
     *
     * @param buffer a writable view, to put at most {@code buffer.remaining()} bytes into; valid
     *        during the call only (what a kept slice is written later goes nowhere)
     * @return the number of bytes put, 0 to end the upload, {@link #PAUSE} or {@link #ABORT}
     */
    int read(ByteBuffer buffer);
}
