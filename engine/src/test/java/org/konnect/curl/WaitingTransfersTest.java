package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.Fresh;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * {@link MultiOptions#maxRunningTransfers}: requests past the limit wait in the engine, oldest
 * first, and libcurl only ever holds the running ones. Each test counts its server's requests or
 * connections: a fresh server.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class WaitingTransfersTest {
    /** A transfer of {@code /bytes/N} that records which hooks ran. */
    private static final class Tracked extends Exchange {
        int configured;
        final List<CurlError> failures = new ArrayList<>();
        private final boolean throwInConfigure;

        Tracked(String url) {
            this(url, false);
        }

        Tracked(String url, boolean throwInConfigure) {
            super(url);
            this.throwInConfigure = throwInConfigure;
        }

        @Override
        public void configureHandle(ConfigHandle h) {
            configured++;
            if (throwInConfigure) throw new IllegalStateException("configureHandle refuses");
            super.configureHandle(h);
        }

        @Override
        public void failed(CurlError error) {
            failures.add(error);
        }
    }

    private static Multi open(int maxRunning) {
        return Multi.open(MultiOptions.DEFAULTS.withMaxHostConnections(8).withMaxRunningTransfers(maxRunning));
    }

    @Test
    void aThousandTransfersRunAtMostEightAtATime(@Fresh LoopbackHttpServer server) {
        int count = 1000;
        try (Multi multi = open(8)) {
            List<CompletableFuture<Outcome<Void, Exchange.Result>>> stages = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                stages.add(multi.process(new Exchange(server.url("/bytes/" + (1000 + i)))).toCompletableFuture());
            }
            assertEquals(count, multi.transferCount(), "the waiting ones count as transfers");
            assertEquals(8, multi.activeTransfers(), "libcurl holds the running ones only");
            CompletableFuture<Void> all = CompletableFuture.allOf(stages.toArray(new CompletableFuture[0]));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int mostRunning = 0;
            while (!all.isDone() && System.nanoTime() < deadline) {
                multi.perform(100);
                mostRunning = Math.max(mostRunning, multi.activeTransfers());
            }
            assertTrue(all.isDone(), "all transfers done within 60 s");
            assertTrue(mostRunning <= 8, "at most 8 running after any perform, saw " + mostRunning);
            for (int i = 0; i < count; i++) {
                Exchange.Result r = ((Outcome.Final<Void, Exchange.Result>) stages.get(i).join()).result();
                assertEquals(200, r.code());
                assertArrayEquals(LoopbackHttpServer.pattern(1000 + i), r.body());
            }
            assertTrue(server.acceptedConnections() <= 8, "at most 8 connections, saw " + server.acceptedConnections());
            assertEquals(0, multi.transferCount());
            assertEquals(0, multi.activeTransfers());
        }
    }

    @Test
    void waitingTransfersStartInTheOrderTheyWereProcessed(@Fresh LoopbackHttpServer server) {
        try (Multi multi = open(1)) {
            List<Integer> finished = new ArrayList<>();
            List<CompletableFuture<?>> stages = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int index = i;
                stages.add(multi.process(new Exchange(server.url("/bytes/" + (100 + i))))
                        .whenComplete((outcome, error) -> finished.add(index)).toCompletableFuture());
            }
            Drive.until(multi, CompletableFuture.allOf(stages.toArray(new CompletableFuture[0])));
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) expected.add(i);
            assertEquals(expected, finished);
            assertEquals(1, server.acceptedConnections(), "one at a time: one kept-alive connection");
        }
    }

    @Test
    void aCancelledWaitingTransferFailsWithoutEverStarting(@Fresh LoopbackHttpServer server) {
        try (Multi multi = open(1)) {
            Tracked running = new Tracked(server.url("/bytes/100"));
            Tracked waiting = new Tracked(server.url("/bytes/200"));
            CompletableFuture<Outcome<Void, Exchange.Result>> first = multi.process(running).toCompletableFuture();
            CompletableFuture<Outcome<Void, Exchange.Result>> second = multi.process(waiting).toCompletableFuture();
            assertEquals(2, multi.transferCount());
            assertEquals(0, waiting.configured, "a waiting request is not configured yet");

            assertTrue(multi.cancel(waiting));
            CurlError error = Drive.failure(multi, second);
            assertTrue(error.isCancelled(), "cancelled: " + error);
            assertEquals(List.of(error), waiting.failures, "its failed hook ran once, with the stage's error");
            assertEquals(0, waiting.configured, "never configured");
            assertFalse(multi.cancel(waiting), "unknown once cancelled");

            assertEquals(200, Drive.result(multi, first).code());
            assertEquals(1, server.requestCount(), "the cancelled one never reached the server");
            assertEquals(0, multi.transferCount());
        }
    }

    @Test
    void manyCancelledWaitingRequestsLeaveTheOthersInOrder(@Fresh LoopbackHttpServer server) {
        try (Multi multi = open(1)) {
            List<Exchange> requests = new ArrayList<>();
            List<CompletableFuture<Outcome<Void, Exchange.Result>>> stages = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Exchange r = new Exchange(server.url("/bytes/" + (10 + i)));
                requests.add(r);
                stages.add(multi.process(r).toCompletableFuture());
            }
            for (int i = 1; i < 200; i++) {
                if (i % 4 != 0) assertTrue(multi.cancel(requests.get(i)), "cancel " + i);
            }
            assertEquals(50, multi.transferCount(), "the running one and 49 waiting");
            assertEquals(49, multi.waitingTransfers());
            List<Integer> finished = new ArrayList<>();
            for (int i = 0; i < 200; i += 4) {
                int index = i;
                stages.get(i).thenRun(() -> finished.add(index));
            }
            Drive.until(multi, CompletableFuture.allOf(stages.stream().filter(s -> !s.isCompletedExceptionally())
                    .toArray(CompletableFuture[]::new)));
            for (int i = 0; i < 200; i += 4) assertEquals(10 + i, Drive.result(multi, stages.get(i)).body().length);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 200; i += 4) expected.add(i);
            assertEquals(expected, finished, "the ones left started oldest first");
            assertEquals(50, server.requestCount());
        }
    }

    @Test
    void aWaitingRequestThatCancelsItselfWhenConfiguredNeverReachesTheServer(@Fresh LoopbackHttpServer server) {
        try (Multi multi = open(1)) {
            Exchange running = new Exchange(server.url("/bytes/100"));
            Exchange[] self = new Exchange[1];
            self[0] = new Exchange(server.url("/bytes/200"), h -> multi.cancel(self[0]));
            CompletableFuture<Outcome<Void, Exchange.Result>> first = multi.process(running).toCompletableFuture();
            CompletableFuture<Outcome<Void, Exchange.Result>> second = multi.process(self[0]).toCompletableFuture();
            assertEquals(100, Drive.result(multi, first).body().length);
            assertTrue(Drive.failure(multi, second).isCancelled());
            assertEquals(1, server.requestCount(), "cancelled as it started, before libcurl sent anything");
            assertEquals(0, multi.transferCount());
        }
    }

    @Test
    void processingAWaitingRequestAgainIsRefused(@Fresh LoopbackHttpServer server) {
        try (Multi multi = open(1)) {
            Exchange running = new Exchange(server.url("/bytes/100"));
            Exchange waiting = new Exchange(server.url("/bytes/200"));
            CompletableFuture<Outcome<Void, Exchange.Result>> first = multi.process(running).toCompletableFuture();
            CompletableFuture<Outcome<Void, Exchange.Result>> second = multi.process(waiting).toCompletableFuture();
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> multi.process(waiting));
            assertTrue(refused.getMessage().contains("pending stage"), refused.getMessage());
            assertEquals(100, Drive.result(multi, first).body().length);
            assertEquals(200, Drive.result(multi, second).body().length, "the refusal left the waiting one alone");
        }
    }

    @Test
    void closeFailsTheWaitingTransfers(@Fresh LoopbackHttpServer server) {
        Multi multi = open(1);
        List<Tracked> requests = new ArrayList<>();
        List<CompletableFuture<Outcome<Void, Exchange.Result>>> stages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Tracked r = new Tracked(server.url("/bytes/100"));
            requests.add(r);
            stages.add(multi.process(r).toCompletableFuture());
        }
        multi.close();
        for (int i = 0; i < 3; i++) {
            CompletionException failed = assertThrows(CompletionException.class, stages.get(i)::join, "stage " + i + " failed by close");
            CurlError error = assertInstanceOf(CurlError.class, failed.getCause());
            assertTrue(error.isCancelled(), "cancelled: " + error);
            assertEquals(1, requests.get(i).failures.size(), "failed hook of request " + i);
        }
        assertEquals(1, requests.get(0).configured, "the running one was configured");
        assertEquals(0, requests.get(1).configured + requests.get(2).configured, "the waiting ones never were");
    }

    @Test
    void aWaitingTransferThatFailsToStartLetsTheNextOneRun(@Fresh LoopbackHttpServer server) {
        try (Multi multi = open(1)) {
            Tracked first = new Tracked(server.url("/bytes/100"));
            Tracked refusing = new Tracked(server.url("/bytes/200"), true);
            Tracked last = new Tracked(server.url("/bytes/300"));
            CompletableFuture<Outcome<Void, Exchange.Result>> a = multi.process(first).toCompletableFuture();
            CompletableFuture<Outcome<Void, Exchange.Result>> b = multi.process(refusing).toCompletableFuture();
            CompletableFuture<Outcome<Void, Exchange.Result>> c = multi.process(last).toCompletableFuture();
            assertEquals(100, Drive.result(multi, a).body().length);
            CurlError error = Drive.failure(multi, b);
            assertEquals(CurlError.CURLE_ABORTED_BY_CALLBACK, error.code());
            assertInstanceOf(IllegalStateException.class, error.getCause());
            assertEquals(300, Drive.result(multi, c).body().length);
            assertEquals(2, server.requestCount());
        }
    }

    @Test
    void withoutALimitNothingWaits(@Fresh LoopbackHttpServer server) {
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withMaxHostConnections(2))) {
            assertEquals(0, multi.options().maxRunningTransfers());
            for (int i = 0; i < 10; i++) multi.process(new Exchange(server.url("/bytes/10")));
            assertEquals(10, multi.activeTransfers(), "every transfer goes to libcurl, whose own queue waits");
            Exchange last = new Exchange(server.url("/bytes/20"));
            assertEquals(20, Drive.result(multi, multi.process(last)).body().length);
        }
    }

    @Test
    void aNegativeLimitIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultiOptions.DEFAULTS.withMaxRunningTransfers(-1));
        assertTrue(e.getMessage().contains("maxRunningTransfers"), e.getMessage());
        MultiOptions o = MultiOptions.DEFAULTS.withMaxRunningTransfers(3).withMaxHostConnections(4).withBufferSize(65536);
        assertEquals(3, o.maxRunningTransfers(), "the other withers keep it");
        assertNull(o.share());
        assertSame(MultiOptions.DEFAULTS.iterationBudget(), o.iterationBudget());
    }
}
