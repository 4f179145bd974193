package org.konnect.curl.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.konnect.curl.CurlError;
import org.konnect.curl.Request;
import org.konnect.curl.testkit.LoopbackHttpServer;
import org.konnect.curl.testkit.LoopbackRawServer;

class MultiAskTest {
    static final ActorTestKit testKit = ActorTestKit.create();
    static LoopbackHttpServer http;
    static ActorRef<MultiActor.Command> actor;

    @BeforeAll
    static void start() {
        http = LoopbackHttpServer.start();
        actor = MultiActor.spawn(testKit.system(), "multi-ask-test", MultiActorSettings.create(testKit.system()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
        http.close();
    }

    @Test
    void returnsTheFinalResult() throws Exception {
        Request.Response r = MultiAsk.ask(testKit.system(), actor, Request.toMemory(http.url("/bytes/7777")), Duration.ofSeconds(10))
                .toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertEquals(200, r.responseCode());
        assertEquals(7777, r.body().length);
    }

    @Test
    void handsEachUpdateToTheConsumer() throws Exception {
        List<Long> updates = new CopyOnWriteArrayList<>();
        Requests.Progress request = new Requests.Progress(http.url("/bytes/200000?chunk=20000&delayMs=5"), 50_000);
        Integer code = MultiAsk.ask(testKit.system(), actor, request, Duration.ofSeconds(10), updates::add)
                .toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertEquals(200, code);
        assertTrue(updates.size() >= 3, "updates: " + updates);
        for (int i = 1; i < updates.size(); i++) assertTrue(updates.get(i) - updates.get(i - 1) >= 50_000, updates.toString());
        assertEquals(200_000, request.received);
    }

    @Test
    void failsWithTheCurlError() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> MultiAsk.ask(testKit.system(), actor,
                Request.toMemory("foo://nowhere/"), Duration.ofSeconds(10)).toCompletableFuture().get(15, TimeUnit.SECONDS));
        CurlError error = assertInstanceOf(CurlError.class, e.getCause());
        assertEquals("CURLE_UNSUPPORTED_PROTOCOL", error.codeName());
    }

    @Test
    void aStoppedMultiActorFailsTheAskAtOnce() {
        MultiActorSettings settings = MultiActorSettings.create(testKit.system());
        ActorRef<MultiActor.Command> gone = testKit.spawn(MultiActor.create(settings), MultiActor.props(settings));
        testKit.stop(gone);
        long start = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class, () -> MultiAsk.ask(testKit.system(), gone,
                Request.toMemory(http.url("/bytes/1")), Duration.ofSeconds(30)).toCompletableFuture().get(15, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("stopped before the final reply"), e.getCause().getMessage());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 10_000, "failed at once, not at the 30 s timeout");
    }

    @Test
    void aTimeoutCancelsTheTransfer() {
        try (LoopbackRawServer server = LoopbackRawServer.start(LoopbackRawServer.stall())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> MultiAsk.ask(testKit.system(), actor,
                    Request.toMemory(server.url("/stalled")), Duration.ofMillis(300)).toCompletableFuture().get(15, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertTrue(server.awaitDisconnects(1, Duration.ofSeconds(10)), "the transfer was cancelled");
        }
    }
}
