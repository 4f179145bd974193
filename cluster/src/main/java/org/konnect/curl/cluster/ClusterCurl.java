package org.konnect.curl.cluster;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.RemoteStreamRefActorTerminatedException;
import org.apache.pekko.stream.SinkRef;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.actors.MultiActorPool;
import org.konnect.curl.actors.MultiActorPoolSettings;

/**
 * libcurl transfers spread over a Pekko cluster by origin: {@code ClusterCurl.get(system)} on
 * every node starts the node's one {@link MultiActorPool} (node-local, configured under
 * {@code konnect.curl.pool}) and registers the sharded {@link OriginEntity} type, one entity per
 * origin, which runs its origin's transfers on the pool of the node it lives on.
 *
 * <p>A request is a {@link TransferDescription}, sent from any node:
 * <ul>
 *   <li>outside actors: {@link #execute(TransferDescription)}, a stage that completes with
 *       {@link TransferReply.Completed} or fails with {@link ClusterTransferException};</li>
 *   <li>from an actor: {@link Execute} to {@link #requester()}, answered with
 *       {@link TransferReply.Accepted} (interim, naming the node that runs it) and exactly one
 *       {@link TransferReply.Final};</li>
 *   <li>a body of any size, streamed with back-pressure from the owner or to it:
 *       {@link #download(TransferDescription)}, {@link #upload(TransferDescription)}.</li>
 * </ul>
 * The requesting node watches the owner that accepted the request; see {@link TransferRequester}
 * for node loss, retries and the acceptance timeout, and {@link OriginEntity} for rebalancing.
 */
public final class ClusterCurl implements Extension {
    /** The extension's id: one {@code ClusterCurl} per actor system. */
    public static final ExtensionId<ClusterCurl> ID = new ExtensionId<>() {
        @Override
        public ClusterCurl createExtension(ActorSystem<?> system) {
            return new ClusterCurl(system);
        }
    };

