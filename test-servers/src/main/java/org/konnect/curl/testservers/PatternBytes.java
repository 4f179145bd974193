package org.konnect.curl.testservers;

import java.nio.ByteBuffer;

/** The deterministic body pattern shared by all servers: byte {@code i} is {@code (byte) (i % 251)}. */
final class PatternBytes {

    /** Period of the pattern; a prime, so the pattern never lines up with power-of-two buffer sizes. */
    static final int PERIOD = 251;

    /** Largest piece {@link #slice(long, int)} hands out. */
    static final int MAX_PIECE = 64 * 1024;

    /** Pattern bytes 0 .. MAX_PIECE + PERIOD, so any piece at any offset is a window into it. */
    private static final byte[] TILE = new byte[MAX_PIECE + PERIOD];

    static {
        for (int i = 0; i < TILE.length; i++) {
            TILE[i] = (byte) (i % PERIOD);
        }
    }

    private PatternBytes() {
    }

    /** Returns a fresh array holding the first {@code n} pattern bytes. */
    static byte[] of(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative length: " + n);
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (i % PERIOD);
        }
        return out;
    }

    /** True if {@code data} (which must not be null) is exactly the pattern from offset 0. */
    static boolean matches(byte[] data) {
        if (data == null) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            if (data[i] != (byte) (i % PERIOD)) {
                return false;
            }
        }
        return true;
    }

    /** A read-only buffer holding pattern bytes {@code offset .. offset+length}; {@code length <= MAX_PIECE}. */
    static ByteBuffer slice(long offset, int length) {
        if (length < 0 || length > MAX_PIECE) {
            throw new IllegalArgumentException("bad piece length: " + length);
        }
        int start = (int) (offset % PERIOD);
        return ByteBuffer.wrap(TILE, start, length).slice().asReadOnlyBuffer();
    }
}
