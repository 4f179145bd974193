package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testing.ProgressRequest;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Interim updates: a value every N KiB, delivered one per process() call, then the result. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class UpdatesTest {
    final LoopbackHttpServer server;

    UpdatesTest(LoopbackHttpServer server) {
        this.server = server;
    }

    @Test
    void updatesArriveInOrderThenTheResult() {
        int size = 512 * 1024;
        ProgressRequest request = new ProgressRequest(server.url("/bytes/" + size + "?chunk=16384&delayMs=5"), 64 * 1024);
        List<Outcome<Long, Integer>> outcomes = new ArrayList<>();
        try (Multi multi = Multi.open()) {
            Outcome<Long, Integer> outcome;
            do {
                outcome = Drive.until(multi, multi.process(request));
                outcomes.add(outcome);
            } while (outcome instanceof Outcome.Interim);
        }
        assertTrue(outcomes.size() >= 4, "several updates for 512 KiB at 64 KiB steps: " + outcomes);
        long last = 0;
        for (int i = 0; i < outcomes.size() - 1; i++) {
            Outcome.Interim<Long, Integer> u = assertInstanceOf(Outcome.Interim.class, outcomes.get(i));
            assertTrue(u.value() - last >= 64 * 1024, "each update is at least a step after the last");
            last = u.value();
        }
        Outcome.Final<Long, Integer> done = assertInstanceOf(Outcome.Final.class, outcomes.get(outcomes.size() - 1));
        assertEquals(200, done.result());
        assertEquals(size, request.received(), "the result comes after the whole body");
    }

    @Test
    void nothingMoreIsDeliveredUntilProcessedAgain() {
        int size = 256 * 1024;
        // 16 KiB pieces 20 ms apart: the first update comes long before the end of the body.
        ProgressRequest request = new ProgressRequest(server.url("/bytes/" + size + "?chunk=16384&delayMs=20"), 16 * 1024);
        try (Multi multi = Multi.open()) {
            Outcome<Long, Integer> first = Drive.until(multi, multi.process(request));
            assertInstanceOf(Outcome.Interim.class, first);
            assertTrue(((Outcome.Interim<Long, Integer>) first).value() < size, "the first update comes before the end");
            // libcurl goes on receiving while nobody asks: the transfer finishes underneath...
            while (multi.activeTransfers() > 0) multi.perform(100);
            assertEquals(size, request.received());
            // ...but each process() yields exactly one outcome: one more update, then the result.
            CompletableFuture<Outcome<Long, Integer>> second = multi.process(request).toCompletableFuture();
            assertTrue(second.isDone(), "the accumulated update is ready at once");
            assertInstanceOf(Outcome.Interim.class, second.join());
            assertEquals((long) size, ((Outcome.Interim<Long, Integer>) second.join()).value());
            CompletableFuture<Outcome<Long, Integer>> third = multi.process(request).toCompletableFuture();
            assertEquals(new Outcome.Final<Long, Integer>(200), third.join());
            assertFalse(multi.cancel(request), "a delivered request is forgotten");
        }
    }

    @Test
    void processingAPendingRequestAgainIsRefused() {
        ProgressRequest request = new ProgressRequest(server.url("/drip/100000"), 1 << 30);
        try (Multi multi = Multi.open()) {
            multi.process(request);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> multi.process(request));
            assertTrue(e.getMessage().contains("pending"), e.getMessage());
            assertTrue(multi.cancel(request));
        }
    }
}
