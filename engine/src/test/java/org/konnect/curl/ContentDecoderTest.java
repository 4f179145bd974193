package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The decoder alone, fed the way libcurl feeds a write callback: chunks of any size, and after a
 * PAUSE the same chunk again from its start, with more bytes behind it. Every header field, chunk
 * boundaries anywhere (one byte at a time), pauses anywhere, and each check of the formats.
 */
class ContentDecoderTest {
    private static final byte[] BODY = body(300_000);

    @Test
    void everyGzipHeaderFieldOneByteAtATime() throws IOException {
        byte[] wire = gzipWithEveryHeaderField(BODY);
        assertArrayEquals(BODY, Feed.of("gzip", wire, 1, null).body());
        assertArrayEquals(BODY, Feed.of("x-gzip", wire, 7, new Random(1)).body());
    }

    @Test
    void pausesAnywhereLoseNothing() throws IOException {
        byte[] multiMember = concat(gzip(BODY, 0, 100_000), gzip(BODY, 100_000, 150_000), gzip(BODY, 250_000, 50_000));
        for (int seed = 0; seed < 20; seed++) {
            int chunk = 1 + new Random(seed).nextInt(20_000);
            assertArrayEquals(BODY, Feed.of("gzip", multiMember, chunk, new Random(seed)).body(), "seed " + seed);
            assertArrayEquals(BODY, Feed.of("deflate", deflate(BODY, false), chunk, new Random(seed)).body(), "seed " + seed);
            assertArrayEquals(BODY, Feed.of("deflate", deflate(BODY, true), chunk, new Random(seed)).body(), "seed " + seed);
        }
    }

    @Test
    void chainsAreDecodedLastCodingFirst() throws IOException {
        byte[] wire = gzip(deflate(gzip(BODY, 0, BODY.length), true), 0, -1);
        assertArrayEquals(BODY, Feed.of("gzip, deflate, identity, gzip", wire, 16384, new Random(3)).body());
        assertArrayEquals(BODY, Feed.of("GZIP,GZIP", gzip(gzip(BODY, 0, BODY.length), 0, -1), 999, null).body());
    }

    @Test
    void aGzipBodyMayBeZlibWrappedAsForLibcurl() {
        assertArrayEquals(BODY, Feed.of("gzip", deflate(BODY, false), 4096, null).body());
    }

    @Test
    void headersWithNothingToDecodeGiveNoDecoder() {
        assertNull(ContentDecoder.forContentEncoding(null));
        assertNull(ContentDecoder.forContentEncoding("identity"));
        assertNull(ContentDecoder.forContentEncoding(" none , identity,"));
    }

    @Test
    void unknownCodingsAndLongChainsAreRefusedByName() {
        IllegalArgumentException br = assertThrows(IllegalArgumentException.class, () -> ContentDecoder.forContentEncoding("gzip, br"));
        assertTrue(br.getMessage().contains("'br'") && br.getMessage().contains("Content-Encoding: gzip, br"), br.getMessage());
        IllegalArgumentException six = assertThrows(IllegalArgumentException.class,
                () -> ContentDecoder.forContentEncoding("gzip, gzip, gzip, gzip, gzip, gzip"));
        assertTrue(six.getMessage().contains("more than 5 content encodings"), six.getMessage());
    }

    @Test
    void everyCheckOfTheFormatsNamesWhatFailed() throws IOException {
        byte[] good = gzipWithEveryHeaderField(BODY);
        assertFailure("gzip", flip(good, 16), "header crc mismatch");
        byte[] reserved = good.clone();
        reserved[3] |= 0x20;
        assertFailure("gzip", reserved, "unknown header flags set");
        byte[] method = good.clone();
        method[2] = 7;
        assertFailure("gzip", method, "unknown compression method");
        assertFailure("gzip", flip(good, good.length - 8), "incorrect data check");
        assertFailure("gzip", flip(good, good.length - 1), "incorrect length check");
        assertFailure("gzip", concat(good, new byte[] {1, 2, 3}), "data after the end of the gzip stream");
        assertFailure("gzip", "plain text".getBytes(), "not in gzip format");
        assertFailure("deflate", flip(deflate(BODY, false), deflate(BODY, false).length - 1), "incorrect data check");
        assertFailure("deflate", concat(deflate(BODY, false), new byte[] {0}), "data after the end of the compressed stream");
        Feed.Result failed = Feed.of("gzip", flip(good, 60), 512, null);
        assertTrue(failed.failure().contains("gzip of Content-Encoding: gzip"), failed.failure());
    }

    /** libcurl tolerates up to 4 bytes after a raw deflate stream (a zlib trailer, from servers that send one without its header). */
    @Test
    void rawDeflateMayHaveFourStrayBytes() {
        byte[] raw = deflate(BODY, true);
        assertArrayEquals(BODY, Feed.of("deflate", concat(raw, new byte[] {1, 2, 3, 4}), 1000, null).body());
        assertFailure("deflate", concat(raw, new byte[] {1, 2, 3, 4, 5}), "data after the end");
    }

