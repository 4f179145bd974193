package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.konnect.curl.testkit.LoopbackHttpServer;

/** Interim updates: a value every N KiB, delivered one per process() call, then the result. */
class UpdatesTest {
    static LoopbackHttpServer server;

    @BeforeAll
    static void start() {
        server = LoopbackHttpServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Reports the byte count each time another {@code step} bytes have arrived. */
    static final class Progress implements RequestProtocol<Long, Long> {
        final String url;
        final long step;
        long received;
        long reported;

        Progress(String url, long step) {
            this.url = url;
            this.step = step;
        }

        @Override
        public void configureHandle(ConfigHandle h) {
            h.setopt(CurlOpt.URL, url);
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) this::write);
        }

        private int write(ByteBuffer data) {
            received += data.remaining();
            return data.remaining();
        }

        @Override
        public boolean hasUpdate() {
            return received - reported >= step;
        }

        @Override
        public Long getUpdate() {
            reported = received;
            return received;
        }

        @Override
        public Long completed(GetInfoHandle info) {
            return info.getinfo(CurlInfo.SIZE_DOWNLOAD_T);
        }
    }

    @Test
    void updatesArriveInOrderThenTheResult() {
        int size = 512 * 1024;
        Progress request = new Progress(server.url("/bytes/" + size + "?chunk=16384&delayMs=5"), 64 * 1024);
        List<Outcome<Long, Long>> outcomes = new ArrayList<>();
        try (Multi multi = Multi.open()) {
            Outcome<Long, Long> outcome;
            do {
                outcome = Drive.until(multi, multi.process(request));
                outcomes.add(outcome);
            } while (outcome instanceof Outcome.Interim);
        }
        assertTrue(outcomes.size() >= 4, "several updates for 512 KiB at 64 KiB steps: " + outcomes);
        long last = 0;
        for (int i = 0; i < outcomes.size() - 1; i++) {
            Outcome.Interim<Long, Long> u = assertInstanceOf(Outcome.Interim.class, outcomes.get(i));
            assertTrue(u.value() - last >= 64 * 1024, "each update is at least a step after the last");
            last = u.value();
        }
        Outcome.Final<Long, Long> done = assertInstanceOf(Outcome.Final.class, outcomes.get(outcomes.size() - 1));
        assertEquals(size, done.result());
    }

    @Test
    void nothingMoreIsDeliveredUntilProcessedAgain() {
        int size = 256 * 1024;
        // 16 KiB pieces 20 ms apart: the first update comes long before the end of the body.
        Progress request = new Progress(server.url("/bytes/" + size + "?chunk=16384&delayMs=20"), 16 * 1024);
        try (Multi multi = Multi.open()) {
            Outcome<Long, Long> first = Drive.until(multi, multi.process(request));
            assertInstanceOf(Outcome.Interim.class, first);
            assertTrue(((Outcome.Interim<Long, Long>) first).value() < size, "the first update comes before the end");
            // libcurl goes on receiving while nobody asks: the transfer finishes underneath...
            while (multi.activeTransfers() > 0) multi.perform(100);
            assertEquals(size, request.received);
            // ...but each process() yields exactly one outcome: one more update, then the result.
            CompletableFuture<Outcome<Long, Long>> second = multi.process(request).toCompletableFuture();
            assertTrue(second.isDone(), "the accumulated update is ready at once");
            assertInstanceOf(Outcome.Interim.class, second.join());
            assertEquals((long) size, ((Outcome.Interim<Long, Long>) second.join()).value());
            CompletableFuture<Outcome<Long, Long>> third = multi.process(request).toCompletableFuture();
            assertEquals(new Outcome.Final<Long, Long>((long) size), third.join());
            assertFalse(multi.cancel(request), "a delivered request is forgotten");
        }
    }

    @Test
    void processingAPendingRequestAgainIsRefused() {
        Progress request = new Progress(server.url("/drip/100000"), 1 << 30);
        try (Multi multi = Multi.open()) {
            multi.process(request);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> multi.process(request));
            assertTrue(e.getMessage().contains("pending"), e.getMessage());
            assertTrue(multi.cancel(request));
        }
    }
}
