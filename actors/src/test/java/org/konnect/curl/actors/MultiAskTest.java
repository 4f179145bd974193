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
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.CurlError;
import org.konnect.curl.Request;
import org.konnect.curl.testing.ProgressRequest;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackRawServer;
import org.konnect.curl.testservers.LoopbackServers;

/**
 * One instance for the class (PER_CLASS), whose tests share one MultiActor; Pekko's extension
 * shuts the ActorTestKit, and that actor with it, down after the last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({TestKitJUnit5Extension.class, LoopbackServers.class})
class MultiAskTest {
    @JUnit5TestKit
    final ActorTestKit testKit = new JUnit5TestKitBuilder().build();
    final LoopbackHttpServer http;
    final ActorRef<MultiActor.Command> actor;

    MultiAskTest(LoopbackHttpServer http) {
        this.http = http;
        actor = MultiActor.spawn(testKit.system(), "multi-ask-test", MultiActorSettings.create(testKit.system()));
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
        ProgressRequest request = new ProgressRequest(http.url("/bytes/200000?chunk=20000&delayMs=5"), 50_000);
        Integer code = MultiAsk.ask(testKit.system(), actor, request, Duration.ofSeconds(10), updates::add)
                .toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertEquals(200, code);
        assertTrue(updates.size() >= 3, "updates: " + updates);
        for (int i = 1; i < updates.size(); i++) assertTrue(updates.get(i) - updates.get(i - 1) >= 50_000, updates.toString());
        assertEquals(200_000, request.received());
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
