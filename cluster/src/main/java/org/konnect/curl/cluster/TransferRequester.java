package org.konnect.curl.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.stream.SinkRef;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.util.ByteString;

/**
 * The requester's side of one request, an actor of its own on the requesting node, which stops
 * after the final reply. It sends {@link OriginEntity.Run} to the origin's entity, waits at most
 * the acceptance timeout for {@link TransferReply.Accepted}, then DeathWatches the entity that
 * accepted: if that actor stops (its node downed, crashed or cut off and removed) before the final
 * reply, the request fails naming the node, or, when the description says it is idempotent and
 * asks for it, goes once more to the origin's new owner. A non-idempotent request is sent once.
 *
 * <p>A graceful stop of the entity (a handoff) comes after its final replies: the entity drains
 * first, and Artery delivers a stopped actor's last messages before its termination.
 */
final class TransferRequester {
    private TransferRequester() {}

    /** Where the final reply goes: an actor (which also gets the Accepted replies), a future, or a streamed body's two. */
    sealed interface Answer permits ToActor, ToFuture, ToStreamed {
        void accepted(TransferReply.Accepted accepted);

        void answer(TransferReply.Final reply);

        /** Which body crosses as a stream: the Run asks the owner for it. */
        default OriginEntity.Streamed streamed() {
            return OriginEntity.Streamed.NOTHING;
        }

        /** The owner's end of the streamed body ({@link TransferReply.Streaming} or {@link TransferReply.Uploading}). */
        default void bodyStream(TransferReply interim) {}

        /**
         * The requester stopped, answered or not (its system stops). A future still pending fails;
         * an actor is not told: it may have had its reply, and it is usually on the stopping node.
         */
        default void abandoned(String requestId) {}
    }

    record ToActor(ActorRef<TransferReply> replyTo) implements Answer {
        @Override
        public void accepted(TransferReply.Accepted accepted) {
            replyTo.tell(accepted);
        }

        @Override
        public void answer(TransferReply.Final reply) {
            replyTo.tell(reply);
        }
    }

    record ToFuture(CompletableFuture<TransferReply.Completed> result) implements Answer {
        @Override
        public void accepted(TransferReply.Accepted accepted) {}

        @Override
        public void answer(TransferReply.Final reply) {
            if (reply instanceof TransferReply.Completed c) result.complete(c);
            else result.completeExceptionally(new ClusterTransferException((TransferReply.Failed) reply));
        }

        @Override
        public void abandoned(String requestId) {
            result.completeExceptionally(new ClusterTransferException(new TransferReply.Failed(requestId,
                    TransferReply.Cause.OWNER_LOST, null, -1, "the requester's actor system stopped before the final reply", null)));
        }
    }

    /**
     * A {@link ClusterCurl#download} or {@link ClusterCurl#upload}: the owner's end of the body's
     * stream once it comes ({@code refOf} finds it in the interim reply that carries it), and the
     * final reply; a failure before the owner's end came fails both.
     */
    record ToStreamed<B>(OriginEntity.Streamed streamed, Function<TransferReply, B> refOf, CompletableFuture<B> body,
                         CompletableFuture<TransferReply.Completed> result) implements Answer {
        static ToStreamed<SourceRef<ByteString>> download(CompletableFuture<SourceRef<ByteString>> body,
                                                          CompletableFuture<TransferReply.Completed> result) {
            return new ToStreamed<>(OriginEntity.Streamed.RESPONSE, r -> r instanceof TransferReply.Streaming s ? s.body() : null,
                    body, result);
        }

        static ToStreamed<SinkRef<ByteString>> upload(CompletableFuture<SinkRef<ByteString>> body,
                                                      CompletableFuture<TransferReply.Completed> result) {
            return new ToStreamed<>(OriginEntity.Streamed.REQUEST, r -> r instanceof TransferReply.Uploading u ? u.body() : null,
                    body, result);
        }

        @Override
        public void accepted(TransferReply.Accepted accepted) {}

        @Override
        public void bodyStream(TransferReply interim) {
            B ref = refOf.apply(interim);
            if (ref != null) body.complete(ref);
        }

        @Override
        public void answer(TransferReply.Final reply) {
            if (reply instanceof TransferReply.Completed c) {
                body.completeExceptionally(new IllegalStateException("the owner completed without its end of the body's stream"));
                result.complete(c);
            } else {
                fail(new ClusterTransferException((TransferReply.Failed) reply));
            }
        }

        @Override
        public void abandoned(String requestId) {
            fail(new ClusterTransferException(new TransferReply.Failed(requestId, TransferReply.Cause.OWNER_LOST, null, -1,
                    "the requester's actor system stopped before the final reply", null)));
        }

        private void fail(ClusterTransferException failed) {
            body.completeExceptionally(failed);
            result.completeExceptionally(failed);
        }
    }

