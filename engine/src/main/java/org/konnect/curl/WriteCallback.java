package org.konnect.curl;

import java.nio.ByteBuffer;

/**
 * {@code CURLOPT_WRITEFUNCTION}: receives body data. {@code data} is a read-only view of a copy
 * of libcurl's chunk in memory the JVM owns (for a gzip or deflate body the engine decodes, of its
 * decoded piece, at most 16 KiB) and is valid during the call only: copy what you keep. The view
 * itself is empty afterwards; a slice or duplicate kept longer stays readable but may show later
 * bytes. A callback that keeps the chunks is better a {@link ChunkCallback}, which gets each in an
 * array of its own, copied once. Return the number of bytes taken
 * ({@code data.remaining()} to go on), or {@link #PAUSE} to pause receiving; any other count
 * fails the transfer with {@code CURLE_WRITE_ERROR}. Runs on the multi's owner thread.
 */
@FunctionalInterface
public interface WriteCallback {
    /** {@code CURL_WRITEFUNC_PAUSE}: libcurl keeps this chunk and pauses receiving. */
    int PAUSE = org.konnect.curl.jni.LibcurlConstants.CURL_WRITEFUNC_PAUSE;

    /**
     * Receives the next chunk of the body, on the multi's owner thread.
     *
     * @param data a read-only view of the chunk, valid during the call only
     * @return the number of bytes taken ({@code data.remaining()} to go on), or {@link #PAUSE}
     */
    int write(ByteBuffer data);
}
