package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * The engine decodes gzip and deflate bodies itself ({@link EngineContentDecoding},
 * {@link ContentDecoder}), in pieces between which the iteration budget is checked: bodies are
 * byte-exact over HTTP/1.1 and HTTP/2, under a budget that yields at every piece and the default
 * one; faults fail as libcurl's decoding fails them; and a gzip bomb hands over a bounded number
 * of bytes per perform, where libcurl inflates a whole socket read in one call. Every test also
 * proves (NoNativeLeaks counts them) that each decoder's inflaters are freed.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class ContentDecodingTest {
    private static final MultiOptions TINY_BUDGET = MultiOptions.DEFAULTS.withIterationBudget(Duration.ofNanos(1));
    private static final long BOMB = 128L << 20;

    static Stream<Arguments> bodies() {
        List<Arguments> all = new ArrayList<>();
        String[] paths = {
            "/encoded/1048576", "/encoded/1048576?steps=deflate", "/encoded/1048576?steps=rawdeflate",
            "/encoded/1048576?members=300", "/encoded/1048576?steps=gzip,gzip", "/encoded/1048576?steps=rawdeflate,gzip",
            "/encoded/1048576?steps=identity", "/encoded/1048576?header=gzip,%20identity", "/encoded/1048576?steps=deflate&header=x-gzip",
            "/encoded/0",
        };
        for (String path : paths) {
            for (boolean http2 : new boolean[] {false, true}) {
                for (boolean tiny : new boolean[] {false, true}) all.add(Arguments.of(path, http2, tiny));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} http2={1} tinyBudget={2}")
    @MethodSource("bodies")
    void decodedBodiesAreByteExact(String path, boolean http2, boolean tinyBudget, LoopbackHttpServer server) {
        try (Multi multi = Multi.open(tinyBudget ? TINY_BUDGET : MultiOptions.DEFAULTS)) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(server.url(path), h -> {
                h.setopt(CurlOpt.ACCEPT_ENCODING, "");
                if (http2) h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2_PRIOR_KNOWLEDGE);
            })));
            assertEquals(200, r.code());
            assertEquals(path.startsWith("/encoded/0") ? 0 : 1 << 20, r.body().length);
            assertTrue(LoopbackHttpServer.isPattern(r.body()), "not the pattern");
            assertEquals(http2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1, r.version());
        }
    }

    /** libcurl fails the second member with CURLE_WRITE_ERROR; the engine decodes it: proof of who decodes. */
    @Test
    void onlyTheCodingsTheEngineDecodesAreTakenOver(LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            String multiMember = server.url("/encoded/100000?members=3");
            for (String accept : new String[] {"", "gzip", "x-gzip, deflate;q=0.5, identity"}) {
                Exchange.Result r = Drive.result(multi, multi.process(new Exchange(multiMember,
                        h -> h.setopt(CurlOpt.ACCEPT_ENCODING, accept))));
                assertTrue(LoopbackHttpServer.isPattern(r.body()) && r.body().length == 100_000, accept);
            }
            CurlError libcurls = Drive.failure(multi, multi.process(new Exchange(multiMember,
                    h -> h.setopt(CurlOpt.ACCEPT_ENCODING, "gzip, br"))));
            assertEquals("CURLE_WRITE_ERROR", libcurls.codeName(), libcurls.getMessage());

            Exchange.Result raw = Drive.result(multi, multi.process(new Exchange(multiMember, h -> {
                h.setopt(CurlOpt.ACCEPT_ENCODING, "");
                h.setopt(CurlOpt.HTTP_CONTENT_DECODING, 0);
            })));
            assertEquals(0x1f, raw.body()[0] & 0xff, "HTTP_CONTENT_DECODING 0 of the request's own: the body as sent");
            assertEquals(0x8b, raw.body()[1] & 0xff);
        }
    }

    /** {@code ACCEPT_ENCODING ""} means every coding libcurl has; with the engine decoding, it asks for what the engine decodes. */
    @Test
    void anEmptyAcceptEncodingAsksForGzipAndDeflate(LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            assertEquals("gzip, deflate", acceptEncodingSent(multi, server, ""));
            assertEquals("gzip;q=1, identity", acceptEncodingSent(multi, server, "gzip;q=1, identity"));
            assertEquals("gzip, zstd", acceptEncodingSent(multi, server, "gzip, zstd"));
        }
    }

    @Test
    void corruptDataFailsNamingTheCoding(LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            assertBadEncoding(multi, server, "/encoded/100000?corrupt=30", "gzip of Content-Encoding: gzip");
            assertBadEncoding(multi, server, "/encoded/100000?corruptFromEnd=7", "incorrect data check");
            assertBadEncoding(multi, server, "/encoded/100000?steps=deflate&corruptFromEnd=0", "deflate of Content-Encoding: deflate");
            assertBadEncoding(multi, server, "/encoded/100000?steps=deflate,gzip&corrupt=40", "Content-Encoding: deflate, gzip");
            assertBadEncoding(multi, server, "/encoded/100000?header=br", "'br'");
            assertBadEncoding(multi, server, "/encoded/100?header=gzip,gzip,gzip,gzip,gzip,gzip", "more than 5 content encodings");
        }
    }

    /** libcurl 7.88 and 8.14 agree: a body that ends in the middle of its stream is no error; it is delivered as far as it decodes. */
    @Test
    void aTruncatedBodyEndsWhereLibcurlEndsIt(LoopbackHttpServer server) {
        try (Multi multi = Multi.open(TINY_BUDGET)) {
            Exchange.Result noTrailer = Drive.result(multi, multi.process(gzipExchange(server, "/encoded/100000?truncate=8", h -> {})));
            assertEquals(100_000, noTrailer.body().length);
            Exchange.Result cut = Drive.result(multi, multi.process(gzipExchange(server, "/encoded/100000?truncate=20", h -> {})));
            assertTrue(cut.body().length < 100_000 && LoopbackHttpServer.isPattern(cut.body()), cut.body().length + " bytes");
        }
    }

    /** The application pauses in the middle of the decoded pieces of one raw chunk, then resumes: nothing is lost or repeated. */
    @Test
    void anApplicationPauseInsideDecodedDataLosesNothing(LoopbackHttpServer server) {
        for (MultiOptions options : new MultiOptions[] {MultiOptions.DEFAULTS, TINY_BUDGET}) {
            try (Multi multi = Multi.open(options)) {
                AtomicInteger calls = new AtomicInteger();
                AtomicBoolean paused = new AtomicBoolean();
                AtomicInteger pauses = new AtomicInteger();
                Exchange[] exchange = new Exchange[1];
                exchange[0] = gzipExchange(server, "/encoded/1048576", h -> h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                    if (calls.incrementAndGet() % 5 == 0) {   // every fifth call: pause, after reading a byte
                        data.get();
                        paused.set(true);
                        pauses.incrementAndGet();
                        return WriteCallback.PAUSE;
                    }
                    return exchange[0].onBody(data);
                }));
                CompletionStage<Outcome<Void, Exchange.Result>> stage = multi.process(exchange[0]);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!stage.toCompletableFuture().isDone()) {
                    assertTrue(System.nanoTime() < deadline, "not done in 30 s");
                    multi.perform(paused.get() ? 0 : 100);
                    if (paused.getAndSet(false)) exchange[0].handle.pause(ConfigHandle.PAUSE_CONT);
                }
                Exchange.Result r = Drive.result(multi, stage);
                assertEquals(1 << 20, r.body().length);
                assertTrue(LoopbackHttpServer.isPattern(r.body()), "not the pattern");
                assertTrue(pauses.get() >= 10, pauses.get() + " pauses");
            }
        }
    }

    /**
     * A 128 MiB gzip bomb (about 128 KiB on the wire): libcurl alone hands over a whole socket
     * read inflated in one call (16 MiB on 7.88, 4 to 9 MiB on 8.14); the engine's pieces stop at
     * the budget. 16 KiB pieces inflate in tens of microseconds, so the default 500 µs budget
     * allows some dozens of pieces: 2 MiB is a bound with a wide margin, and no timing is asserted.
     */
    @Test
    void aGzipBombHandsOverABoundedAmountPerPerform(LoopbackHttpServer server) {
        for (boolean http2 : new boolean[] {false, true}) {
            try (Multi multi = Multi.open()) {
                AtomicLong inflated = new AtomicLong();
                CompletionStage<Outcome<Void, Exchange.Result>> bomb = multi.process(new Exchange(server.url("/gzip-zeros/" + BOMB), h -> {
                    h.setopt(CurlOpt.ACCEPT_ENCODING, "");
                    if (http2) h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2_PRIOR_KNOWLEDGE);
                    h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                        inflated.addAndGet(data.remaining());
                        return data.remaining();
                    });
                }));
                long most = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!bomb.toCompletableFuture().isDone()) {
                    assertTrue(System.nanoTime() < deadline, "the bomb did not finish in 60 s");
                    long before = inflated.get();
                    multi.perform(100);
                    most = Math.max(most, inflated.get() - before);
                }
                assertEquals(200, Drive.result(multi, bomb).code());
                assertEquals(BOMB, inflated.get());
                assertTrue(most <= 2L << 20, "one perform handed over " + most + " bytes (http2=" + http2 + ")");
                assertTrue(most >= ContentDecoder.PIECE_SIZE, "at least a piece per perform: " + most);
            }
        }
    }

    /** Success, failure, cancel and close all end the decoder (the counter is in Curl.liveNativeObjects, which NoNativeLeaks checks). */
    @Test
    void everyEndFreesTheDecoder(LoopbackHttpServer server) {
        int before = ContentDecoder.live();
        try (Multi multi = Multi.open(TINY_BUDGET)) {
            Drive.result(multi, multi.process(gzipExchange(server, "/encoded/100000", h -> {})));
            Drive.failure(multi, multi.process(gzipExchange(server, "/encoded/100000?corrupt=30", h -> {})));
            assertEquals(before, ContentDecoder.live(), "after a success and a failure");

            AtomicLong seen = new AtomicLong();
            Exchange cancelled = gzipExchange(server, "/gzip-zeros/" + BOMB, h -> h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                seen.addAndGet(data.remaining());
                return data.remaining();
            }));
            CompletionStage<Outcome<Void, Exchange.Result>> stage = multi.process(cancelled);
            while (seen.get() == 0) multi.perform(100);
            assertEquals(before + 1, ContentDecoder.live(), "a decoder while the bomb inflates");
            assertTrue(multi.cancel(cancelled));
            assertTrue(Drive.failure(multi, stage).isCancelled());
            assertEquals(before, ContentDecoder.live(), "after a cancel");

            AtomicLong seenToo = new AtomicLong();
            multi.process(gzipExchange(server, "/gzip-zeros/" + BOMB, h -> h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                seenToo.addAndGet(data.remaining());
                return data.remaining();
            })));
            while (seenToo.get() == 0) multi.perform(100);
            assertEquals(before + 1, ContentDecoder.live());
        }
        assertEquals(before, ContentDecoder.live(), "after close");
    }

    @Test
    void theCapCountsDecodedPieces(LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            CurlError capped = Drive.failure(multi, multi.process(gzipExchange(server, "/encoded/1048576", h -> h.maxBodyBytes(500_000))));
            assertEquals("CURLE_FILESIZE_EXCEEDED", capped.codeName(), capped.getMessage());
            assertFalse(capped.detail().isEmpty());
        }
    }

    private static Exchange gzipExchange(LoopbackHttpServer server, String path, Consumer<ConfigHandle> more) {
        return new Exchange(server.url(path), h -> {
            h.setopt(CurlOpt.ACCEPT_ENCODING, "");
            more.accept(h);
        });
    }

    private static void assertBadEncoding(Multi multi, LoopbackHttpServer server, String path, String named) {
        CurlError e = Drive.failure(multi, multi.process(gzipExchange(server, path, h -> {})));
        assertEquals("CURLE_BAD_CONTENT_ENCODING", e.codeName(), path + ": " + e.getMessage());
        assertTrue(e.detail().contains(named), path + ": " + e.detail());
    }

    /** The Accept-Encoding header the request sent, as the debug callback saw it. */
    private static String acceptEncodingSent(Multi multi, LoopbackHttpServer server, String accept) {
        StringBuilder sent = new StringBuilder();
        Drive.result(multi, multi.process(new Exchange(server.url("/encoded/10"), h -> {
            h.setopt(CurlOpt.ACCEPT_ENCODING, accept);
            h.setopt(CurlOpt.DEBUGFUNCTION, (DebugCallback) (type, data) -> {
                if (type == DebugCallback.InfoType.HEADER_OUT) sent.append(StandardCharsets.ISO_8859_1.decode(data));
            });
        })));
        for (String line : sent.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Accept-Encoding:", 0, 16)) return line.substring(16).trim();
        }
        throw new AssertionError("no Accept-Encoding in " + sent);
    }
}
