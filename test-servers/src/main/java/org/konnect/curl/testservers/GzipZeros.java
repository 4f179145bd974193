package org.konnect.curl.testservers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * {@code n} zero bytes, gzip-encoded: a body about a thousand times larger decoded than on the
 * wire, as a decompression bomb is. Served by {@link LoopbackHttpServer}'s {@code /gzip-zeros}
 * and by {@link HttpFault#GZIP_BOMB}.
 */
final class GzipZeros {

    private GzipZeros() {
    }

    /** The gzip member that decodes to {@code n} zero bytes. */
    static byte[] of(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative length: " + n);
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(wire)) {
            byte[] zeros = new byte[64 * 1024];
            for (long left = n; left > 0; left -= zeros.length) {
                gzip.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return wire.toByteArray();
    }
}
