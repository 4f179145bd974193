package org.konnect.curl;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes one response body's content codings (gzip, deflate, a chain of them) in bounded steps:
 * each {@link #step} does one piece of work (inflates at most {@link #PIECE_SIZE} bytes, or reads
 * header bytes), so that the caller can check the loop's budget between steps however much a body
 * inflates. The raw bytes are libcurl's chunks, handed over with {@link #accept} and valid during
 * the callback only; when the caller pauses in the middle of one, {@link #pausedInChunk} records
 * how much of it was consumed, and libcurl, which keeps the chunk and hands it over again from its
 * start (with more bytes behind it, possibly), has those bytes skipped.
 *
 * <p>What is checked, as zlib checks it for libcurl: gzip headers (magic, method, flags, header
 * CRC), each member's CRC-32 and ISIZE; zlib's Adler-32. Like libcurl: a gzip body may be
 * zlib-wrapped instead, a deflate body may be raw deflate (with up to 4 stray bytes after it),
 * and a body that ends in the middle of a stream is not an error (libcurl 7.88 and 8.14 agree).
 * Unlike libcurl, which fails a second gzip member with {@code CURLE_WRITE_ERROR}, multi-member
 * gzip is decoded whole (RFC 1952 allows it). Other bytes after the end of a stream are corrupt data.
 */
final class ContentDecoder {
    /** Decoded bytes per piece: {@code CURL_MAX_WRITE_SIZE}, what libcurl hands a write callback at most. */
    static final int PIECE_SIZE = 16 * 1024;
    /** The longest chain of codings decoded, as libcurl's limit. */
    static final int MAX_CODINGS = 5;

    /** {@link #step} results: a decoded piece waits in {@link #piece}. */
    static final int PIECE = 0;
    /** {@link #step}: work was done, no piece yet. */
    static final int PROGRESS = 1;
    /** {@link #step}: the raw chunk is consumed; more raw bytes are needed. */
    static final int NEED_INPUT = 2;
    /** {@link #step}: corrupt data; {@link #failure} says what. */
    static final int FAILED = 3;

    private static final ByteBuffer NO_INPUT = ByteBuffer.allocate(0);
    /** Decoders not yet ended, across all multis: the tests' proof that every path frees the inflaters. */
    private static final AtomicInteger LIVE = new AtomicInteger();

    /** The codings the engine decodes. */
    enum Coding { GZIP, DEFLATE }

    /** The Content-Encoding header, for messages. */
    private final String header;
    /** In decoding order: the coding listed last was applied last, so it is undone first. */
    private final Stage[] stages;
    private final Stage last;
    /** What the write callback sees of {@link #last}'s output: read-only, so the piece stays intact for a redelivery. */
    private final ByteBuffer view;
    /** Bytes of the stream libcurl hands over next that an earlier call consumed already. */
    private long skip;
    private ByteBuffer raw = NO_INPUT;
    private int rawStart;
    private String failure;
    private boolean ended;

    private ContentDecoder(String header, Coding[] codings) {
        this.header = header;
        this.stages = new Stage[codings.length];
        for (int i = 0; i < codings.length; i++) {
            stages[i] = new Stage(codings[i]);
            if (i > 0) stages[i].in = stages[i - 1].out;
        }
        this.last = stages[codings.length - 1];
        this.view = last.out.asReadOnlyBuffer();
        LIVE.incrementAndGet();
    }

    /** How many decoders have not been ended. */
    static int live() {
        return LIVE.get();
    }

    /** {@code gzip}, {@code x-gzip} and {@code deflate} (lower case); null for any other name. */
    static Coding codingOf(String name) {
        switch (name) {
            case "gzip":
            case "x-gzip":
                return Coding.GZIP;
            case "deflate":
                return Coding.DEFLATE;
            default:
                return null;
        }
    }

    /**
     * The decoder for a response's {@code Content-Encoding}, or null when there is nothing to
     * decode (no header, identity).
     *
     * @throws IllegalArgumentException naming the coding, for one the engine does not decode or a chain longer than {@link #MAX_CODINGS}
     */
    static ContentDecoder forContentEncoding(String header) {
        if (header == null) return null;
        ArrayList<Coding> applied = new ArrayList<>();
        for (String entry : header.split(",")) {
            String name = entry.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("identity") || name.equals("none")) continue;
            Coding coding = codingOf(name);
            if (coding == null) {
                throw new IllegalArgumentException("Unrecognized content encoding type '" + entry.trim() + "' (Content-Encoding: "
                        + header + "). Konnect decodes gzip, x-gzip, deflate and identity; list the coding in ACCEPT_ENCODING"
                        + " to have libcurl decode it");
            }
            applied.add(coding);
        }
        if (applied.size() > MAX_CODINGS) {
            throw new IllegalArgumentException("Reject response due to more than " + MAX_CODINGS + " content encodings"
                    + " (Content-Encoding: " + header + ")");
        }
        if (applied.isEmpty()) return null;
        Coding[] order = new Coding[applied.size()];
        for (int i = 0; i < order.length; i++) order[i] = applied.get(order.length - 1 - i);
        return new ContentDecoder(header, order);
    }

    /** The next raw chunk (the callback's view, valid until {@link #leaveChunk}), past the bytes consumed before. */
    void accept(ByteBuffer chunk) {
        rawStart = chunk.position();
        int k = (int) Math.min(skip, chunk.remaining());
        chunk.position(rawStart + k);
        skip -= k;   // left over only when libcurl handed over less than before: the rest is in its next chunk
        raw = chunk;
        stages[0].in = chunk;
    }

    /** The caller answers PAUSE for the current chunk: libcurl hands it over again from its start. */
    void pausedInChunk() {
        skip += raw.position() - rawStart;
    }

    /** The callback returns: its view is no longer ours to read. */
    void leaveChunk() {
        raw = NO_INPUT;
        stages[0].in = NO_INPUT;
        view.limit(0);
    }

    /** One bounded piece of work: {@link #PIECE}, {@link #PROGRESS}, {@link #NEED_INPUT} or {@link #FAILED}. */
    int step() {
        if (last.out.hasRemaining()) return PIECE;   // one the write callback paused on, or not yet delivered
        for (int i = stages.length - 1; ; i--) {
            Stage s = stages[i];
            int r = s.run();
            if (r == Stage.PRODUCED) return s == last ? PIECE : PROGRESS;
            if (r == PROGRESS) return PROGRESS;
            if (r == FAILED) {
                failure = "Error while processing content unencoding: " + s.error + " (" + s.coding.name().toLowerCase(Locale.ROOT)
                        + " of Content-Encoding: " + header + ", decoded by Konnect)";
                return FAILED;
            }
            if (i == 0) return NEED_INPUT;
            // stage i needs input: the stage before it (whose output is its input, now empty) runs
        }
    }

    /** The decoded piece {@link #step} announced: position 0, its bytes up to the limit. */
    ByteBuffer piece() {
        view.limit(last.out.limit());
        view.position(last.out.position());
        return view;
    }

    /** The write callback took the whole piece. */
    void pieceTaken() {
        last.out.position(last.out.limit());
    }

    /** What {@link #step} found corrupt. */
    String failure() {
        return failure;
    }

    /** Frees the inflaters' native memory; the decoder is not used afterwards. */
    void end() {
        if (ended) return;
        ended = true;
        LIVE.decrementAndGet();
        for (Stage s : stages) {
            if (s.inflater != null) s.inflater.end();
        }
    }

    /** One coding of the chain: its input (libcurl's chunk, or the stage before's output) and its output. */
    private static final class Stage {
        static final int PRODUCED = 4;
        /** Phases: the first two bytes decide the wrapper; a gzip header; the deflate data; a gzip trailer; past the end. */
        private static final int START = 0, GZIP_HEADER = 1, BODY = 2, GZIP_TRAILER = 3, END = 4;
        /** Fields of a gzip header, in their order (RFC 1952). */
        private static final int FIXED = 0, XLEN = 1, EXTRA = 2, NAME = 3, COMMENT = 4, HCRC = 5, HEADER_DONE = 6;
        private static final int FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16, RESERVED = 0xe0;

        final Coding coding;
        ByteBuffer in = NO_INPUT;
        /** The decoded bytes not yet taken by the next stage or the write callback (position..limit). */
        final ByteBuffer out = ByteBuffer.allocate(PIECE_SIZE).limit(0);
        Inflater inflater;
        String error;

        private int phase = START;
        private boolean gzipMember;      // a gzip member, not a zlib stream
        private int members;             // gzip members started
        private final byte[] prefix = new byte[2];
        private int prefixCount;         // bytes peeked by START
        private int prefixLeft;          // of those, not yet read again by the next phase
        private boolean moreOutput;      // the last inflate filled the output: zlib may hold more
        private int strayAllowed;        // raw deflate: bytes tolerated after the end, as libcurl does
        // gzip header and trailer
        private int field, fieldPos, flags, value;
        private final CRC32 headerCrc = new CRC32();
        private final CRC32 crc = new CRC32();
        private long size;
        private int trailerCrc, trailerSize;

        Stage(Coding coding) {
            this.coding = coding;
        }

        int run() {
            switch (phase) {
                case START: return start();
                case GZIP_HEADER: return gzipHeader();
                case BODY: return inflate();
                case GZIP_TRAILER: return gzipTrailer();
                default: return afterEnd();
            }
        }

        private boolean hasInput() {
            return prefixLeft > 0 || in.hasRemaining();
        }

        private int nextByte() {
            return prefixLeft > 0 ? prefix[2 - prefixLeft--] & 0xff : in.get() & 0xff;
        }

        private int fail(String message) {
            error = message;
            return FAILED;
        }

        /** The first two bytes of a stream: a gzip magic, a zlib header, else raw deflate (deflate only). */
        private int start() {
            while (prefixCount < 2 && in.hasRemaining()) prefix[prefixCount++] = in.get();
            if (prefixCount < 2) return NEED_INPUT;
            prefixCount = 0;
            prefixLeft = 2;   // read again by the phase they start
            int b0 = prefix[0] & 0xff, b1 = prefix[1] & 0xff;
            if (coding == Coding.GZIP && b0 == 0x1f && b1 == 0x8b) {
                gzipMember = true;
                members++;
                field = FIXED;
                fieldPos = 0;
                headerCrc.reset();
                phase = GZIP_HEADER;
                return PROGRESS;
            }
            if (members > 0) return fail("data after the end of the gzip stream");
            // zlib header (RFC 1950): deflate method, window <= 32 KiB, a check making it a multiple of 31
            boolean zlib = (b0 & 0x0f) == 8 && (b0 >> 4) <= 7 && ((b0 << 8) | b1) % 31 == 0;
            if (!zlib && coding == Coding.GZIP) return fail("not in gzip format");   // libcurl takes gzip or zlib here
            strayAllowed = zlib ? 0 : 4;
            inflater = new Inflater(!zlib);
            phase = BODY;
            return PROGRESS;
        }

        private int gzipHeader() {
            while (hasInput()) {
                int b = nextByte();
                if (field != HCRC) headerCrc.update(b);
                switch (field) {
                    case FIXED:
                        if (fieldPos == 2 && b != 8) return fail("unknown compression method");
                        if (fieldPos == 3) {
                            flags = b;
                            if ((flags & RESERVED) != 0) return fail("unknown header flags set");
                        }
                        if (++fieldPos == 10) nextField(FIXED);
                        break;
                    case XLEN:
                        value |= b << (8 * fieldPos);
                        if (++fieldPos == 2) {
                            if (value > 0) field = EXTRA;
                            else nextField(EXTRA);
                        }
                        break;
                    case EXTRA:
                        if (--value == 0) nextField(EXTRA);
                        break;
                    case NAME:
                    case COMMENT:
                        if (b == 0) nextField(field);
                        break;
                    default:   // HCRC: the low 16 bits of the CRC-32 of the header bytes before it
                        value |= b << (8 * fieldPos);
                        if (++fieldPos == 2) {
                            if (value != (int) (headerCrc.getValue() & 0xffff)) return fail("header crc mismatch");
                            field = HEADER_DONE;
                        }
                        break;
                }
                if (field == HEADER_DONE) {
                    if (inflater == null) inflater = new Inflater(true);
                    else inflater.reset();
                    crc.reset();
                    size = 0;
                    phase = BODY;
                    return PROGRESS;
                }
            }
            return NEED_INPUT;
        }

        /** The field after {@code from} that the header's flags announce. */
        private void nextField(int from) {
            field = HEADER_DONE;
            for (int f = from + 1; f < HEADER_DONE; f++) {
                boolean present = f == XLEN ? (flags & FEXTRA) != 0 : f == NAME ? (flags & FNAME) != 0
                        : f == COMMENT ? (flags & FCOMMENT) != 0 : f == HCRC && (flags & FHCRC) != 0;
                if (present) {
                    field = f;
                    break;
                }
            }
            fieldPos = 0;
            value = 0;
        }

        /** Inflates at most one output buffer's worth. Precondition: {@link #out} is empty. */
        private int inflate() {
            if (!hasInput() && !moreOutput) return NEED_INPUT;
            int consumed;
            int n;
            try {
                if (prefixLeft > 0) {   // a zlib header or the first raw bytes, peeked by start()
                    inflater.setInput(prefix, 2 - prefixLeft, prefixLeft);
                    n = inflater.inflate(out.array(), 0, PIECE_SIZE);
                    consumed = prefixLeft - inflater.getRemaining();
                    prefixLeft = inflater.getRemaining();
                } else {
                    int before = in.position();
                    inflater.setInput(in);   // the inflater advances in's position by what it consumes
                    n = inflater.inflate(out.array(), 0, PIECE_SIZE);
                    consumed = in.position() - before;
                }
            } catch (DataFormatException e) {
                return fail(e.getMessage() != null ? e.getMessage() : "invalid data");
            }
            moreOutput = n == PIECE_SIZE;
            out.limit(n).position(0);
            if (n > 0 && gzipMember) crc.update(out.array(), 0, n);
            size += n;
            if (inflater.finished()) {
                phase = gzipMember ? GZIP_TRAILER : END;
                moreOutput = false;
                fieldPos = 0;
                trailerCrc = 0;
                trailerSize = 0;
            } else if (n == 0 && inflater.needsDictionary()) {
                return fail("a preset dictionary is needed, which HTTP has no way to provide");
            }
            if (n > 0) return PRODUCED;
            if (consumed > 0 || inflater.finished()) return PROGRESS;
            return hasInput() ? fail("inflate made no progress") : NEED_INPUT;
        }

        /** CRC-32 and ISIZE (the length modulo 2^32), little-endian; then the next member may start. */
        private int gzipTrailer() {
            while (hasInput()) {
                int b = nextByte();
                if (fieldPos < 4) trailerCrc |= b << (8 * fieldPos);
                else trailerSize |= b << (8 * (fieldPos - 4));
                if (++fieldPos == 8) {
                    if (trailerCrc != (int) crc.getValue()) return fail("incorrect data check");
                    if (trailerSize != (int) size) return fail("incorrect length check");
                    phase = START;
                    return PROGRESS;
                }
            }
            return NEED_INPUT;
        }

        private int afterEnd() {
            if (!hasInput()) return NEED_INPUT;
            while (hasInput() && strayAllowed > 0) {
                nextByte();
                strayAllowed--;
            }
            return hasInput() ? fail("data after the end of the compressed stream") : PROGRESS;
        }
    }
}
