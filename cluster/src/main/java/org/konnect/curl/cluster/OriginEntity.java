package org.konnect.curl.cluster;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SinkRef;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.CurlError;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.streams.CurlSink;
import org.konnect.curl.streams.CurlSource;

/**
 * The sharded entity of one origin ({@code scheme://host:port}, its entity id): it runs the
 * origin's transfers on its node's {@code MultiActorPool} and answers each requester. One origin
 * has one entity in the whole cluster, so its connections, HTTP/2 multiplexing and per-host limits
 * live on one node, as the pool keeps them on one thread there.
 *
 * <p>Each {@link Run} is answered with {@link TransferReply.Accepted} at once (the requester then
 * watches this actor), and with one final reply when the transfer ends. A streamed Run runs as a
 * {@code CurlSource} on the same pool into a {@link SourceRef}, sent right after the Accepted as
 * {@link TransferReply.Streaming}; the requesting node's demand drives the transfer across the
 * cluster, and the final reply (without a body) follows when the stream has ended. A Run whose
 * request body is streamed runs a {@code CurlSink} fed from a {@link SinkRef}, sent as
 * {@link TransferReply.Uploading}.
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
    public sealed interface Command permits Run, Drain, GetState, TransferEnded, StreamEnded {}

    /**
     * Run a transfer; sent by a requester (see {@link ClusterCurl}), from any node.
     *
     * @param requestId the requester's id of the request, repeated in every reply
     * @param description the transfer
     * @param replyTo who gets {@link TransferReply.Accepted} and the final reply (and
     *        {@link TransferReply.Streaming} or {@link TransferReply.Uploading} for a streamed body)
     * @param streamed which body, if any, crosses as a stream rather than in the messages
     */
    public record Run(String requestId, TransferDescription description, ActorRef<TransferReply> replyTo, Streamed streamed)
            implements Command, ClusterMessage {
        /** Requires the fields; a null {@code streamed} is {@link Streamed#NOTHING}. */
        public Run {
            streamed = streamed == null ? Streamed.NOTHING : streamed;
        }

        /**
         * A Run whose bodies travel in the messages.
         *
         * @param requestId the requester's id of the request
         * @param description the transfer
         * @param replyTo who gets the replies
         */
        public Run(String requestId, TransferDescription description, ActorRef<TransferReply> replyTo) {
            this(requestId, description, replyTo, Streamed.NOTHING);
        }
    }

    /** Which body of a {@link Run} crosses the cluster as a stream. */
    public enum Streamed {
        /** Both in the messages: the request's in the description, the response's in the final reply. */
        NOTHING,
        /** The response's ({@link ClusterCurl#download}): a {@code SourceRef} from the owner. */
        RESPONSE,
        /** The request's ({@link ClusterCurl#upload}): a {@code SinkRef} to the owner. */
        REQUEST
    }

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

    /** A streamed transfer's end: its result, or why it failed; local only. */
    private record StreamEnded(DescribedTransfer transfer, TransferReply.Completed completed, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {}

    /** What does not change over the entity's life. */
    private record Setup(ActorContext<Command> ctx, String origin, ActorRef<MultiActor.Command> pool, String node, long maxBodyBytes,
                         ActorRef<MultiActor.Reply<List<ByteString>, TransferReply.Completed>> replies, Materializer materializer) {}

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
        return Behaviors.setup(ctx -> running(new Setup(ctx, origin, pool, node, maxBodyBytes,
                ctx.messageAdapter(replyClass(), TransferEnded::new), Materializer.matFromSystem(ctx.getSystem())), 0, false));
    }

    /** The entity with {@code inFlight} transfers running; {@code draining} once it was told to stop. */
    private static Behavior<Command> running(Setup setup, int inFlight, boolean draining) {
        return Behaviors.receive(Command.class)
                .onMessage(Run.class, run -> start(setup, inFlight, draining, run))
                .onMessage(TransferEnded.class, ended -> ended(setup, inFlight, draining, ended.reply()))
                .onMessage(StreamEnded.class, ended -> streamEnded(setup, inFlight, draining, ended))
                .onMessage(Drain.class, drain -> drain(setup, inFlight))
                .onMessage(GetState.class, get -> state(setup, inFlight, draining, get))
                .build();
    }

    private static Behavior<Command> start(Setup setup, int inFlight, boolean draining, Run run) {
        // A Run after Drain was in the mailbox before sharding stopped delivering: it is run too, as the drain waits anyway.
        run.replyTo().tell(new TransferReply.Accepted(run.requestId(), setup.node(), setup.ctx().getSelf()));
        if (run.streamed() == Streamed.RESPONSE) return startStream(setup, inFlight, draining, run);
        if (run.streamed() == Streamed.REQUEST) return startUpload(setup, inFlight, draining, run);
        DescribedTransfer transfer = new DescribedTransfer(run.requestId(), run.description(), run.replyTo(), setup.node(),
                setup.maxBodyBytes());
        setup.pool().tell(new MultiActor.Process<>(transfer, setup.replies()));
        return running(setup, inFlight + 1, draining);
    }

    private static Behavior<Command> ended(Setup setup, int inFlight, boolean draining, MultiActor.Reply<?, ?> reply) {
        DescribedTransfer transfer = (DescribedTransfer) reply.request();
        if (reply instanceof MultiActor.Update) {   // a collected DescribedTransfer has no updates; continue it should one come
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
        return afterEnd(setup, inFlight, draining);
    }

    /**
     * The body leaves as a stream: a {@code CurlSource} on the pool into a {@link SourceRef}, which
     * is handed over at once; the requesting node's subscription then drives the transfer. A ref
     * nobody subscribes to fails after Pekko's {@code stream-ref.subscription-timeout}, which
     * cancels the transfer.
     */
    private static Behavior<Command> startStream(Setup setup, int inFlight, boolean draining, Run run) {
        DescribedTransfer transfer = DescribedTransfer.streamed(run.requestId(), run.description(), run.replyTo(), setup.node(),
                CurlSource.DEFAULT_WINDOW_BYTES);
        Pair<CompletionStage<TransferReply.Completed>, SourceRef<ByteString>> ran = CurlSource.fromRequests(setup.pool(), () -> transfer)
                .mapConcat(FramePieces::of)   // a BUFFERSIZE option may make libcurl's chunks larger than a frame
                .toMat(StreamRefs.sourceRef(), Keep.both())
                .run(setup.materializer());
        return handOver(setup, inFlight, draining, transfer, new TransferReply.Streaming(run.requestId(), ran.second(), setup.node()),
                ran.first());
    }

    /**
     * The request body comes as a stream: a {@code SinkRef} on the owner into a {@code CurlSink} on
     * the pool, handed over at once; the requesting node's stream feeds it, and its end ends the
     * body. The response (head and body, capped as for any Run) comes in the final reply.
     */
    private static Behavior<Command> startUpload(Setup setup, int inFlight, boolean draining, Run run) {
        DescribedTransfer transfer = new DescribedTransfer(run.requestId(), run.description(), run.replyTo(), setup.node(),
                setup.maxBodyBytes());
        Pair<SinkRef<ByteString>, CompletionStage<TransferReply.Completed>> ran = StreamRefs.<ByteString>sinkRef()
                .toMat(CurlSink.upload(setup.pool(), run.description().url(), transfer::configureUpload, CurlSink.DEFAULT_WINDOW_BYTES,
                        transfer::completed), Keep.both())
                .run(setup.materializer());
        return handOver(setup, inFlight, draining, transfer, new TransferReply.Uploading(run.requestId(), ran.first(), setup.node()),
                ran.second());
    }

    /** A streamed transfer runs: its requester gets the owner's end of the body's stream, and the entity awaits its end. */
    private static Behavior<Command> handOver(Setup setup, int inFlight, boolean draining, DescribedTransfer transfer,
                                              TransferReply ownersEnd, CompletionStage<TransferReply.Completed> ends) {
        transfer.replyTo().tell(ownersEnd);
        setup.ctx().pipeToSelf(ends, (completed, failure) -> new StreamEnded(transfer, completed, failure));
        return running(setup, inFlight + 1, draining);
    }

    /**
     * A streamed transfer ended. A cancellation here is the stream's (its consumer went away, or
     * never subscribed), not the owner's loss, so it is a plain {@code CURL} failure.
     */
    private static Behavior<Command> streamEnded(Setup setup, int inFlight, boolean draining, StreamEnded ended) {
        DescribedTransfer transfer = ended.transfer();
        Throwable failure = ended.failure();
        while (failure instanceof CompletionException && failure.getCause() != null) failure = failure.getCause();
        if (failure == null) {
            transfer.replyTo().tell(ended.completed());
        } else {
            CurlError error = failure instanceof CurlError e ? e
                    : CurlError.cancelled("the streamed body failed on its owner: " + failure);
            transfer.replyTo().tell(TransferReply.Failed.ofCurl(transfer.requestId(), error, setup.node()));
        }
        return afterEnd(setup, inFlight, draining);
    }

    /** One transfer fewer: a draining entity stops with its last. */
    private static Behavior<Command> afterEnd(Setup setup, int inFlight, boolean draining) {
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

    /** A class literal cannot name type arguments: this one stands for {@code Reply<List<ByteString>, Completed>}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<MultiActor.Reply<List<ByteString>, TransferReply.Completed>> replyClass() {
        return (Class) MultiActor.Reply.class;
    }
}
