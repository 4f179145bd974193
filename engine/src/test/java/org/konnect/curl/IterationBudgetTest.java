package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * The loop's iteration budget ({@link MultiOptions#iterationBudget}): past it, each transfer's
 * next chunk pauses that transfer until the next perform. A gzip bomb then no longer holds the
 * loop (libcurl inflates a whole socket read inside one call otherwise), and the pauses lose
 * or reorder no byte, over HTTP/1.1 and HTTP/2, plain and decoded.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class IterationBudgetTest {
    /** 128 MiB of zeros: about 128 KiB on the wire, so libcurl has it all after a few reads. */
    private static final long BOMB = 128L << 20;

    @Test
    void aSmallTransferFinishesWhileAGzipBombInflates(LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            AtomicLong inflated = new AtomicLong();
            CompletionStage<Outcome<Void, Exchange.Result>> bomb = multi.process(bomb(server, inflated));
            performUntil(multi, () -> inflated.get() > 0);

            CompletionStage<Outcome<Void, Exchange.Result>> small = multi.process(new Exchange(server.url("/bytes/100")));
            Exchange.Result r = Drive.result(multi, small);
            assertEquals(100, r.body().length);
            assertFalse(bomb.toCompletableFuture().isDone(), "the bomb had finished before a 100-byte GET could: it held the loop");
            assertTrue(inflated.get() < BOMB, inflated.get() + " bytes inflated");

            Exchange.Result all = Drive.result(multi, bomb);
            assertEquals(200, all.code());
            assertEquals(BOMB, inflated.get());
        }
    }

    @Test
    void aCancelTakesEffectWhileAGzipBombInflates(LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            AtomicLong inflated = new AtomicLong();
            Exchange request = bomb(server, inflated);
            CompletionStage<Outcome<Void, Exchange.Result>> bomb = multi.process(request);
            performUntil(multi, () -> inflated.get() > 0);
            assertTrue(multi.cancel(request));
            CurlError e = Drive.failure(multi, bomb);
            assertTrue(e.isCancelled(), e.getMessage());
            assertTrue(inflated.get() < BOMB, "cancelled after " + inflated.get() + " of " + BOMB + " bytes");
            assertEquals(0, multi.transferCount());
        }
    }

    /** A budget of one nanosecond: every chunk after an iteration's first pauses its transfer. */
    @Test
    void yieldingLosesNoBytesOverHttp1AndHttp2(LoopbackHttpServer server) {
        MultiOptions tiny = MultiOptions.DEFAULTS.withIterationBudget(Duration.ofNanos(1));
        try (Multi multi = Multi.open(tiny)) {
            List<CompletionStage<Outcome<Void, Exchange.Result>>> stages = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                stages.add(multi.process(new Exchange(server.url("/bytes/1048576"))));
                stages.add(multi.process(new Exchange(server.url("/bytes/1048576"),
                        h -> h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2_PRIOR_KNOWLEDGE))));
            }
            for (CompletionStage<Outcome<Void, Exchange.Result>> s : stages) {
                Exchange.Result r = Drive.result(multi, s);
                assertEquals(200, r.code());
                assertEquals(1 << 20, r.body().length);
                assertPattern(r.body());
            }
        }
    }

    @Test
    void yieldingLosesNoDecodedBytes(LoopbackHttpServer server) {
        MultiOptions tiny = MultiOptions.DEFAULTS.withIterationBudget(Duration.ofNanos(1));
        try (Multi multi = Multi.open(tiny)) {
            AtomicLong nonZero = new AtomicLong();
            AtomicLong total = new AtomicLong();
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(server.url("/gzip-zeros/16777216"), h -> {
                h.setopt(CurlOpt.ACCEPT_ENCODING, "");
                h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                    int n = data.remaining();
                    for (int i = 0; i < n; i++) if (data.get() != 0) nonZero.incrementAndGet();
                    total.addAndGet(n);
                    return n;
                });
            })));
            assertEquals(200, r.code());
            assertEquals(16L << 20, total.get());
            assertEquals(0, nonZero.get());
        }
    }

    /**
     * libcurl refuses a write callback's PAUSE for file:// (CURLE_WRITE_ERROR, "Write callback
     * asked for PAUSE when not supported"), so a file:// transfer never yields, whatever the budget.
     */
    @Test
    void aFileUrlNeverYields(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        byte[] content = new byte[8 << 20];
        new java.util.Random(3).nextBytes(content);
        java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("big.bin"), content);
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withIterationBudget(Duration.ofNanos(1)))) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(file.toUri().toString())));
            assertTrue(java.util.Arrays.equals(content, r.body()), "the file:// body differs");
        }
    }

    /** With no budget, the same downloads are whole too (the budget is the only difference). */
    @Test
    void noBudgetMeansNoYield(LoopbackHttpServer server) {
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withIterationBudget(Duration.ZERO))) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(server.url("/bytes/1048576"))));
            assertEquals(1 << 20, r.body().length);
            assertPattern(r.body());
        }
    }

    private static Exchange bomb(LoopbackHttpServer server, AtomicLong inflated) {
        return new Exchange(server.url("/gzip-zeros/" + BOMB), h -> {
            h.setopt(CurlOpt.ACCEPT_ENCODING, "");
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) (ByteBuffer data) -> {
                inflated.addAndGet(data.remaining());
                return data.remaining();
            });
        });
    }

    private static void performUntil(Multi multi, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met in 30 s");
            multi.perform(100);
        }
    }

    private static void assertPattern(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] != (byte) (i % 251)) throw new AssertionError("byte " + i + " is " + body[i] + ", not " + (i % 251));
        }
    }
}
