package org.konnect.curl.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.testkit.javadsl.TestEntityRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Assertions;

/**
 * The requester's state machine alone, against probes standing for the origin's entity (through a
 * test EntityRef) and for the actor that accepted: acceptance timeout, watch, retry, exactly one answer.
 */
class TransferRequesterTest {
    private static final ActorTestKit kit = ActorTestKit.create();
    private static final String ORIGIN = "http://127.0.0.1:9";
    private static final String NODE = "pekko://konnect@127.0.0.1:2551";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    private record Setup(TestProbe<OriginEntity.Command> sharding, TestProbe<TransferReply> replies) {}

    private static Setup start(String id, TransferDescription description, Duration acceptanceTimeout) {
        TestProbe<OriginEntity.Command> sharding = kit.createTestProbe();
        TestProbe<TransferReply> replies = kit.createTestProbe();
        kit.spawn(TransferRequester.create(id, description, TestEntityRef.of(OriginEntity.TYPE_KEY, ORIGIN, sharding.getRef()),
                new ClusterCurlSettings(acceptanceTimeout, 1 << 20, Duration.ofMillis(50)),
                new TransferRequester.ToActor(replies.getRef())));
        return new Setup(sharding, replies);
    }

    /** The entity's side: takes the Run and accepts it as {@code entity}. */
    private static OriginEntity.Run accept(Setup s, TestProbe<OriginEntity.Command> entity) {
        OriginEntity.Run run = s.sharding().expectMessageClass(OriginEntity.Run.class, WAIT);
        run.replyTo().tell(new TransferReply.Accepted(run.requestId(), NODE, entity.getRef()));
        assertEquals(NODE, s.replies().expectMessageClass(TransferReply.Accepted.class, WAIT).node());
        return run;
    }

    private static TransferReply.Completed completed(String id) {
        return new TransferReply.Completed(id, 200, List.of(), new byte[] {1}, null, NODE);
    }

