package org.konnect.curl.cluster;

import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.konnect.curl.actors.MultiActor;

/**
 * The sharded entity of one origin ({@code scheme://host:port}, its entity id): it runs the
 * origin's transfers on its node's {@code MultiActorPool} and answers each requester. One origin
 * has one entity in the whole cluster, so its connections, HTTP/2 multiplexing and per-host limits
 * live on one node, as the pool keeps them on one thread there.
 *
 * <p>Each {@link Run} is answered with {@link TransferReply.Accepted} at once (the requester then
 * watches this actor), and with one final reply when the transfer ends.
 *
 * <p><b>Drain.</b> {@link Drain} is the entity's stop message, which sharding sends at a rebalance,
 * a handoff (its node leaving) or a passivation, and after which it delivers the origin's new
 * messages to the next incarnation (buffering them meanwhile). The entity then takes no new work
 * and stops once every transfer it runs has answered, so a handoff loses no request. Sharding's
 * {@code handoff-timeout} bounds the wait.
 */
public final class OriginEntity {
    private OriginEntity() {}

    /** The entity type: one entity per origin. */
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "konnect-curl-origin");

    /** What the entity handles. */
    public sealed interface Command permits Run, Drain, GetState, TransferEnded {}

    /**
     * Run a transfer; sent by a requester (see {@link ClusterCurl}), from any node.
     *
     * @param requestId the requester's id of the request, repeated in every reply
     * @param description the transfer
     * @param replyTo who gets {@link TransferReply.Accepted} and the final reply
     */
    public record Run(String requestId, TransferDescription description, ActorRef<TransferReply> replyTo)
            implements Command, ClusterMessage {}

    /** Sharding's stop message: take no more work, stop when the running transfers have answered. */
    public record Drain() implements Command, ClusterMessage {}

    /**
     * Asks the entity what it is doing (diagnostics, and tests that must know a drain began): send it
     * to the entity named by {@link TransferReply.Accepted#entity()}; through sharding it would wait
     * behind a handoff.
     *
     * @param replyTo who gets the {@link State}
     */
    public record GetState(ActorRef<State> replyTo) implements Command, ClusterMessage {}

    /**
     * What an entity is doing.
     *
     * @param origin its origin (the entity id)
     * @param node the node it runs on
     * @param inFlight how many of its transfers run
     * @param draining whether it was told to stop and waits for them
     */
    public record State(String origin, String node, int inFlight, boolean draining) implements ClusterMessage {}

    /** The pool's reply for one transfer; local only. */
    private record TransferEnded(MultiActor.Reply<?, ?> reply) implements Command, NoSerializationVerificationNeeded {}

    /** What does not change over the entity's life. */
    private record Setup(ActorContext<Command> ctx, String origin, ActorRef<MultiActor.Command> pool, String node, long maxBodyBytes,
                         ActorRef<MultiActor.Reply<Void, TransferReply.Completed>> replies) {}

    /**
     * The behavior of one origin's entity.
     *
     * @param origin the entity id
     * @param pool the node's pool
     * @param node this node's address, named in replies
     * @param maxBodyBytes the largest response body accepted
     * @return the behavior
     */
    static Behavior<Command> create(String origin, ActorRef<MultiActor.Command> pool, String node, long maxBodyBytes) {
        return Behaviors.setup(ctx -> running(
                new Setup(ctx, origin, pool, node, maxBodyBytes, ctx.messageAdapter(replyClass(), TransferEnded::new)), 0, false));
    }

    /** The entity with {@code inFlight} transfers running; {@code draining} once it was told to stop. */
    private static Behavior<Command> running(Setup setup, int inFlight, boolean draining) {
        return Behaviors.receive(Command.class)
                .onMessage(Run.class, run -> start(setup, inFlight, draining, run))
                .onMessage(TransferEnded.class, ended -> ended(setup, inFlight, draining, ended.reply()))
                .onMessage(Drain.class, drain -> drain(setup, inFlight))
                .onMessage(GetState.class, get -> state(setup, inFlight, draining, get))
                .build();
    }

    private static Behavior<Command> start(Setup setup, int inFlight, boolean draining, Run run) {
        // A Run after Drain was in the mailbox before sharding stopped delivering: it is run too, as the drain waits anyway.
        run.replyTo().tell(new TransferReply.Accepted(run.requestId(), setup.node(), setup.ctx().getSelf()));
        DescribedTransfer transfer = new DescribedTransfer(run.requestId(), run.description(), run.replyTo(), setup.node(),
                setup.maxBodyBytes());
        setup.pool().tell(new MultiActor.Process<>(transfer, setup.replies()));
        return running(setup, inFlight + 1, draining);
    }

    private static Behavior<Command> ended(Setup setup, int inFlight, boolean draining, MultiActor.Reply<?, ?> reply) {
        DescribedTransfer transfer = (DescribedTransfer) reply.request();
        if (reply instanceof MultiActor.Update) {   // a DescribedTransfer has no updates; continue it should one come
            setup.pool().tell(new MultiActor.Process<>(transfer, setup.replies()));
            return Behaviors.same();
        }
        if (reply instanceof MultiActor.Completed<?, ?> c) {
            transfer.replyTo().tell((TransferReply.Completed) c.result());
        } else {
            MultiActor.Failed<?, ?> f = (MultiActor.Failed<?, ?>) reply;
            // The entity never cancels: a cancelled transfer was ended by its MultiActor stopping (this node shutting
            // down, or a restart after a failure). That is the owner's loss, not the transfer's, and is said so, so
            // that the requester treats it as it treats a lost node (an idempotent request may run again).
            transfer.replyTo().tell(f.error().isCancelled()
                    ? TransferReply.Failed.ownerStopping(transfer.requestId(), f.error(), setup.node())
                    : TransferReply.Failed.ofCurl(transfer.requestId(), f.error(), setup.node()));
        }
        int left = inFlight - 1;
        if (draining && left == 0) return Behaviors.stopped();
        return running(setup, left, draining);
    }

    private static Behavior<Command> state(Setup setup, int inFlight, boolean draining, GetState get) {
        get.replyTo().tell(new State(setup.origin(), setup.node(), inFlight, draining));
        return Behaviors.same();
    }

    private static Behavior<Command> drain(Setup setup, int inFlight) {
        if (inFlight == 0) return Behaviors.stopped();
        setup.ctx().getLog().info("origin {}: draining {} running transfers before stopping", setup.origin(),
                inFlight);
        return running(setup, inFlight, true);
    }

    /** A class literal cannot name type arguments: this one stands for {@code Reply<Void, Completed>}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<MultiActor.Reply<Void, TransferReply.Completed>> replyClass() {
        return (Class) MultiActor.Reply.class;
    }
}
