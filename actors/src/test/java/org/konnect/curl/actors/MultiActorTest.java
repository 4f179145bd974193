package org.konnect.curl.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.Curl;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.MultiOptions;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.testing.CountingRequest;
import org.konnect.curl.testing.ProgressRequest;
import org.konnect.curl.testservers.Fresh;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackRawServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * One instance for the class (PER_CLASS): Pekko's extension shuts its ActorTestKit down after
 * the last test. Every test's MultiActors are stopped after it, and NoNativeLeaks checks that
 * they freed everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({TestKitJUnit5Extension.class, LoopbackServers.class, NoNativeLeaks.class})
class MultiActorTest {
    @JUnit5TestKit
    final ActorTestKit testKit = new JUnit5TestKitBuilder().build();
    final LoopbackHttpServer http;
    final List<ActorRef<?>> spawned = new ArrayList<>();
    @TempDir Path dir;

    MultiActorTest(LoopbackHttpServer http) {
        this.http = http;
    }

    @AfterEach
    void stopActors() {
        for (ActorRef<?> ref : spawned) testKit.stop(ref, Duration.ofSeconds(10));
        spawned.clear();
    }

    ActorRef<MultiActor.Command> multiActor(MultiActorSettings settings) {
        ActorRef<MultiActor.Command> ref = testKit.spawn(MultiActor.create(settings), MultiActor.props(settings));
        spawned.add(ref);
        return ref;
    }