    /** What the requester handles: the entity's replies, its own timer, the entity's end; all local. */
    sealed interface Command extends NoSerializationVerificationNeeded permits Reply, AcceptanceTimedOut, OwnerStopped, RetryDue {}

    private record Reply(TransferReply reply) implements Command {}

    private enum AcceptanceTimedOut implements Command { INSTANCE }

    private record OwnerStopped(String node) implements Command {}

    private enum RetryDue implements Command { INSTANCE }

    /** What does not change over the request's life. */
    private record Request(ActorContext<Command> ctx, TimerScheduler<Command> timers, String requestId,
                           TransferDescription description, EntityRef<OriginEntity.Command> entity, ClusterCurlSettings settings,
                           Answer answer, ActorRef<TransferReply> replies) {}

    static Behavior<Command> create(String requestId, TransferDescription description, EntityRef<OriginEntity.Command> entity,
                                    ClusterCurlSettings settings, Answer answer) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            if (description.body().length > settings.maxBodyBytes()) {
                answer.answer(TransferReply.Failed.refused(requestId, "request body of " + description.body().length
                        + " bytes is larger than konnect.curl.cluster.max-body-bytes (" + settings.maxBodyBytes() + ")"));
                return Behaviors.stopped();
            }
            ActorRef<TransferReply> replies = ctx.messageAdapter(TransferReply.class, Reply::new);
            return send(new Request(ctx, timers, requestId, description, entity, settings, answer, replies), false);
        }));
    }

    /** Sends the Run (again, when {@code retry}) and waits for its acceptance. */
    private static Behavior<Command> send(Request r, boolean retry) {
        r.entity().tell(new OriginEntity.Run(r.requestId(), r.description(), r.replies(), r.answer().streamed()));
        r.timers().startSingleTimer(AcceptanceTimedOut.INSTANCE, r.settings().acceptanceTimeout());
        return Behaviors.receive(Command.class)
                .onMessage(Reply.class, reply -> awaitingAcceptance(r, retry, reply.reply()))
                .onMessage(AcceptanceTimedOut.class, t -> finish(r, TransferReply.Failed.notAccepted(r.requestId(),
                        r.description().origin(), r.settings().acceptanceTimeout())))
                .onSignal(PostStop.class, s -> abandoned(r))
                .build();
    }

    private static Behavior<Command> awaitingAcceptance(Request r, boolean retry, TransferReply reply) {
        if (reply instanceof TransferReply.Final done) return finish(r, done);
        // A stream ref of an earlier attempt's owner, late: not this attempt's. Its owner's end times out there.
        if (!(reply instanceof TransferReply.Accepted accepted)) return Behaviors.same();
        r.timers().cancel(AcceptanceTimedOut.INSTANCE);
        r.ctx().watchWith(accepted.entity(), new OwnerStopped(accepted.node()));
        r.answer().accepted(accepted);
        return Behaviors.receive(Command.class)
                .onMessage(Reply.class, next -> running(r, retry, accepted, next.reply()))
                .onMessage(OwnerStopped.class, lost -> ownerStopped(r, retry, accepted, lost.node()))
                .onSignal(PostStop.class, s -> abandoned(r))
                .build();
    }

    private static Behavior<Command> running(Request r, boolean retry, TransferReply.Accepted accepted, TransferReply reply) {
        if (reply instanceof TransferReply.Failed f && f.cause() == TransferReply.Cause.OWNER_LOST) {
            return ownerSaidStopping(r, retry, accepted, f);
        }
        if (reply instanceof TransferReply.Final done) return finish(r, done);
        if (reply instanceof TransferReply.Streaming || reply instanceof TransferReply.Uploading) return streaming(r, reply);
        return Behaviors.same();   // a second Accepted cannot come for one Run
    }

    /**
     * The owner's end of the body's stream was handed over: from now on the request is never sent
     * again (its bytes may already be downstream, or sent). The owner's loss fails it; the stream
     * itself fails too, as its stream ref watches the owner's side.
     */
    private static Behavior<Command> streaming(Request r, TransferReply interim) {
        r.answer().bodyStream(interim);
        return Behaviors.receive(Command.class)
                .onMessage(Reply.class, next -> next.reply() instanceof TransferReply.Final done ? finish(r, done) : Behaviors.same())
                .onMessage(OwnerStopped.class, lost -> finish(r, TransferReply.Failed.ownerLost(r.requestId(),
                        r.description().origin(), lost.node(), false)))
                .onSignal(PostStop.class, s -> abandoned(r))
                .build();
    }

    /** The owner's entity or node stopped, seen by the watch, before the final reply. */
    private static Behavior<Command> ownerStopped(Request r, boolean retry, TransferReply.Accepted accepted, String node) {
        if (retry || !r.description().mayRunAgain()) {
            return finish(r, TransferReply.Failed.ownerLost(r.requestId(), r.description().origin(), node, retry));
        }
        return retryLater(r, accepted, r.settings().retryDelay());
    }

    /**
     * The owner answered that it is stopping (its MultiActor ended the transfer). A retry waits for
     * the owner's end, which comes at the latest when its node is removed, so that it finds the
     * origin's next owner; or for the acceptance timeout, in case the entity lives on (a restarted
     * MultiActor on a node that stays), and then goes to that same entity.
     */
    private static Behavior<Command> ownerSaidStopping(Request r, boolean retry, TransferReply.Accepted accepted,
                                                       TransferReply.Failed said) {
        if (retry || !r.description().mayRunAgain()) return finish(r, said);
        r.timers().startSingleTimer(RetryDue.INSTANCE, r.settings().acceptanceTimeout());
        return Behaviors.receive(Command.class)
                .onMessage(OwnerStopped.class, lost -> retryLater(r, accepted, r.settings().retryDelay()))
                .onMessage(RetryDue.class, due -> resend(r, accepted))
                .onMessage(Reply.class, late -> Behaviors.same())
                .onSignal(PostStop.class, stop -> abandoned(r))
                .build();
    }

    /**
     * Sends the request again after {@code delay}: not at once, because this node's sharding region
     * learns of a lost node from the same removal event as the watch, and a Run it handled before
     * would go to the lost node's region and vanish. The delay lets it forget that node first.
     */
    private static Behavior<Command> retryLater(Request r, TransferReply.Accepted accepted, java.time.Duration delay) {
        r.ctx().getLog().info("request {} to {}: its owner on {} stopped; sending it once more, to the origin's next owner",
                r.requestId(), r.description().origin(), accepted.node());
        r.timers().startSingleTimer(RetryDue.INSTANCE, delay);
        return Behaviors.receive(Command.class)
                .onMessage(RetryDue.class, due -> resend(r, accepted))
                .onMessage(OwnerStopped.class, lost -> Behaviors.same())
                .onMessage(Reply.class, late -> Behaviors.same())
                .onSignal(PostStop.class, stop -> abandoned(r))
                .build();
    }

    private static Behavior<Command> resend(Request r, TransferReply.Accepted accepted) {
        r.ctx().unwatch(accepted.entity());
        return send(r, true);
    }

    private static Behavior<Command> abandoned(Request r) {
        r.answer().abandoned(r.requestId());   // after a final answer a future ignores it: it is complete
        return Behaviors.same();
    }

    private static Behavior<Command> finish(Request r, TransferReply.Final reply) {
        r.answer().answer(reply);
        return Behaviors.stopped();
    }
}
