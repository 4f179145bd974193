package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.konnect.curl.testkit.LoopbackHttpServer;

/** Hooks that call back into the Multi, callback buffers' bounds, wake-ups between waits. */
class ReentrancyAndBoundsTest {
    static LoopbackHttpServer server;

    @BeforeAll
    static void start() {
        server = LoopbackHttpServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        assertEquals(0, Curl.liveNativeObjects());
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
        assertEquals(new Outcome.Completed<Void, String>("done"), stage.join());
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
