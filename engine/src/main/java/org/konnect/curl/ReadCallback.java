package org.konnect.curl;

import java.nio.ByteBuffer;

/**
 * {@code CURLOPT_READFUNCTION}: supplies upload data. Put at most {@code buffer.remaining()}
 * bytes into {@code buffer} (a view of libcurl's buffer, valid during the call only) and
 * return how many; 0 ends the upload; {@link #PAUSE} pauses sending (unpause with
 * {@link ConfigHandle#pause}); {@link #ABORT} fails the transfer with
 * {@code CURLE_ABORTED_BY_CALLBACK}.
 */
@FunctionalInterface
public interface ReadCallback {
    /** {@code CURL_READFUNC_PAUSE}. */
    int PAUSE = 0x10000001;
    /** {@code CURL_READFUNC_ABORT}. */
    int ABORT = 0x10000000;

    int read(ByteBuffer buffer);
}
