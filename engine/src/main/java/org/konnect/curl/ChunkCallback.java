package org.konnect.curl;

import java.nio.ByteBuffer;

/**
 * {@code CURLOPT_WRITEFUNCTION} for a consumer that keeps the body's chunks (a queue, a stream, an
 * immutable byte string): each call gets a new {@code byte[]} holding exactly the chunk, the
 * callback's to keep. The native layer copies libcurl's bytes once, straight into that array;
 * a {@link WriteCallback} instead sees a view that it must copy from itself, after the engine
 * copied the bytes into the view's memory: two copies for a chunk that is kept.
 *
 * <p>Return the number of bytes taken ({@code chunk.length} to go on), or {@link #PAUSE} to pause
 * receiving: libcurl keeps the chunk and hands it over again later, in a new array (so keep
 * nothing of a chunk you answer PAUSE to). Any other count fails the transfer with
 * {@code CURLE_WRITE_ERROR}. Runs on the multi's owner thread. A body the engine decodes (see
 * {@link CurlOpt#ACCEPT_ENCODING}) arrives as decoded pieces, each copied into an array of its own.
 */
@FunctionalInterface
public interface ChunkCallback extends WriteCallback {
    /**
     * Receives the next chunk of the body, on the multi's owner thread.
     *
     * @param chunk the chunk, a new array that is the callback's from now on
     * @return the number of bytes taken ({@code chunk.length} to go on), or {@link #PAUSE}
     */
    int write(byte[] chunk);

    /**
     * A chunk that comes as a view (a piece of a body the engine decodes), copied into a new
     * array for {@link #write(byte[])}.
     *
     * @param data a read-only view of the chunk, valid during the call only
     * @return what {@link #write(byte[])} returned
     */
    @Override
    default int write(ByteBuffer data) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        return write(chunk);
    }
}
