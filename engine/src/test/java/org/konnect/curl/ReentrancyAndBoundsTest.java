package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Hooks that call back into the Multi, callback buffers' bounds, wake-ups between waits. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class ReentrancyAndBoundsTest {
    final LoopbackHttpServer server;

    ReentrancyAndBoundsTest(LoopbackHttpServer server) {
        this.server = server;
    }

    @Test
    void aWakeupBetweenTwoWaitsEndsTheNextWait() {
        try (Multi multi = Multi.open()) {
            multi.wakeup();
            multi.perform(0);          // consumes the first wake-up
            multi.wakeup();            // must not be mistaken for the one already consumed
            long start = System.nanoTime();
            multi.perform(5000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 2000, "the second wake-up ended the wait after " + millis + " ms");
        }
    }

    @Test
    void callbackViewsCannotReachPastLibcurlsBuffer() {
        ByteBuffer[] kept = new ByteBuffer[1];
        boolean[] bounded = {true};
        try (Multi multi = Multi.open()) {
            Exchange ex = new Exchange(server.url("/bytes/200000")) {
                @Override
                int onBody(ByteBuffer data) {
                    int n = data.remaining();
                    bounded[0] &= data.capacity() == n && data.clear().remaining() == n;
                    kept[0] = data;
                    return super.onBody(data.position(0));
                }
            };
            Drive.result(multi, multi.process(ex));
        }
        assertTrue(bounded[0], "capacity == limit == the chunk's length, even after clear()");
        assertEquals(0, kept[0].capacity(), "a view kept after its callback holds nothing");
        assertEquals(0, kept[0].clear().remaining());
    }

    /**
     * Unpausing B inside A's write callback makes libcurl deliver B's held chunk right there,
     * through the same callback kind: A's view must be intact afterwards, and both bodies whole.
     */
    @Test
    void aNestedWriteCallbackLeavesTheOuterViewIntact() {
        boolean[] bPaused = {false};
        boolean[] unpaused = {false};
        boolean[] intact = {true};
        int[] nestedCalls = {0};
        int[] depth = {0};
        try (Multi multi = Multi.open()) {
            Exchange b = new Exchange(server.url("/bytes/50000")) {
                @Override
                int onBody(ByteBuffer data) {
                    if (depth[0] > 0) nestedCalls[0]++;
                    if (!bPaused[0]) {
                        bPaused[0] = true;
                        return WriteCallback.PAUSE;   // libcurl keeps this chunk for later
                    }
                    return super.onBody(data);
                }
            };
            Exchange a = new Exchange(server.url("/drip/20000")) {
                @Override
                int onBody(ByteBuffer data) {
                    if (bPaused[0] && !unpaused[0]) {
                        unpaused[0] = true;
                        int position = data.position(), limit = data.limit(), capacity = data.capacity();
                        byte first = data.get(0);
                        depth[0]++;
                        b.handle.pause(ConfigHandle.PAUSE_CONT);
                        depth[0]--;
                        intact[0] = data.position() == position && data.limit() == limit
                                && data.capacity() == capacity && data.get(0) == first;
                    }
                    return super.onBody(data);
                }
            };
            CompletableFuture<Outcome<Void, Exchange.Result>> sb = multi.process(b).toCompletableFuture();
            while (!bPaused[0]) multi.perform(100);   // B has paused with a chunk held
            CompletableFuture<Outcome<Void, Exchange.Result>> sa = multi.process(a).toCompletableFuture();
            Exchange.Result ra = Drive.result(multi, sa);
            Exchange.Result rb = Drive.result(multi, sb);
            assertTrue(unpaused[0], "A unpaused B from inside its callback");
            assertTrue(intact[0], "A's view survived B's nested delivery");
            assertTrue(LoopbackHttpServer.isPattern(ra.body()) && ra.body().length == 20000);
            assertTrue(LoopbackHttpServer.isPattern(rb.body()) && rb.body().length == 50000);
            assertTrue(nestedCalls[0] > 0, "libcurl delivered B's held chunk inside A's callback");
        }
    }

    @Test
    void hooksThatCancelOrCloseAreDeferredNotCrashing() {
        Multi multi = Multi.open();
        RequestProtocol<Void, String>[] self = new RequestProtocol[1];
        self[0] = new RequestProtocol<>() {
            @Override
            public void configureHandle(ConfigHandle h) {
                h.setopt(CurlOpt.URL, server.url("/bytes/10"));
                h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) ByteBuffer::remaining);
                assertThrows(IllegalStateException.class, () -> multi.process(new Exchange(server.url("/bytes/1"))));
            }

            @Override
            public String completed(GetInfoHandle info) {
                multi.cancel(self[0]);     // deferred: the transfer is already completing
                multi.close();             // deferred to the end of this perform
                return "done";
            }
        };
        CompletableFuture<Outcome<Void, String>> stage = multi.process(self[0]).toCompletableFuture();
        CompletableFuture<Outcome<Void, Exchange.Result>> other =
                multi.process(new Exchange(server.url("/drip/100000"))).toCompletableFuture();
        while (!stage.isDone()) multi.perform(100);
        assertEquals(new Outcome.Final<Void, String>("done"), stage.join());
        assertTrue(multi.isClosed(), "the close asked for inside completed() took effect after it");
        CompletionException e = assertThrows(CompletionException.class, other::join);
        assertTrue(assertInstanceOf(CurlError.class, e.getCause()).isCancelled());
        multi.close();
    }

    @Test
    void closeInsideConfigureHandleIsDeferred() {
        Multi multi = Multi.open();
        CompletableFuture<Outcome<Void, Exchange.Result>> stage = multi.process(new Exchange(server.url("/bytes/10"),
                h -> multi.close())).toCompletableFuture();
        assertTrue(multi.isClosed());
        CompletionException e = assertThrows(CompletionException.class, stage::join);
        assertTrue(assertInstanceOf(CurlError.class, e.getCause()).isCancelled());
    }

    @Test
    void aBodySizeBeyondThePostFieldsIsRefused() {
        IllegalArgumentException[] seen = new IllegalArgumentException[1];
        try (Multi multi = Multi.open()) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(server.url("/echo"), h -> {
                h.setopt(CurlOpt.POSTFIELDS, "abc");
                seen[0] = assertThrows(IllegalArgumentException.class, () -> h.setopt(CurlOpt.POSTFIELDSIZE_LARGE, 65536L));
                h.setopt(CurlOpt.POSTFIELDSIZE_LARGE, 2L);   // smaller is libcurl's documented use
            })));
            assertEquals("ab", r.text());
        }
        assertTrue(seen[0].getMessage().contains("exceeds the 3 bytes of CURLOPT_POSTFIELDS"), seen[0].getMessage());
    }

    @Test
    void thePrivatePointerIsNotReadable() {
        IllegalArgumentException[] seen = new IllegalArgumentException[1];
        try (Multi multi = Multi.open()) {
            Drive.result(multi, multi.process(new Exchange(server.url("/bytes/1")) {
                @Override
                public Result completed(GetInfoHandle info) {
                    seen[0] = assertThrows(IllegalArgumentException.class, () -> info.getinfo(CurlInfo.of("PRIVATE", 0x100000 + 21)));
                    return super.completed(info);
                }
            }));
        }
        assertTrue(seen[0].getMessage().contains("PRIVATE"));
    }
}
