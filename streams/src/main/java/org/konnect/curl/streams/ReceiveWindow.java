package org.konnect.curl.streams;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.ChunkCallback;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.WriteCallback;

/**
 * The receiving half of a back-pressured transfer: a write callback that keeps each chunk as a
 * {@link ByteString} until {@link #take()}. As a {@link ChunkCallback} it gets each chunk in an
 * array of its own, copied once out of libcurl's buffer by the native layer, and wraps that array
 * without copying it again.
 * When the window holds {@code windowBytes} or more it answers {@link WriteCallback#PAUSE}, so
 * libcurl keeps the chunk and stops reading the connection; {@link #take()} hands the chunks over
 * and resumes the transfer. A request's {@code hasUpdate}/{@code getUpdate} built on it lets the
 * requester's demand drive the transfer (as {@link CurlSource} does).
 *
 * <p>Every method runs on the MultiActor's thread (inside the request's hooks and callbacks).
 */
public final class ReceiveWindow implements ChunkCallback {
    private final int windowBytes;
    private final boolean pausable;
    private final ArrayList<ByteString> chunks = new ArrayList<>();
    private int bytes;
    private boolean paused;
    private ConfigHandle handle;

    /**
     * A window of {@code windowBytes}.
     *
     * @param windowBytes how many received bytes to keep before pausing; positive
     * @param pausable false for a transfer libcurl refuses to pause (file://): the window then
     *        takes every chunk, unbounded
     * @throws IllegalArgumentException if {@code windowBytes} is not positive
     */
    public ReceiveWindow(int windowBytes, boolean pausable) {
        if (windowBytes <= 0) throw new IllegalArgumentException("ReceiveWindow: windowBytes must be positive, was " + windowBytes);
        this.windowBytes = windowBytes;
        this.pausable = pausable;
    }

    /**
     * Binds the window to its transfer, whose handle {@link #take()} resumes; call it from
     * {@code configureHandle}, which also sets this window as (or inside) the write callback.
     *
     * @param h the transfer's handle
     */
    public void attach(ConfigHandle h) {
        handle = h;
    }

    @Override
    public int write(byte[] chunk) {
        if (pausable && bytes >= windowBytes) {
            paused = true;
            return WriteCallback.PAUSE;
        }
        chunks.add(ByteString.fromArrayUnsafe(chunk));   // the array is ours, and nothing writes it again
        bytes += chunk.length;
        return chunk.length;
    }

    /**
     * Whether no chunk waits.
     *
     * @return true when {@link #take()} would hand over nothing
     */
    public boolean isEmpty() {
        return chunks.isEmpty();
    }

    /**
     * The chunks received since the last call, in order; resumes the transfer if the full window
     * paused it (libcurl then hands the chunk it kept to {@link #write} again).
     *
     * @return the chunks, an immutable list
     */
    public List<ByteString> take() {
        List<ByteString> out = List.copyOf(chunks);
        chunks.clear();
        bytes = 0;
        if (paused) {
            paused = false;
            handle.pause(ConfigHandle.PAUSE_CONT);
        }
        return out;
    }
}
