package org.konnect.curl.bench;

import java.nio.ByteBuffer;

/**
 * Touches every byte of a response body, the same way in every contender (and in the C
 * program): sums it as 64-bit words, the tail bytes one by one. Reading every byte is the
 * point; the sum only keeps the JIT from dropping the loop.
 */
final class Touch {
    private Touch() {}

    /** The sum of {@code data}'s remaining bytes, read with absolute gets (the position does not move). */
    static long sum(ByteBuffer data) {
        int i = data.position();
        int end = data.limit();
        long s = 0;
        for (; i + 8 <= end; i += 8) s += data.getLong(i);
        for (; i < end; i++) s += data.get(i) & 0xff;
        return s;
    }

    static long sum(byte[] data, int from, int to) {
        long s = 0;
        for (int i = from; i < to; i++) s += data[i] & 0xff;
        return s;
    }
}
