package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;

/** Every native object (multi, easy handles, slists, kept bodies, global refs) is freed: the count returns to 0. */
@ExtendWith(LoopbackServers.class)
class NativeObjectsTest {
    private final LoopbackHttpServer http;

    NativeObjectsTest(LoopbackHttpServer http) {
        this.http = http;
    }

    @BeforeEach
    void nothingLiveBefore() {
        // Every test here closes its Multis, and so do the other classes' (NoNativeLeaks checks them):
        // this class's tests can assert the count returns to 0.
        assertEquals(0, Curl.liveNativeObjects(), "native objects alive before the test");
    }

    /** Counts failed() calls and notes when body data first arrived. */
    private static final class Tracked implements RequestProtocol<Void, Integer> {
        final String url;
        final CompletableFuture<Void> firstData = new CompletableFuture<>();
        long received;
        int failedCalls;
        CurlError failedWith;

        Tracked(String url) {
            this.url = url;
        }

        @Override
        public void configureHandle(ConfigHandle handle) {
            handle.setopt(CurlOpt.URL, url);
            handle.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                received += data.remaining();
                firstData.complete(null);
                return data.remaining();
            });
        }

        @Override
        public Integer completed(GetInfoHandle info) {
            return info.getinfo(CurlInfo.RESPONSE_CODE);
        }

        @Override
        public void failed(CurlError error) {
            failedCalls++;
            failedWith = error;
        }
    }

    private static CurlError failureOf(CompletionStage<?> stage) {
        CompletableFuture<?> f = stage.toCompletableFuture();
        assertTrue(f.isDone(), "stage not done");
        try {
            f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof CurlError) return (CurlError) e.getCause();
            throw new AssertionError("expected a CurlError", e.getCause());
        }
        throw new AssertionError("expected the stage to fail, but it completed");
    }

    @Test
    void successFreesEverythingOnClose() {
        try (Multi multi = Multi.open()) {
            assertTrue(Curl.liveNativeObjects() > 0, "an open multi owns native objects");
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(http.url("/bytes/100000"))));
            assertEquals(100_000, r.body().length);
            assertTrue(Curl.liveNativeObjects() > 0);
        }
        assertEquals(0, Curl.liveNativeObjects());
    }

    @Test
    void failureFreesEverythingOnClose() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        try (Multi multi = Multi.open()) {
            CurlError error = Drive.failure(multi, multi.process(new Exchange("http://127.0.0.1:" + port + "/")));
            assertEquals("CURLE_COULDNT_CONNECT", error.codeName());
        }
        assertEquals(0, Curl.liveNativeObjects());
    }

    @Test
    void cancelOfAnInFlightTransferClosesItsConnectionAndFreesEverything() {
        Tracked drip = new Tracked(http.url("/drip/1000000"));
        try (Multi multi = Multi.open()) {
            CompletionStage<Outcome<Void, Integer>> stage = multi.process(drip);
            Drive.until(multi, drip.firstData);
            assertTrue(http.awaitActiveConnections(1, Duration.ofSeconds(10)), "the transfer's connection is open");

            assertTrue(multi.cancel(drip));
            CurlError error = failureOf(stage);
            assertTrue(error.isCancelled(), "cancelled: " + error);
            assertEquals(1, drip.failedCalls);
            assertSame(error, drip.failedWith);
            assertEquals(0, multi.transferCount());
            assertTrue(http.awaitActiveConnections(0, Duration.ofSeconds(10)),
                    "the server still sees " + http.activeConnections() + " connection(s) after cancel");
            assertTrue(drip.received < 1_000_000, "the drip cannot have finished");
        }
        assertEquals(0, Curl.liveNativeObjects());
    }

    @Test
    void closeWithTransfersPendingCancelsThemAllAndFreesEverything() {
        List<Tracked> requests = new ArrayList<>();
        List<CompletionStage<Outcome<Void, Integer>>> stages = new ArrayList<>();
        Multi multi = Multi.open();
        try {
            for (int i = 0; i < 10; i++) {
                Tracked t = new Tracked(http.url("/drip/1000000"));
                requests.add(t);
                stages.add(multi.process(t));
            }
            for (Tracked t : requests) Drive.until(multi, t.firstData);
            assertEquals(10, multi.transferCount());
        } finally {
            multi.close();
        }
        assertEquals(0, Curl.liveNativeObjects());
        for (int i = 0; i < 10; i++) {
            CurlError error = failureOf(stages.get(i));
            assertTrue(error.isCancelled(), "transfer " + i + ": " + error);
            assertEquals(1, requests.get(i).failedCalls, "failed() calls of transfer " + i);
            assertSame(error, requests.get(i).failedWith);
        }
        assertTrue(http.awaitActiveConnections(0, Duration.ofSeconds(10)),
                "the server still sees " + http.activeConnections() + " connection(s) after close");
    }

    @Test
    void headerListAndPostBodyAreCountedAndFreed() {
        long[] counts = new long[3];
        try (Multi multi = Multi.open()) {
            Exchange exchange = new Exchange(http.url("/echo"), h -> {
                counts[0] = Curl.liveNativeObjects();
                h.setopt(CurlOpt.HTTPHEADER, List.of("X-Kept: 1", "X-Also: 2"));
                counts[1] = Curl.liveNativeObjects();
                h.setopt(CurlOpt.POSTFIELDS, "kept alive body");
                counts[2] = Curl.liveNativeObjects();
            });
            Exchange.Result r = Drive.result(multi, multi.process(exchange));
            assertEquals("kept alive body", r.text());
            assertEquals("1", r.header("X-Echo-X-Kept"));
            assertEquals(counts[0] + 1, counts[1], "the header slist is counted");
            assertEquals(counts[0] + 2, counts[2], "the kept POSTFIELDS copy is counted");
            assertEquals(counts[0], Curl.liveNativeObjects(), "the slist and body are freed when the transfer ends");
        }
        assertEquals(0, Curl.liveNativeObjects());
    }

    @Test
    void sequentialTransfersKeepTheCountBounded() {
        long after50 = -1;
        try (Multi multi = Multi.open()) {
            for (int i = 1; i <= 300; i++) {
                Exchange exchange;
                if (i % 10 == 0) {
                    String body = "body " + i;
                    exchange = new Exchange(http.url("/echo"), h -> {
                        h.setopt(CurlOpt.HTTPHEADER, List.of("X-Index: " + body));
                        h.setopt(CurlOpt.POSTFIELDS, body);
                    });
                    Exchange.Result r = Drive.result(multi, multi.process(exchange));
                    assertEquals(body, r.text());
                    assertEquals(body, r.header("X-Echo-X-Index"));
                } else {
                    exchange = new Exchange(http.url("/bytes/" + (100 + i)));
                    Exchange.Result r = Drive.result(multi, multi.process(exchange));
                    assertEquals(100 + i, r.body().length);
                }
                if (i == 50) after50 = Curl.liveNativeObjects();
            }
            assertEquals(after50, Curl.liveNativeObjects(), "live native objects grew between transfer 50 and 300");
        }
        assertEquals(0, Curl.liveNativeObjects());
    }
}
