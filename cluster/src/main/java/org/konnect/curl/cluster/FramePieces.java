package org.konnect.curl.cluster;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * A stream ref sends each element as a message of its own, and Artery drops a message larger than
 * its {@code maximum-frame-size} (256 KiB by default): the connection's later messages then fail
 * the stream with an {@code InvalidSequenceNumberException}. So a body's elements are cut to at
 * most {@link #MAX_BYTES} before they cross: the caller's upload elements, and a download's chunks,
 * which libcurl sizes by {@code BUFFERSIZE} (up to 10 MiB).
 */
final class FramePieces {
    /** The largest element that crosses, well below the frame size with room for the envelope. */
    static final int MAX_BYTES = 64 * 1024;

    private FramePieces() {}

    /** {@code chunk} itself, or its pieces of at most {@link #MAX_BYTES} (slices, not copies). */
    static List<ByteString> of(ByteString chunk) {
        if (chunk.size() <= MAX_BYTES) return List.of(chunk);
        List<ByteString> pieces = new ArrayList<>(chunk.size() / MAX_BYTES + 1);
        for (int at = 0; at < chunk.size(); at += MAX_BYTES) pieces.add(chunk.slice(at, Math.min(chunk.size(), at + MAX_BYTES)));
        return pieces;
    }
}
