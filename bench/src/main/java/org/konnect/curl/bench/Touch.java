package org.konnect.curl.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Touches every byte of a response body, the same way in every contender (and in the C
 * program): sums it as 64-bit words, the tail bytes one by one. Reading every byte is the
 * point; the sum only keeps the JIT from dropping the loop.
 */
final class Touch {
    private Touch() {}

    /**
     * The sum of {@code data}'s remaining bytes, read with absolute gets (the position does not move).
     * The words are read in the machine's byte order, as the C program's loads are: a ByteBuffer's
     * default big-endian order swaps the bytes of every word on x86, work the C loop does not do
     * (7 % of the MultiActor thread's samples on the {@code stream} workload were the swaps).
     * The duplicate leaves the callback's view as it was.
     */
    static long sum(ByteBuffer data) {
        ByteBuffer words = data.order() == ByteOrder.nativeOrder() ? data : data.duplicate().order(ByteOrder.nativeOrder());
        int i = words.position();
        int end = words.limit();
        long s = 0;
        for (; i + 8 <= end; i += 8) s += words.getLong(i);
        for (; i < end; i++) s += words.get(i) & 0xff;
        return s;
    }

    static long sum(byte[] data, int from, int to) {
        long s = 0;
        for (int i = from; i < to; i++) s += data[i] & 0xff;
        return s;
    }
}
