package org.konnect.curl.cluster;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
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
 *       {@link TransferReply.Final}.</li>
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
