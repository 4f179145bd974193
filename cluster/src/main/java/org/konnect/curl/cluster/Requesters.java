package org.konnect.curl.cluster;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.stream.SinkRef;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.util.ByteString;

/**
 * The node's parent of {@link TransferRequester}s: one child per request, so that each request's
 * acceptance, watch and retry are a small state machine of their own and nothing is shared.
 */
final class Requesters {
    private Requesters() {}

    /** What the parent handles: {@link ClusterCurl.Execute} from actors, and the requests of {@link ClusterCurl}'s methods. */
    sealed interface Command permits ClusterCurl.Execute, ExecuteForFuture, Download, Upload {}

    /** A request of {@link ClusterCurl#execute}, answered through its future; local only. */
    record ExecuteForFuture(TransferDescription description, CompletableFuture<TransferReply.Completed> result)
            implements Command, NoSerializationVerificationNeeded {}

    /** A request of {@link ClusterCurl#download}, answered through the body's future and the result's; local only. */
    record Download(TransferDescription description, CompletableFuture<SourceRef<ByteString>> body,
                    CompletableFuture<TransferReply.Completed> result) implements Command, NoSerializationVerificationNeeded {}

    /** A request of {@link ClusterCurl#upload}, answered through the body's way to the owner and the result; local only. */
    record Upload(TransferDescription description, CompletableFuture<SinkRef<ByteString>> body,
                  CompletableFuture<TransferReply.Completed> result) implements Command, NoSerializationVerificationNeeded {}

    static Behavior<Command> create(ClusterCurlSettings settings) {
        return Behaviors.setup(ctx -> {
            ClusterSharding sharding = ClusterSharding.get(ctx.getSystem());
            return Behaviors.receive(Command.class)
                    .onMessage(ClusterCurl.Execute.class, e -> spawn(ctx, sharding, settings, e.requestId(), e.description(),
                            new TransferRequester.ToActor(e.replyTo())))
                    .onMessage(ExecuteForFuture.class, e -> spawn(ctx, sharding, settings, UUID.randomUUID().toString(),
                            e.description(), new TransferRequester.ToFuture(e.result())))
                    .onMessage(Download.class, d -> spawn(ctx, sharding, settings, UUID.randomUUID().toString(),
                            d.description(), TransferRequester.ToStreamed.download(d.body(), d.result())))
                    .onMessage(Upload.class, u -> spawn(ctx, sharding, settings, UUID.randomUUID().toString(),
                            u.description(), TransferRequester.ToStreamed.upload(u.body(), u.result())))
                    .build();
        });
    }

    private static Behavior<Command> spawn(ActorContext<Command> ctx, ClusterSharding sharding, ClusterCurlSettings settings,
                                           String requestId, TransferDescription description, TransferRequester.Answer answer) {
        ctx.spawnAnonymous(TransferRequester.create(requestId, description,
                sharding.entityRefFor(OriginEntity.TYPE_KEY, description.origin()), settings, answer));
        return Behaviors.same();
    }
}
