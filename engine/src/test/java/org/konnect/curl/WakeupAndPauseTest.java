package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** wakeup() ends a blocked perform at once; an idle perform blocks; pause and resume from another thread. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class WakeupAndPauseTest {
    private final LoopbackHttpServer http;

    WakeupAndPauseTest(LoopbackHttpServer http) {
        this.http = http;
    }

    private static Throwable onOtherThread(Runnable action) throws InterruptedException {
        return OtherThread.run("pauser", action);
    }

    /** Performs for {@code millis} of wall time, however many iterations that takes; returns how many. */
    private static int performFor(Multi multi, long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        int iterations = 0;
        while ((left = end - System.nanoTime()) > 0) {
            multi.perform(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            iterations++;
        }
        return iterations;
    }

    @Test
    void wakeupFromAnotherThreadEndsABlockedPerform() throws Exception {
        try (Multi multi = Multi.open()) {
            CountDownLatch aboutToPerform = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread waker = new Thread(() -> {
                try {
                    aboutToPerform.await();
                    multi.wakeup();
                } catch (Throwable e) {
                    thrown.set(e);
                }
            }, "waker");
            waker.start();
            long start = System.nanoTime();
            aboutToPerform.countDown();
            multi.perform(10_000);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            waker.join(10_000);
            assertNull(thrown.get(), "wakeup threw");
            assertTrue(elapsedMs < 5_000, "perform(10 s) returned only after " + elapsedMs + " ms despite wakeup()");
        }
    }

    @Test
    void idlePerformBlocksForItsMaxWait() {
        try (Multi multi = Multi.open()) {
            long start = System.nanoTime();
            int delivered = multi.perform(200);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(0, delivered);
            assertTrue(elapsedMs >= 150, "an idle perform(200) returned after " + elapsedMs + " ms: it spins");
            assertTrue(elapsedMs < 5_000, "an idle perform(200) took " + elapsedMs + " ms");
        }
    }

    /** Keeps the body; its write callback may pause once, after {@code pauseAfter} bytes. */
    private static final class Pausing implements RequestProtocol<Void, byte[]> {
        final String url;
        final long pauseAfter;
        /** Pause with {@code handle.pause(PAUSE_RECV)} inside the callback, taking the chunk, instead of answering PAUSE. */
        boolean pauseThroughTheHandle;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final CompletableFuture<Void> paused = new CompletableFuture<>();
        CompletableFuture<Void> progressed = new CompletableFuture<>();
        long progressMark = Long.MAX_VALUE;
        ConfigHandle handle;
        int pauseReturns;

        Pausing(String url, long pauseAfter) {
            this.url = url;
            this.pauseAfter = pauseAfter;
        }

        /** A future completed when more than {@code bytes} have been received. */
        CompletableFuture<Void> whenMoreThan(long bytes) {
            progressMark = bytes;
            progressed = new CompletableFuture<>();
            if (body.size() > bytes) progressed.complete(null);
            return progressed;
        }

        @Override
        public void configureHandle(ConfigHandle h) {
            handle = h;
            h.setopt(CurlOpt.URL, url);
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                if (!paused.isDone() && body.size() >= pauseAfter && !pauseThroughTheHandle) {
                    pauseReturns++;
                    paused.complete(null);
                    return WriteCallback.PAUSE;
                }
                int n = data.remaining();
                byte[] chunk = new byte[n];
                data.get(chunk);
                body.write(chunk, 0, n);
                if (!paused.isDone() && body.size() >= pauseAfter && pauseThroughTheHandle) {
                    h.pause(ConfigHandle.PAUSE_RECV);
                    paused.complete(null);
                }
                if (body.size() > progressMark) progressed.complete(null);
                return n;
            });
        }

        @Override
        public byte[] completed(GetInfoHandle info) {
            return body.toByteArray();
        }
    }

    @Test
    void writeFunctionPauseHoldsTheTransferUntilResumedFromAnotherThread() throws Exception {
        Pausing request = new Pausing(http.url("/bytes/2000000"), 64 * 1024);
        try (Multi multi = Multi.open()) {
            CompletionStage<Outcome<Void, byte[]>> stage = multi.process(request);
            Drive.until(multi, request.paused);
            int atPause = request.body.size();
            assertTrue(atPause >= 64 * 1024);

            performFor(multi, 300);
            assertEquals(atPause, request.body.size(), "bytes arrived while the transfer was paused");
            assertFalse(stage.toCompletableFuture().isDone());
            assertEquals(1, request.pauseReturns);

            assertNull(onOtherThread(() -> request.handle.pause(ConfigHandle.PAUSE_CONT)), "pause(CONT) threw");
            byte[] body = Drive.result(multi, stage);
            assertEquals(2_000_000, body.length);
            assertTrue(LoopbackHttpServer.isPattern(body), "the body does not match the pattern");
            assertEquals(1, request.pauseReturns);
        }
    }

    @Test
    void pauseRecvFromAnotherThreadStopsADripUntilContinued() throws Exception {
        Pausing request = new Pausing(http.url("/drip/1000000"), Long.MAX_VALUE);
        try (Multi multi = Multi.open()) {
            CompletionStage<Outcome<Void, byte[]>> stage = multi.process(request);
            Drive.until(multi, request.whenMoreThan(4 * 1024), Duration.ofSeconds(10));

            assertNull(onOtherThread(() -> request.handle.pause(ConfigHandle.PAUSE_RECV)), "pause(RECV) threw");
            multi.perform(0);   // the pause, handed to the owner thread, is applied in this iteration
            int atPause = request.body.size();
            performFor(multi, 300);   // the drip sends 1 KiB every 20 ms: about 15 KiB would arrive unpaused
            assertEquals(atPause, request.body.size(), "bytes arrived while the transfer was paused");

            assertNull(onOtherThread(() -> request.handle.pause(ConfigHandle.PAUSE_CONT)), "pause(CONT) threw");
            Drive.until(multi, request.whenMoreThan(atPause), Duration.ofSeconds(10));
            assertTrue(request.body.size() > atPause);
            assertTrue(LoopbackHttpServer.isPattern(request.body.toByteArray()));
            assertFalse(stage.toCompletableFuture().isDone());
            assertTrue(multi.cancel(request));
        }
    }

    /**
     * libcurl 8.14.1, paused by {@code curl_easy_pause} from inside its write callback, keeps its
     * timer at zero while the transfer stays paused: the loop would spin at full CPU (about 150,000
     * iterations in 300 ms here). The engine applies such a pause once libcurl has returned, so
     * a paused transfer leaves perform blocked for its wait.
     */
    @Test
    void pauseRecvFromInsideTheWriteCallbackLeavesTheLoopIdle() throws Exception {
        Pausing request = new Pausing(http.url("/bytes/20000000"), 1_000_000);
        request.pauseThroughTheHandle = true;
        try (Multi multi = Multi.open()) {
            CompletionStage<Outcome<Void, byte[]>> stage = multi.process(request);
            Drive.until(multi, request.paused);
            multi.perform(0);   // libcurl may still have had a chunk in hand: it is kept now
            int atPause = request.body.size();

            int iterations = performFor(multi, 300);
            assertEquals(atPause, request.body.size(), "bytes arrived while the transfer was paused");
            assertTrue(iterations <= 100, "perform ran " + iterations + " iterations in 300 ms for a paused transfer");

            request.handle.pause(ConfigHandle.PAUSE_CONT);
            byte[] body = Drive.result(multi, stage);
            assertEquals(20_000_000, body.length);
            assertTrue(LoopbackHttpServer.isPattern(body), "the body does not match the pattern");
        }
    }
}