    @Test
    void aRequestNoOwnerAcceptsFailsAfterTheAcceptanceTimeout() {
        Setup s = start("t-1", TransferDescription.get(ORIGIN + "/x"), Duration.ofMillis(300));
        s.sharding().expectMessageClass(OriginEntity.Run.class, WAIT);
        TransferReply.Failed failed = s.replies().expectMessageClass(TransferReply.Failed.class, WAIT);
        assertEquals(TransferReply.Cause.NOT_ACCEPTED, failed.cause());
        assertTrue(failed.message().contains(ORIGIN) && failed.message().contains("300 ms"), failed.message());
        s.sharding().expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aPostWhoseOwnerStopsFailsNamingTheNodeAndIsNotSentAgain() {
        Setup s = start("t-2", TransferDescription.post(ORIGIN + "/x", new byte[] {1}).retryingOnNodeLoss(), WAIT);
        TestProbe<OriginEntity.Command> entity = kit.createTestProbe();
        accept(s, entity);
        entity.stop();
        TransferReply.Failed failed = s.replies().expectMessageClass(TransferReply.Failed.class, WAIT);
        assertEquals(TransferReply.Cause.OWNER_LOST, failed.cause());
        assertEquals(NODE, failed.node());
        s.sharding().expectNoMessage(Duration.ofMillis(300));   // past the retry delay: no second Run
    }

    @Test
    void anIdempotentRequestThatAskedRunsOnceMoreOnTheNextOwner() {
        Setup s = start("t-3", TransferDescription.get(ORIGIN + "/x").retryingOnNodeLoss(), WAIT);
        TestProbe<OriginEntity.Command> first = kit.createTestProbe();
        accept(s, first);
        first.stop();
        TestProbe<OriginEntity.Command> next = kit.createTestProbe();
        OriginEntity.Run again = accept(s, next);
        again.replyTo().tell(completed("t-3"));
        assertEquals(completed("t-3"), s.replies().expectMessageClass(TransferReply.Completed.class, WAIT));
        next.stop();   // after the final reply: nothing more
        s.replies().expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aSecondLossEndsTheRequest() {
        Setup s = start("t-4", TransferDescription.get(ORIGIN + "/x").retryingOnNodeLoss(), WAIT);
        TestProbe<OriginEntity.Command> first = kit.createTestProbe();
        accept(s, first);
        first.stop();
        TestProbe<OriginEntity.Command> next = kit.createTestProbe();
        accept(s, next);
        next.stop();
        TransferReply.Failed failed = s.replies().expectMessageClass(TransferReply.Failed.class, WAIT);
        assertTrue(failed.message().contains("second attempt"), failed.message());
        s.sharding().expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void anOwnerSayingItStopsIsWaitedForBeforeTheRetry() {
        Setup s = start("t-5", TransferDescription.get(ORIGIN + "/x").retryingOnNodeLoss(), WAIT);
        TestProbe<OriginEntity.Command> stopping = kit.createTestProbe();
        OriginEntity.Run run = accept(s, stopping);
        run.replyTo().tell(new TransferReply.Failed("t-5", TransferReply.Cause.OWNER_LOST, "CURLE_ABORTED_BY_CALLBACK", 42,
                "node stopped running it", NODE));
        s.sharding().expectNoMessage(Duration.ofMillis(200));   // the owner still lives: no retry yet
        stopping.stop();
        accept(s, kit.createTestProbe()).replyTo().tell(completed("t-5"));
        s.replies().expectMessageClass(TransferReply.Completed.class, WAIT);
    }

    @Test
    void anOwnerSayingItStopsEndsARequestThatMayNotRunAgain() {
        Setup s = start("t-6", TransferDescription.get(ORIGIN + "/x"), WAIT);
        OriginEntity.Run run = accept(s, kit.createTestProbe());
        TransferReply.Failed said = new TransferReply.Failed("t-6", TransferReply.Cause.OWNER_LOST, "CURLE_ABORTED_BY_CALLBACK", 42,
                "node stopped running it", NODE);
        run.replyTo().tell(said);
        assertEquals(said, s.replies().expectMessageClass(TransferReply.Failed.class, WAIT));
    }

    @Test
    void aFutureCompletesOrFailsWithTheReply() throws Exception {
        TestProbe<OriginEntity.Command> sharding = kit.createTestProbe();
        CompletableFuture<TransferReply.Completed> ok = new CompletableFuture<>();
        kit.spawn(TransferRequester.create("f-1", TransferDescription.get(ORIGIN + "/x"),
                TestEntityRef.of(OriginEntity.TYPE_KEY, ORIGIN, sharding.getRef()),
                new ClusterCurlSettings(WAIT, 1 << 20, Duration.ofMillis(50)), new TransferRequester.ToFuture(ok)));
        OriginEntity.Run run = sharding.expectMessageClass(OriginEntity.Run.class, WAIT);
        run.replyTo().tell(new TransferReply.Accepted("f-1", NODE, kit.<OriginEntity.Command>createTestProbe().getRef()));
        run.replyTo().tell(completed("f-1"));
        assertEquals(completed("f-1"), ok.get(10, TimeUnit.SECONDS));

        CompletableFuture<TransferReply.Completed> tooBig = new CompletableFuture<>();
        kit.spawn(TransferRequester.create("f-2", TransferDescription.post(ORIGIN + "/x", new byte[2048]),
                TestEntityRef.of(OriginEntity.TYPE_KEY, ORIGIN, sharding.getRef()),
                new ClusterCurlSettings(WAIT, 1024, Duration.ofMillis(50)), new TransferRequester.ToFuture(tooBig)));
        Executable get = () -> tooBig.get(10, TimeUnit.SECONDS);
        ExecutionException e = Assertions.assertThrows(ExecutionException.class, get);
        ClusterTransferException failure = assertInstanceOf(ClusterTransferException.class, e.getCause());
        assertEquals("CURLE_BAD_FUNCTION_ARGUMENT", failure.failure().codeName());
        sharding.expectNoMessage(Duration.ofMillis(100));   // refused before it was sent
    }
}