    ActorRef<MultiActor.Command> multiActor() {
        return multiActor(MultiActorSettings.create(testKit.system()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    <U, R> TestProbe<MultiActor.Reply<U, R>> probe() {
        return (TestProbe) testKit.createTestProbe(MultiActor.Reply.class);
    }

    @Test
    void processIsAnsweredWithCompletedForHttpAndFile() throws Exception {
        ActorRef<MultiActor.Command> actor = multiActor();
        TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
        CountingRequest overHttp = new CountingRequest(http.url("/bytes/50000"));
        actor.tell(new MultiActor.Process<>(overHttp, probe.getRef()));
        MultiActor.Completed<Long, Integer> done = assertInstanceOf(MultiActor.Completed.class, probe.receiveMessage());
        assertSame(overHttp, done.request());
        assertEquals(200, done.result());
        assertEquals(50_000, overHttp.received());

        Path file = dir.resolve("f.bin");
        Files.write(file, new byte[12345]);
        CountingRequest overFile = new CountingRequest(file.toUri().toString());
        actor.tell(new MultiActor.Process<>(overFile, probe.getRef()));
        assertInstanceOf(MultiActor.Completed.class, probe.receiveMessage());
        assertEquals(12345, overFile.received());
    }

    @Test
    void updatesArriveOnlyAsTheRequesterProcessesAgain() {
        ActorRef<MultiActor.Command> actor = multiActor();
        TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
        // 16 KiB every 50 ms: an update every ~200 ms, while the probe waits 50 ms per update.
        ProgressRequest request = new ProgressRequest(http.url("/bytes/262144?chunk=16384&delayMs=50"), 64 * 1024);
        actor.tell(new MultiActor.Process<>(request, probe.getRef()));
        int updates = 0;
        long last = 0;
        while (true) {
            MultiActor.Reply<Long, Integer> reply = probe.receiveMessage(Duration.ofSeconds(10));
            if (reply instanceof MultiActor.Completed) break;
            MultiActor.Update<Long, Integer> update = assertInstanceOf(MultiActor.Update.class, reply);
            assertTrue(update.value() - last >= 64 * 1024);
            last = update.value();
            updates++;
            // back-pressure: nothing more until this requester asks again
            probe.expectNoMessage(Duration.ofMillis(50));
            actor.tell(new MultiActor.Process<>(request, probe.getRef()));
        }
        assertTrue(updates >= 2, "updates: " + updates);
        assertEquals(262144, request.received());
    }

    @Test
    void oneRequesterRunsHundredTransfersAndRepliesNameTheirRequest() {
        ActorRef<MultiActor.Command> actor = multiActor();
        TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
        Set<RequestProtocol<?, ?>> sent = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            CountingRequest r = new CountingRequest(http.url("/bytes/" + (100 + i)));
            sent.add(r);
            actor.tell(new MultiActor.Process<>(r, probe.getRef()));
        }
        Set<RequestProtocol<?, ?>> answered = new HashSet<>();
        for (MultiActor.Reply<Long, Integer> reply : probe.receiveSeveralMessages(100, Duration.ofSeconds(20))) {
            MultiActor.Completed<Long, Integer> done = assertInstanceOf(MultiActor.Completed.class, reply);
            CountingRequest r = (CountingRequest) done.request();
            assertEquals(Long.parseLong(r.url().substring(r.url().lastIndexOf('/') + 1)), r.received());
            answered.add(r);
        }
        assertEquals(sent, answered);
    }

    @Test
    void thousandRequesterActorsAreAllAnsweredOverSharedConnections(@Fresh LoopbackHttpServer server) {
        MultiActorSettings settings = MultiActorSettings.create(testKit.system())
                .withMultiOptions(MultiOptions.DEFAULTS.withMaxHostConnections(8).withMaxConnects(8));
        ActorRef<MultiActor.Command> actor = multiActor(settings);
        TestProbe<Object> probe = testKit.createTestProbe();
        for (int i = 0; i < 1000; i++) {
            testKit.spawn(requester(actor, new CountingRequest(server.url("/bytes/2000")), probe.getRef()));
        }
        List<Object> replies = probe.receiveSeveralMessages(1000, Duration.ofSeconds(60));
        for (Object reply : replies) assertInstanceOf(MultiActor.Completed.class, reply);
        assertTrue(server.acceptedConnections() <= 8, "connections: " + server.acceptedConnections());
    }

    @Test
    void requestsPastTheRunningLimitWaitAndAreAnsweredOnce(@Fresh LoopbackHttpServer server) {
        MultiActorSettings settings = MultiActorSettings.fromConfig(ConfigFactory.parseString("multi.max-running-transfers = 2")
                .withFallback(testKit.system().settings().config().getConfig("konnect.curl")));
        assertEquals(2, settings.multiOptions().maxRunningTransfers());
        ActorRef<MultiActor.Command> actor = multiActor(settings);
        TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
        List<CountingRequest> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            CountingRequest r = new CountingRequest(server.url("/bytes/" + (1000 + i)));
            sent.add(r);
            actor.tell(new MultiActor.Process<>(r, probe.getRef()));
        }
        CountingRequest cancelled = sent.get(29);   // most likely still waiting; failed as cancelled either way
        actor.tell(new MultiActor.Cancel(cancelled));
        Set<CountingRequest> completed = new HashSet<>();
        MultiActor.Failed<?, ?> failed = null;
        for (MultiActor.Reply<Long, Integer> reply : probe.receiveSeveralMessages(30, Duration.ofSeconds(30))) {
            if (reply instanceof MultiActor.Failed<?, ?> f) {
                assertSame(cancelled, f.request());
                failed = f;
            } else {
                MultiActor.Completed<Long, Integer> done = assertInstanceOf(MultiActor.Completed.class, reply);
                CountingRequest r = (CountingRequest) done.request();
                assertEquals(Long.parseLong(r.url().substring(r.url().lastIndexOf('/') + 1)), r.received());
                assertTrue(completed.add(r), "one reply per Process");
            }
        }
        assertTrue(failed != null && failed.error().isCancelled(), "the cancelled one failed: " + failed);
        assertEquals(29, completed.size());
        assertTrue(server.acceptedConnections() <= 2, "connections: " + server.acceptedConnections());
        probe.expectNoMessage(Duration.ofMillis(100));
    }

    /** An actor that runs one transfer and forwards its final reply. */
    static Behavior<MultiActor.Reply<Long, Integer>> requester(ActorRef<MultiActor.Command> actor, CountingRequest request,
                                                               ActorRef<Object> report) {
        return Behaviors.setup(ctx -> {
            actor.tell(new MultiActor.Process<>(request, ctx.getSelf()));
            return Behaviors.receive((c, reply) -> {
                report.tell(reply);
                return Behaviors.stopped();
            });
        });
    }

    @Test
    void aStoppedRequestersTransferIsCancelledAndFreed() {
        try (StallingServer server = StallingServer.start(1)) {
            MultiActorSettings settings = MultiActorSettings.create(testKit.system())
                    .withMultiOptions(MultiOptions.DEFAULTS.withHandlePoolSize(0));
            ActorRef<MultiActor.Command> actor = multiActor(settings);
            // Baseline: the multi handle alone (no pooled easy handles with pool size 0).
            TestProbe<MultiActor.Reply<Long, Integer>> warmup = probe();
            actor.tell(new MultiActor.Process<>(new CountingRequest(http.url("/bytes/10")), warmup.getRef()));
            warmup.expectMessageClass(MultiActor.Completed.class);
            long baseline = Curl.liveNativeObjects();

            TestProbe<Object> report = testKit.createTestProbe();
            ActorRef<MultiActor.Reply<Long, Integer>> requester =
                    testKit.spawn(requester(actor, new CountingRequest(server.url("/stalled")), report.getRef()));
            assertTrue(server.awaitRequests(), "the stalled request reached the server");
            assertTrue(Curl.liveNativeObjects() > baseline, "the transfer holds native objects");
            testKit.stop(requester);
            assertTrue(server.awaitDisconnects(1, Duration.ofSeconds(10)), "the server saw the transfer go away");
            // A later Process is handled after the cancellation: the count is back to the baseline.
            actor.tell(new MultiActor.Process<>(new CountingRequest(http.url("/bytes/10")), warmup.getRef()));
            warmup.expectMessageClass(MultiActor.Completed.class);
            assertEquals(baseline, Curl.liveNativeObjects());
            report.expectNoMessage(Duration.ofMillis(50));
        }
    }

    @Test
    void cancelAnswersThePendingProcessWithFailed() {
        try (StallingServer server = StallingServer.start(1)) {
            ActorRef<MultiActor.Command> actor = multiActor();
            TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
            CountingRequest request = new CountingRequest(server.url("/stalled"));
            actor.tell(new MultiActor.Process<>(request, probe.getRef()));
            assertTrue(server.awaitRequests());
            actor.tell(new MultiActor.Cancel(request));
            MultiActor.Failed<Long, Integer> failed = assertInstanceOf(MultiActor.Failed.class, probe.receiveMessage());
            assertSame(request, failed.request());
            assertTrue(failed.error().isCancelled());
            assertEquals("CURLE_ABORTED_BY_CALLBACK", failed.error().codeName());
            assertTrue(server.awaitDisconnects(1, Duration.ofSeconds(10)));
        }
    }

    @Test
    void stoppingTheActorAnswersEveryRunningTransfer() {
        try (StallingServer server = StallingServer.start(10)) {
            ActorRef<MultiActor.Command> actor = multiActor();
            TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
            Set<RequestProtocol<?, ?>> sent = sendStalled(actor, probe, server::url, 10);
            assertTrue(server.awaitRequests(), "all 10 transfers are running");
            testKit.stop(actor);
            spawned.remove(actor);
            assertAllCancelled(probe, sent);
            assertTrue(server.awaitDisconnects(10, Duration.ofSeconds(10)));
        }
    }

    @Test
    void aBlockedActorStopsPromptly() {
        try (StallingServer server = StallingServer.start(1)) {
            ActorRef<MultiActor.Command> actor = multiActor(MultiActorSettings.create(testKit.system())
                    .withMaxBlock(Duration.ofSeconds(60)));
            TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
            actor.tell(new MultiActor.Process<>(new CountingRequest(server.url("/stalled")), probe.getRef()));
            assertTrue(server.awaitRequests());
            long start = System.nanoTime();
            // Stop is a system message: it bypasses the mailbox's enqueue, yet must wake the wait.
            testKit.stop(actor, Duration.ofSeconds(30));
            spawned.remove(actor);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5000, "stopped after " + millis + " ms, not at the end of the 60 s wait");
            assertTrue(probe.expectMessageClass(MultiActor.Failed.class).error().isCancelled());
        }
    }