    /**
     * Run a transfer from an actor: send this to {@link #requester()} (of any node).
     *
     * @param requestId the requester's id of the request, repeated in every reply
     * @param description the transfer
     * @param replyTo who gets {@link TransferReply.Accepted} and the one final reply
     */
    public record Execute(String requestId, TransferDescription description, ActorRef<TransferReply> replyTo)
            implements Requesters.Command, ClusterMessage {
        /** Requires every field. */
        public Execute {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    private final ActorRef<MultiActor.Command> pool;
    private final ActorRef<Requesters.Command> requesters;
    private final String node;

    private ClusterCurl(ActorSystem<?> system) {
        ClusterCurlSettings settings = ClusterCurlSettings.create(system);
        node = Cluster.get(system).selfMember().address().toString();
        pool = MultiActorPool.spawn(system, "konnect-curl-cluster-pool", MultiActorPoolSettings.create(system));
        ClusterSharding.get(system).init(Entity.of(OriginEntity.TYPE_KEY,
                        entity -> OriginEntity.create(entity.getEntityId(), pool, node, settings.maxBodyBytes()))
                .withStopMessage(new OriginEntity.Drain()));
        requesters = system.systemActorOf(Requesters.create(settings), "konnect-curl-cluster-requesters", Props.empty());
    }

    /**
     * This system's {@code ClusterCurl}, started on first use: call it on every node at start-up,
     * so that each node takes part in sharding (a node that never calls it owns no origins).
     *
     * @param system the actor system, a cluster member ({@code pekko.actor.provider = cluster})
     * @return the extension
     */
    public static ClusterCurl get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /**
     * Runs {@code description} on the owner of its origin, wherever that is in the cluster.
     *
     * @param description the transfer
     * @return completes with the reply, or fails with a {@link ClusterTransferException} naming the
     *         {@code CURLE_*} code, the lost node or the acceptance timeout
     */
    public CompletionStage<TransferReply.Completed> execute(TransferDescription description) {
        CompletableFuture<TransferReply.Completed> result = new CompletableFuture<>();
        requesters.tell(new Requesters.ExecuteForFuture(Objects.requireNonNull(description, "description"), result));
        return result;
    }

    /**
     * The response body of {@code description} as a stream from the owner of its origin, wherever
     * that is in the cluster, with no size cap: the owner runs it as a {@code CurlSource} on its
     * pool and hands the body over as a {@link SourceRef}, so the demand of this stream's consumer
     * drives the transfer across the cluster. Each materialization sends the request once.
     *
     * <p>The stream and its materialized stage fail with the same {@link ClusterTransferException}
     * when the request fails: not accepted, libcurl failed on the owner (before or during the
     * body), or the owner was lost mid-body. A streamed request is never sent twice once its
     * body's stream was handed over; before that, the description's retry rule applies as for
     * {@link #execute}.
     * Cancelling the stream cancels the transfer on its owner (the materialized stage then fails
     * with {@code CURLE_ABORTED_BY_CALLBACK}, cancelled).
     *
     * @param description the transfer (its request body at most {@code max-body-bytes})
     * @return the body; materializes the final reply: status, headers, {@code getinfo} summary,
     *         node, and an empty {@link TransferReply.Completed#body()}
     */
    public Source<ByteString, CompletionStage<TransferReply.Completed>> download(TransferDescription description) {
        Objects.requireNonNull(description, "description");
        return Source.fromMaterializer((materializer, attributes) -> {
            CompletableFuture<SourceRef<ByteString>> body = new CompletableFuture<>();
            CompletableFuture<TransferReply.Completed> result = new CompletableFuture<>();
            requesters.tell(new Requesters.Download(description, body, result));
            return Source.<ByteString>asSubscriber()
                    // A stream ref carries only the text of a failure: the final reply says what it was.
                    .recoverWithRetries(1, RemoteStreamRefActorTerminatedException.class,
                            () -> Source.completionStage(result).map(ClusterCurl::endedWithoutItsBody))
                    .mapMaterializedValue(subscriber -> {
                        // The ref is subscribed as soon as it comes, also when this stream was cancelled
                        // meanwhile (which then cancels it at once): never is the owner's end left waiting.
                        body.whenComplete((ref, failed) -> (ref != null ? ref.getSource() : Source.<ByteString>failed(failed))
                                .runWith(Sink.fromSubscriber(subscriber), materializer));
                        return (CompletionStage<TransferReply.Completed>) result;
                    });
        }).mapMaterializedValue(stage -> stage.thenCompose(result -> result));
    }

    /**
     * {@code description} with its request body from a stream, sent to the owner of its origin
     * wherever that is in the cluster, with no size cap: the owner runs a {@code CurlSink} on its
     * pool fed from a {@link SinkRef}, so the transfer's pace there holds back this sink's upstream
     * across the cluster. The method is the description's: PUT ({@code UPLOAD}), POST, or another
     * by {@code CUSTOMREQUEST}; the body is chunked unless the description sets a length
     * ({@code INFILESIZE_LARGE} for a PUT, {@code POSTFIELDSIZE_LARGE} for a POST); elements of
     * any size are cut to fit remoting's frames. Each materialization sends the request once; it is
     * never sent again once the owner's end of the body's stream was handed over, and before that
     * the description's retry rule applies as for {@link #execute}.
     *
     * <p>The materialized stage completes with the final reply, the response's body in it (capped
     * at {@code max-body-bytes}, as for {@link #execute}), or fails with a
     * {@link ClusterTransferException}: not accepted, libcurl's error on the owner, the owner
     * lost, or this sink's upstream failing (which cancels the transfer on the owner).
     *
     * @param description the transfer; its own body must be empty
     * @return a sink of the request body's bytes
     * @throws IllegalArgumentException if the description has a body of its own
     */
    public Sink<ByteString, CompletionStage<TransferReply.Completed>> upload(TransferDescription description) {
        Objects.requireNonNull(description, "description");
        if (description.body().length > 0) {
            throw new IllegalArgumentException("upload: the body comes from the stream, but the description has "
                    + description.body().length + " bytes of its own");
        }
        return Sink.<ByteString, CompletionStage<TransferReply.Completed>>fromMaterializer((materializer, attributes) -> {
            CompletableFuture<SinkRef<ByteString>> body = new CompletableFuture<>();
            CompletableFuture<TransferReply.Completed> result = new CompletableFuture<>();
            requesters.tell(new Requesters.Upload(description, body, result));
            return Sink.<ByteString>asPublisher(AsPublisher.WITHOUT_FANOUT)
                    .mapMaterializedValue(publisher -> {
                        // The ref is fed as soon as it comes, whenever upstream's first element or its end
                        // comes (a lazy sink would wait for the first element, and the owner's end would
                        // time out); if the request failed first, upstream is cancelled.
                        body.whenComplete((ref, failed) -> {
                            Source<ByteString, NotUsed> upstream = Source.fromPublisher(publisher);
                            if (ref != null) upstream.mapConcat(FramePieces::of).runWith(ref.getSink(), materializer);
                            else upstream.runWith(Sink.cancelled(), materializer);
                        });
                        return (CompletionStage<TransferReply.Completed>) result;
                    });
        }).mapMaterializedValue(stage -> stage.thenCompose(result -> result));
    }

    /** The owner's side of a stream failed, yet the final reply is a success: say so. */
    private static ByteString endedWithoutItsBody(TransferReply.Completed completed) {
        throw new IllegalStateException("the owner's side of the body's stream failed, but its transfer completed: " + completed);
    }

    /**
     * Where actors send {@link Execute}.
     *
     * @return this node's requester side
     */
    public ActorRef<Execute> requester() {
        return requesters.narrow();
    }

    /**
     * This node's pool, which runs the transfers of the origins this node owns.
     *
     * @return the node-local MultiActorPool
     */
    public ActorRef<MultiActor.Command> pool() {
        return pool;
    }

    /**
     * This node's address, as replies name it.
     *
     * @return e.g. {@code pekko://crawl@127.0.0.1:25520}
     */
    public String node() {
        return node;
    }
}
