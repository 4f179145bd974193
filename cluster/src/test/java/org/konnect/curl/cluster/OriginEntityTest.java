package org.konnect.curl.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.konnect.curl.CurlError;
import org.konnect.curl.actors.MultiActor;

/** The entity alone, with a probe for its pool: acceptance, replies, and the drain at its stop message. */
class OriginEntityTest {
    private static final ActorTestKit kit = ActorTestKit.create();
    private static final String NODE = "pekko://konnect@127.0.0.1:2551";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    /** The pool's side: completes {@code process} with {@code result}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void complete(MultiActor.Process<?, ?> process, Object result) {
        ((ActorRef) process.replyTo()).tell(new MultiActor.Completed(process.request(), result));
    }

    /** The pool's side: fails {@code process} with {@code error}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void fail(MultiActor.Process<?, ?> process, CurlError error) {
        ((ActorRef) process.replyTo()).tell(new MultiActor.Failed(process.request(), error));
    }

    @Test
    void itAcceptsRunsOnThePoolAndStopsOnlyOnceDrained() {
        TestProbe<MultiActor.Command> pool = kit.createTestProbe();
        TestProbe<TransferReply> requester = kit.createTestProbe();
        ActorRef<OriginEntity.Command> entity = kit.spawn(OriginEntity.create("http://h:80", pool.getRef(), NODE, 1 << 20));
        entity.tell(new OriginEntity.Run("a", TransferDescription.get("http://h/a"), requester.getRef()));
        entity.tell(new OriginEntity.Run("b", TransferDescription.get("http://h/b"), requester.getRef()));
        assertEquals(entity, requester.expectMessageClass(TransferReply.Accepted.class, WAIT).entity());
        requester.expectMessageClass(TransferReply.Accepted.class, WAIT);
        MultiActor.Process<?, ?> a = pool.expectMessageClass(MultiActor.Process.class, WAIT);
        MultiActor.Process<?, ?> b = pool.expectMessageClass(MultiActor.Process.class, WAIT);
        assertEquals("http://h:80", a.request().origin());

        entity.tell(new OriginEntity.Drain());
        TestProbe<OriginEntity.State> state = kit.createTestProbe();
        entity.tell(new OriginEntity.GetState(state.getRef()));
        assertEquals(new OriginEntity.State("http://h:80", NODE, 2, true), state.receiveMessage(WAIT));

        TransferReply.Completed done = new TransferReply.Completed("a", 200, List.of(), new byte[0], null, NODE);
        complete(a, done);
        assertEquals(done, requester.expectMessageClass(TransferReply.Completed.class, WAIT));
        fail(b, CurlError.cancelled("the MultiActor stopped"));
        TransferReply.Failed lost = requester.expectMessageClass(TransferReply.Failed.class, WAIT);
        assertEquals(TransferReply.Cause.OWNER_LOST, lost.cause());   // the node's MultiActor stopping, not the transfer
        assertEquals(NODE, lost.node());
        pool.expectTerminated(entity, WAIT);
    }

    @Test
    void anIdleEntityStopsAtOnceAndLibcurlFailuresKeepTheirCode() {
        TestProbe<MultiActor.Command> pool = kit.createTestProbe();
        TestProbe<TransferReply> requester = kit.createTestProbe();
        ActorRef<OriginEntity.Command> entity = kit.spawn(OriginEntity.create("http://h:80", pool.getRef(), NODE, 1 << 20));
        entity.tell(new OriginEntity.Run("c", TransferDescription.get("http://h/c"), requester.getRef()));
        requester.expectMessageClass(TransferReply.Accepted.class, WAIT);
        MultiActor.Process<?, ?> c = pool.expectMessageClass(MultiActor.Process.class, WAIT);
        fail(c, new CurlError(7, "Failed to connect", null));
        TransferReply.Failed failed = assertInstanceOf(TransferReply.Failed.class, requester.receiveMessage(WAIT));
        assertEquals("CURLE_COULDNT_CONNECT", failed.codeName());
        assertEquals(TransferReply.Cause.CURL, failed.cause());
        entity.tell(new OriginEntity.Drain());
        pool.expectTerminated(entity, WAIT);
    }
}
