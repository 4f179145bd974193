package org.konnect.curl.protocols;

import java.util.Random;

/** Test content that no server could produce by accident, and the same on every run (seeded). */
final class RandomBytes {
    private RandomBytes() {}

    static byte[] of(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }
}