    @Test
    void aRequestersStopWakesABlockedActor() {
        try (StallingServer server = StallingServer.start(1)) {
            ActorRef<MultiActor.Command> actor = multiActor(MultiActorSettings.create(testKit.system())
                    .withMaxBlock(Duration.ofSeconds(60)));
            TestProbe<Object> report = testKit.createTestProbe();
            ActorRef<MultiActor.Reply<Long, Integer>> requester =
                    testKit.spawn(requester(actor, new CountingRequest(server.url("/stalled")), report.getRef()));
            assertTrue(server.awaitRequests());
            long start = System.nanoTime();
            testKit.stop(requester);
            assertTrue(server.awaitDisconnects(1, Duration.ofSeconds(30)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5000, "cancelled after " + millis + " ms, not at the end of the 60 s wait");
        }
    }

    @Test
    void stoppingTheActorAnswersProcessesStillInItsMailbox() {
        try (LoopbackRawServer server = LoopbackRawServer.start(LoopbackRawServer.stall())) {
            ActorRef<MultiActor.Command> actor = multiActor();
            TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
            // A stop overtakes queued messages: most of these are never handled by the actor.
            Set<RequestProtocol<?, ?>> sent = sendStalled(actor, probe, server::url, 10);
            testKit.stop(actor);
            spawned.remove(actor);
            assertAllCancelled(probe, sent);
        }
    }

    private static Set<RequestProtocol<?, ?>> sendStalled(ActorRef<MultiActor.Command> actor,
            TestProbe<MultiActor.Reply<Long, Integer>> probe, UnaryOperator<String> url, int n) {
        Set<RequestProtocol<?, ?>> sent = new HashSet<>();
        for (int i = 0; i < n; i++) {
            CountingRequest r = new CountingRequest(url.apply("/stalled/" + i));
            sent.add(r);
            actor.tell(new MultiActor.Process<>(r, probe.getRef()));
        }
        return sent;
    }

    /** Each request answered exactly once, with a cancelled Failed. */
    private static void assertAllCancelled(TestProbe<MultiActor.Reply<Long, Integer>> probe, Set<RequestProtocol<?, ?>> sent) {
        Set<RequestProtocol<?, ?>> failed = new HashSet<>();
        for (MultiActor.Reply<Long, Integer> reply : probe.receiveSeveralMessages(sent.size())) {
            MultiActor.Failed<Long, Integer> f = assertInstanceOf(MultiActor.Failed.class, reply);
            assertTrue(f.error().isCancelled());
            failed.add(f.request());
        }
        assertEquals(sent, failed);
        probe.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aThrowingHookFailsOnlyItsTransfer() {
        ActorRef<MultiActor.Command> actor = multiActor();
        TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
        IllegalStateException boom = new IllegalStateException("boom");
        CountingRequest bad = new CountingRequest(http.url("/bytes/1000")) {
            @Override
            public Integer completed(GetInfoHandle info) {
                throw boom;
            }
        };
        actor.tell(new MultiActor.Process<>(bad, probe.getRef()));
        for (int i = 0; i < 5; i++) actor.tell(new MultiActor.Process<>(new CountingRequest(http.url("/bytes/1000")), probe.getRef()));
        int completed = 0;
        for (MultiActor.Reply<Long, Integer> reply : probe.receiveSeveralMessages(6)) {
            if (reply.request() == bad) {
                MultiActor.Failed<Long, Integer> f = assertInstanceOf(MultiActor.Failed.class, reply);
                assertSame(boom, f.error().getCause());
            } else {
                assertInstanceOf(MultiActor.Completed.class, reply);
                completed++;
            }
        }
        assertEquals(5, completed);
        // and the actor still works
        actor.tell(new MultiActor.Process<>(new CountingRequest(http.url("/bytes/10")), probe.getRef()));
        probe.expectMessageClass(MultiActor.Completed.class);
    }

    @Test
    void aProcessArrivingWhileBlockedOnAStalledTransferIsHandledPromptly() {
        try (StallingServer server = StallingServer.start(1)) {
            ActorRef<MultiActor.Command> actor = multiActor(MultiActorSettings.create(testKit.system())
                    .withMaxBlock(Duration.ofSeconds(60)));
            TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
            CountingRequest stalled = new CountingRequest(server.url("/stalled"));
            actor.tell(new MultiActor.Process<>(stalled, probe.getRef()));
            assertTrue(server.awaitRequests());
            long start = System.nanoTime();
            actor.tell(new MultiActor.Process<>(new CountingRequest(http.url("/bytes/100")), probe.getRef()));
            probe.expectMessageClass(MultiActor.Completed.class, Duration.ofSeconds(5));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5000, "handled in " + millis + " ms, not after the 60 s wait");
            actor.tell(new MultiActor.Cancel(stalled));
            probe.expectMessageClass(MultiActor.Failed.class);
        }
    }

    @Test
    void theDispatcherThreadUsesNoCpuWhileATransferStalls() {
        try (StallingServer server = StallingServer.start(1)) {
            ActorRef<MultiActor.Command> actor = multiActor();
            TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
            CountingRequest stalled = new CountingRequest(server.url("/stalled"));
            actor.tell(new MultiActor.Process<>(stalled, probe.getRef()));
            assertTrue(server.awaitRequests());
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long id = stalled.hookThread().getId();
            long before = threads.getThreadCpuTime(id);
            probe.expectNoMessage(Duration.ofSeconds(2));   // the 2 s window
            long usedMillis = (threads.getThreadCpuTime(id) - before) / 1_000_000;
            assertTrue(usedMillis < 20, "the dispatcher thread used " + usedMillis + " ms CPU in 2 s");
            actor.tell(new MultiActor.Cancel(stalled));
            probe.expectMessageClass(MultiActor.Failed.class);
        }
    }

    @Test
    void twoMultiActorsWorkIndependentlyOnTheirOwnThreads() {
        ActorRef<MultiActor.Command> a = multiActor();
        ActorRef<MultiActor.Command> b = multiActor();
        TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
        CountingRequest ra = new CountingRequest(http.url("/bytes/3000"));
        CountingRequest rb = new CountingRequest(http.url("/bytes/4000"));
        a.tell(new MultiActor.Process<>(ra, probe.getRef()));
        b.tell(new MultiActor.Process<>(rb, probe.getRef()));
        probe.receiveSeveralMessages(2).forEach(r -> assertInstanceOf(MultiActor.Completed.class, r));
        assertEquals(3000, ra.received());
        assertEquals(4000, rb.received());
        assertNotEquals(ra.hookThread(), rb.hookThread(), "each MultiActor has its own thread");
        // stopping one leaves the other working
        testKit.stop(a);
        spawned.remove(a);
        b.tell(new MultiActor.Process<>(new CountingRequest(http.url("/bytes/10")), probe.getRef()));
        probe.expectMessageClass(MultiActor.Completed.class);
    }

    @Test
    void spawnedWithoutItsMailboxItStopsWithAClearError() {
        TestProbe<Object> watcher = testKit.createTestProbe();
        ActorRef<MultiActor.Command> wrong = testKit.spawn(MultiActor.create());
        watcher.expectTerminated(wrong, Duration.ofSeconds(10));
        assertFalse(Curl.liveNativeObjects() > 0, "nothing was allocated");
    }

    @Test
    void messagesThatCouldNotBeAnsweredCannotBeBuilt() {
        TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
        NullPointerException noRequest = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> new MultiActor.Process<Long, Integer>(null, probe.getRef()));
        assertTrue(noRequest.getMessage().contains("Process.request"));
        NullPointerException noReplyTo = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> new MultiActor.Process<>(new CountingRequest(http.url("/bytes/1")), null));
        assertTrue(noReplyTo.getMessage().contains("Process.replyTo"));
        org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class, () -> new MultiActor.Cancel(null));
    }

    @Test
    void aSecondProcessWhileOneIsPendingIsRefusedAlone() {
        try (LoopbackRawServer server = LoopbackRawServer.start(LoopbackRawServer.stall())) {
            ActorRef<MultiActor.Command> actor = multiActor();
            TestProbe<MultiActor.Reply<Long, Integer>> probe = probe();
            CountingRequest request = new CountingRequest(server.url("/stalled"));
            actor.tell(new MultiActor.Process<>(request, probe.getRef()));
            actor.tell(new MultiActor.Process<>(request, probe.getRef()));
            MultiActor.Failed<Long, Integer> refused = assertInstanceOf(MultiActor.Failed.class, probe.receiveMessage());
            assertFalse(refused.error().isCancelled());
            assertTrue(refused.error().getMessage().contains("pending"), refused.error().getMessage());
            actor.tell(new MultiActor.Cancel(request));
            assertTrue(assertInstanceOf(MultiActor.Failed.class, probe.receiveMessage()).error().isCancelled());
        }
    }


}
