package org.konnect.curl.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.CurlError;
import org.konnect.curl.MultiOptions;
import org.konnect.curl.testing.CountingRequest;
import org.konnect.curl.testservers.Fresh;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * Load: 1,000 requester actors send 100,000 {@code Process} messages in all to one MultiActor,
 * each keeping three transfers going; a third of them stop while a transfer of theirs runs.
 * Every Process is answered exactly once (counted per request, at the requester or at dead
 * letters), every stopped requester's transfer is cancelled by the MultiActor's watch, and
 * native objects, file descriptors and RSS come back to a warm baseline.
 *
 * <p>It runs in a surefire execution of its own ({@code load-test} in this module's pom), in a
 * JVM with a fixed, pre-touched heap, so that RSS growth is native growth.
 *
 * <p>{@code -Dkonnect.load.processes=N} changes the size of the measured run (default 100,000).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({TestKitJUnit5Extension.class, LoopbackServers.class, NoNativeLeaks.class})
class MultiActorLoadTest {
    private static final int REQUESTERS = 1000;
    private static final int PROCESSES = Integer.getInteger("konnect.load.processes", 100_000);
    private static final int IN_FLIGHT = 3;
    /**
     * Connections kept open when idle: one per transfer in flight, so that connections are
     * reused rather than each transfer leaving a port in TIME_WAIT. There is no per-host limit:
     * with thousands of transfers waiting for one of a few hundred connections, libcurl 8.14.1
     * spends its time retrying the waiting ones (a C program on curl_multi_socket_action does
     * 20,000 transfers, 3,000 in flight over 128 connections, in 19 s there and 1.6 s on 7.88.1).
     */
    private static final int CONNECTIONS = REQUESTERS * IN_FLIGHT;
    /** Descriptors other than sockets that may come and go meanwhile (a jar or file the JDK opens). */
    private static final int FD_SLACK = 8;
    /**
     * What RSS may gain over the measured run beyond the non-heap memory the JVM committed
     * meanwhile (code cache, metaspace). The load-test execution runs this class with a fixed,
     * pre-touched heap, so the heap adds nothing. glibc keeps freed memory in the arena of the
     * thread that used it, up to that thread's peak (60 to 90 MiB more after a first run with
     * 3,000 transfers in flight, then flat, in the measurements behind this bound), which is why
     * the warm-up runs on the measured actor's own thread and is as large as the run. Measured
     * growth after that: a few MiB either way. A leak of 700 bytes per transfer (64 MiB at
     * 100,000) fails the check.
     */
    private static final long RSS_SLACK_KB = 64 * 1024;
    /**
     * Under AddressSanitizer (the sanitizer pass preloads libasan), freed memory waits in ASan's
     * quarantine before it is reused, up to {@code quarantine_size_mb} (256 MiB by default): RSS
     * grows by up to that much without a leak (78 MiB in one CI run). There ASan itself checks the
     * memory; this bound keeps its meaning in the normal passes.
     */
    private static final long SANITIZER_QUARANTINE_KB = asanQuarantineKb();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(240);

    @JUnit5TestKit
    final ActorTestKit testKit = new JUnit5TestKitBuilder()
            .withCustomConfig(ConfigFactory.parseString("pekko.log-dead-letters = off").withFallback(ConfigFactory.load()))
            .build();

    /** What one run did. */
    private record Run(ReplyLedger ledger, int stoppers, long orphans, long cancels, double seconds) {}

    @Test
    void everyProcessIsAnsweredOnceAndEveryStoppedRequestersTransferIsCancelled(@Fresh LoopbackHttpServer server)
            throws InterruptedException {
        listenToDeadLetters();

        // Warm-up, on the measured actor itself, of the measured run's size: the JIT, Jetty's
        // threads, and the peak of what malloc keeps for the actor's thread once freed.
        ActorRef<MultiActor.Command> curl = multiActor();
        run(curl, server, REQUESTERS, PROCESSES / REQUESTERS);
        Footprint before = Footprint.now(server.port());

        Run measured = run(curl, server, REQUESTERS, PROCESSES / REQUESTERS);
        Footprint after = Footprint.now(server.port());
        stop(curl, server);
        Footprint stopped = Footprint.now(server.port());

        System.out.printf(Locale.ROOT, "MultiActorLoadTest: %,d Process messages from %d requesters (%d stopped mid-transfer,"
                        + " %d drips orphaned, %d cancelled) in %.1f s, %,d replies at dead letters%n"
                        + "  before:  %s%n  after:   %s%n  stopped: %s%n",
                measured.ledger().totalSent(), REQUESTERS, measured.stoppers(), measured.orphans(), measured.cancels(),
                measured.seconds(), measured.ledger().deadLetters(), before, after, stopped);

        assertEquals((long) REQUESTERS * (PROCESSES / REQUESTERS), measured.ledger().totalSent());
        // No transfer left and no growth per transfer. The number of idle pooled handles moves either
        // way (a handle whose transfer did not end with CURLE_OK, like the cancelled drips', is freed,
        // not pooled; later transfers refill the pool), but never by more than the pool's size, while
        // a leak of one object per thousand of these 100,000 transfers would add a hundred. After the
        // stop, NoNativeLeaks checks that nothing at all is left.
        int poolSize = MultiOptions.DEFAULTS.handlePoolSize();   // the pool of multiActor() below
        assertTrue(Math.abs(after.nativeObjects() - before.nativeObjects()) <= poolSize,
                "native objects with the MultiActor alive: within the pool's size of the warm baseline: " + before + " / " + after);
        // Descriptors: the client's sockets, and everything but sockets; the test server's ends close late (Footprint).
        assertTrue(after.clientSockets() <= CONNECTIONS, "client sockets stay within the connection cache ("
                + CONNECTIONS + "): " + after);
        assertTrue(after.nonSocketFds() <= before.nonSocketFds() + FD_SLACK, "fds other than sockets back to the baseline: "
                + before + " before, " + after + " after");
        assertEquals(0, stopped.clientSockets(), "client sockets once the MultiActor stopped: " + stopped);
        assertTrue(stopped.nonSocketFds() <= before.nonSocketFds(), "fds other than sockets once the MultiActor stopped: "
                + before + " before, " + stopped + " stopped");
        long grownKb = after.rssKb() - before.rssKb();
        // Without a pre-touched heap (the test run alone, outside its execution), committed heap
        // may turn resident at any time: then only the heap's whole committed size can be excused.
        long javaKb = Footprint.heapPreTouched()
                ? Math.max(0, after.nonHeapCommittedKb() - before.nonHeapCommittedKb())
                : after.heapCommittedKb() + after.nonHeapCommittedKb();
        assertTrue(grownKb <= javaKb + RSS_SLACK_KB + SANITIZER_QUARANTINE_KB, "RSS grew by " + grownKb
                + " KiB, more than the JVM's " + javaKb + " KiB + " + RSS_SLACK_KB + " KiB + ASan's quarantine "
                + SANITIZER_QUARANTINE_KB + " KiB (heap pre-touched: " + Footprint.heapPreTouched() + "): " + before
                + " before, " + after + " after");
    }

    /** ASan's quarantine in KiB when this JVM runs with libasan preloaded, else 0. */
    private static long asanQuarantineKb() {
        String preload = System.getenv("LD_PRELOAD");
        if (preload == null || !preload.contains("libasan")) return 0;
        String options = System.getenv().getOrDefault("ASAN_OPTIONS", "");
        for (String option : options.split(":")) {
            if (option.startsWith("quarantine_size_mb=")) return Long.parseLong(option.substring(19)) * 1024;
        }
        return 256 * 1024;
    }

    /**
     * One run: {@code requesters} requesters of {@code budget} Process messages each, every third
     * one stopping mid-transfer. Returns once every requester has stopped, every Process has its
     * reply, every drip was cancelled, and the server has no transfer left.
     */
    private Run run(ActorRef<MultiActor.Command> curl, LoopbackHttpServer server, int requesters, int budget)
            throws InterruptedException {
        ReplyLedger ledger = new ReplyLedger(requesters * budget);
        CountDownLatch stopped = new CountDownLatch(requesters);
        IntFunction<String> url = size -> server.url(LoadRequester.path(size));
        int stoppers = 0;
        long started = System.nanoTime();
        for (int i = 0; i < requesters; i++) {
            boolean stops = i % 3 == 1;
            if (stops) stoppers++;
            LoadRequester.Plan plan = new LoadRequester.Plan(i * budget, budget, IN_FLIGHT, stops);
            testKit.spawn(LoadRequester.create(curl, ledger, url, plan, stopped));
        }
        assertTrue(stopped.await(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), stopped.getCount() + " of " + requesters
                + " requesters still running; " + ledger.totalAnswered() + " of " + ledger.totalSent() + " answered; "
                + ledger.problems());
        assertTrue(ledger.awaitAllAnswered(Duration.ofSeconds(60)), ledger.totalAnswered() + " of " + ledger.totalSent()
                + " Process messages answered; unanswered or duplicated: " + ledger.mismatches());
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals("", ledger.problems());
        assertEquals(List.of(), ledger.mismatches(), "request id: Process messages/replies");

        long orphans = 0;
        long cancels = 0;
        for (LoadRequest drip : ledger.drips()) {
            CurlError failure = drip.failure();
            assertNotNull(failure, drip.kind + " " + drip.id + " was not ended");
            assertTrue(failure.isCancelled(), drip.kind + " " + drip.id + " ended with " + failure);
            if (drip.kind == LoadRequest.Kind.ORPHANED_DRIP) orphans++;
            else cancels++;
        }
        assertEquals(stoppers, orphans, "one orphaned drip per stopped requester");
        // Each stopped requester's last Process was answered after it stopped, by the cancellation.
        assertTrue(ledger.deadLetters() >= stoppers, ledger.deadLetters() + " replies at dead letters, " + stoppers
                + " stopped requesters");
        assertTrue(server.awaitActiveTransfers(0, Duration.ofSeconds(30)),
                "the server still streams " + server.activeTransfers() + " bodies: a cancelled transfer's connection stayed open");
        roundTrip(curl, server);
        return new Run(ledger, stoppers, orphans, cancels, seconds);
    }

    /** A Process answered after everything sent before it: the actor has finished that work. */
    private void roundTrip(ActorRef<MultiActor.Command> curl, LoopbackHttpServer server) {
        TestProbe<MultiActor.Reply<Long, Integer>> probe = testKit.createTestProbe();
        curl.tell(new MultiActor.Process<>(new CountingRequest(server.url("/bytes/10")), probe.getRef()));
        MultiActor.Completed<?, ?> done = assertInstanceOf(MultiActor.Completed.class, probe.receiveMessage(Duration.ofSeconds(30)));
        assertEquals(200, done.result());
    }

    /** Counts the replies that reach dead letters, their requester having stopped, in their run's ledger. */
    private void listenToDeadLetters() {
        ActorRef<DeadLetter> listener = testKit.spawn(Behaviors.<DeadLetter>receiveMessage(d -> {
            if (d.message() instanceof MultiActor.Reply<?, ?> reply && reply.request() instanceof LoadRequest r) {
                r.ledger.answered(r.id, true);
            }
            return Behaviors.same();
        }));
        // The classic event stream subscribes synchronously: no dead letter of the runs is missed.
        Adapter.toClassic(testKit.system()).eventStream().subscribe(Adapter.toClassic(listener), DeadLetter.class);
    }

    private ActorRef<MultiActor.Command> multiActor() {
        MultiActorSettings settings = MultiActorSettings.create(testKit.system()).withMultiOptions(
                MultiOptions.DEFAULTS.withMaxConnects(CONNECTIONS));
        return testKit.spawn(MultiActor.create(settings), MultiActor.props(settings));
    }

    /** Stops the actor (closing its multi and its connections) and waits until the server saw them all close. */
    private void stop(ActorRef<MultiActor.Command> curl, LoopbackHttpServer server) {
        testKit.stop(curl, Duration.ofSeconds(30));
        assertTrue(server.awaitActiveConnections(0, Duration.ofSeconds(30)),
                server.activeConnections() + " connections still open after the MultiActor stopped");
    }
}