    @Test
    void aPresetDictionaryIsRefused() throws IOException {
        Deflater deflater = new Deflater();
        deflater.setDictionary(new byte[] {1, 2, 3});
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream out = new DeflaterOutputStream(wire, deflater)) {
            out.write(BODY);
        }
        deflater.end();
        assertFailure("deflate", wire.toByteArray(), "preset dictionary");
    }

    /** As libcurl (7.88 and 8.14 alike): a body that stops in the middle of its stream is delivered as far as it decodes. */
    @Test
    void aTruncatedStreamIsNoError() throws IOException {
        byte[] wire = gzip(BODY, 0, -1);
        Feed.Result cut = Feed.of("gzip", java.util.Arrays.copyOf(wire, wire.length - 20), 100, null);
        assertNull(cut.failure());
        byte[] prefix = java.util.Arrays.copyOf(BODY, cut.body().length);
        assertArrayEquals(prefix, cut.body());
        assertTrue(cut.body().length > 0 && cut.body().length < BODY.length, cut.body().length + " bytes");
    }

    @Test
    void endFreesTheInflatersOnce() {
        int before = ContentDecoder.live();
        ContentDecoder d = ContentDecoder.forContentEncoding("gzip, deflate");
        assertEquals(before + 1, ContentDecoder.live());
        d.end();
        d.end();
        assertEquals(before, ContentDecoder.live());
    }

    /** Feeds a decoder as libcurl would, pausing (as the budget or the application does) at random. */
    private static final class Feed {
        record Result(byte[] body, String failure) {}

        static Result of(String header, byte[] wire, int chunk, Random pauses) {
            ContentDecoder d = ContentDecoder.forContentEncoding(header);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                int at = 0;   // the start of what libcurl still keeps
                while (at < wire.length) {
                    int len = Math.min(chunk + (pauses != null ? pauses.nextInt(3) : 0), wire.length - at);
                    ByteBuffer view = ByteBuffer.allocateDirect(len).put(wire, at, len).flip();
                    d.accept(view);
                    boolean paused = false;
                    while (!paused) {
                        if (pauses != null && pauses.nextInt(5) == 0) {
                            paused = true;
                            break;
                        }
                        int step = d.step();
                        if (step == ContentDecoder.NEED_INPUT) break;
                        if (step == ContentDecoder.FAILED) return new Result(out.toByteArray(), d.failure());
                        if (step != ContentDecoder.PIECE) continue;
                        ByteBuffer piece = d.piece();
                        assertTrue(piece.remaining() > 0 && piece.remaining() <= ContentDecoder.PIECE_SIZE);
                        if (pauses != null && pauses.nextInt(5) == 0) {   // the application reads a little, then pauses
                            piece.get();
                            paused = true;
                            break;
                        }
                        byte[] bytes = new byte[piece.remaining()];
                        piece.get(bytes);
                        out.write(bytes, 0, bytes.length);
                        d.pieceTaken();
                    }
                    if (paused) d.pausedInChunk();
                    d.leaveChunk();
                    if (!paused) at += len;   // taken whole: libcurl moves on
                }
                return new Result(out.toByteArray(), null);
            } finally {
                d.end();
            }
        }
    }

    private static void assertFailure(String header, byte[] wire, String expected) {
        Feed.Result r = Feed.of(header, wire, 333, null);
        assertTrue(r.failure() != null && r.failure().contains(expected), "expected '" + expected + "', got " + r.failure());
    }

    private static byte[] body(int n) {
        byte[] b = new byte[n];
        Random random = new Random(42);
        for (int i = 0; i < n; i++) b[i] = (byte) (i % 7 == 0 ? random.nextInt() : i % 251);   // compressible, not trivially
        return b;
    }

    /** One gzip member of {@code data[from, from + n)} ({@code n} -1: all of it). */
    private static byte[] gzip(byte[] data, int from, int n) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(wire)) {
            gzip.write(data, from, n < 0 ? data.length - from : n);
        }
        return wire.toByteArray();
    }

    private static byte[] deflate(byte[] data, boolean raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream out = new DeflaterOutputStream(wire, deflater)) {
            out.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            deflater.end();
        }
        return wire.toByteArray();
    }

    /** A gzip member with FEXTRA, FNAME, FCOMMENT and FHCRC, which GZIPOutputStream never writes. */
    private static byte[] gzipWithEveryHeaderField(byte[] data) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
        header.write(new byte[] {3, 0, 'a', 'b', 'c'});
        header.write("name.txt\0a comment\0".getBytes());
        CRC32 headerCrc = new CRC32();
        headerCrc.update(header.toByteArray());
        header.write((int) headerCrc.getValue() & 0xff);
        header.write((int) (headerCrc.getValue() >> 8) & 0xff);
        header.write(deflate(data, true));
        CRC32 crc = new CRC32();
        crc.update(data);
        for (long v : new long[] {crc.getValue(), data.length}) {
            for (int i = 0; i < 4; i++) header.write((int) (v >> (8 * i)) & 0xff);
        }
        return header.toByteArray();
    }

    private static byte[] flip(byte[] data, int at) {
        byte[] copy = data.clone();
        copy[at] ^= (byte) 0xff;
        return copy;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.write(p, 0, p.length);
        return out.toByteArray();
    }
}
