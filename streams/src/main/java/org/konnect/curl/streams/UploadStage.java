package org.konnect.curl.streams;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.CurlError;
import org.konnect.curl.actors.MultiActor;
import scala.Tuple2;
import scala.runtime.BoxedUnit;

/**
 * The stage behind {@link CurlSink}: one transfer per materialization. It pulls upstream while
 * less than a window of pushed bytes is still unread by libcurl (each {@code Update} from the
 * MultiActor says how much has been read), hands the chunks to the {@link UploadRequest}, and
 * completes when the MultiActor answers {@code Completed}. An upstream failure, or a stop before
 * the end, cancels the transfer.
 */
final class UploadStage<R> extends AbstractGraphStageWithMaterializedValue<SinkShape<ByteString>, CompletionStage<R>> {
    private final Inlet<ByteString> in = Inlet.create("CurlSink.in");
    private final SinkShape<ByteString> shape = SinkShape.of(in);
    private final ActorRef<MultiActor.Command> curl;
    private final CurlSink.Spec<R> spec;

    UploadStage(ActorRef<MultiActor.Command> curl, CurlSink.Spec<R> spec) {
        this.curl = curl;
        this.spec = spec;
    }

    @Override
    public SinkShape<ByteString> shape() {
        return shape;
    }

    @Override
    public Pair<GraphStageLogic, CompletionStage<R>> createLogicAndMaterializedValuePair(Attributes attributes) {
        CompletableFuture<R> info = new CompletableFuture<>();
        return Pair.create(new Logic(new UploadRequest<>(spec.url(), spec.configure(), spec.completed()), info), info);
    }

    private final class Logic extends GraphStageLogic {
        private final UploadRequest<R> request;
        private final CompletableFuture<R> info;
        private ActorRef<MultiActor.Reply<Long, R>> self;
        private long pushed;
        private long read;
        private boolean ended;

        Logic(UploadRequest<R> request, CompletableFuture<R> info) {
            super(shape);
            this.request = request;
            this.info = info;
            setHandler(in, new AbstractInHandler() {
                @Override
                public void onPush() {
                    ByteString chunk = grab(in);
                    pushed += chunk.length();
                    request.offer(chunk);
                    pullIfRoom();
                }

                @Override
                public void onUpstreamFinish() {
                    request.finish();   // the stage stays until the MultiActor answers
                }

                @Override
                public void onUpstreamFailure(Throwable cause) {
                    ended = true;
                    curl.tell(new MultiActor.Cancel(request));
                    info.completeExceptionally(cause);
                    failStage(cause);
                }
            });
        }

        @Override
        public void preStart() {
            setKeepGoing(true);   // upstream's end is not the stage's: the transfer's reply is
            self = Adapter.toTyped(getStageActor(this::onReply).ref());
            curl.tell(new MultiActor.Process<>(request, self));
            pull(in);
        }

        private void pullIfRoom() {
            if (!isClosed(in) && !hasBeenPulled(in) && pushed - read < spec.windowBytes()) pull(in);
        }

        private BoxedUnit onReply(Tuple2<org.apache.pekko.actor.ActorRef, Object> message) {
            Object reply = message._2();
            if (reply instanceof MultiActor.Update<?, ?> update) {
                read = (Long) update.value();
                curl.tell(new MultiActor.Process<>(request, self));
                pullIfRoom();
            } else if (reply instanceof MultiActor.Completed<?, ?> completed) {
                ended = true;
                @SuppressWarnings("unchecked")
                R result = (R) completed.result();
                info.complete(result);
                completeStage();
            } else if (reply instanceof MultiActor.Failed<?, ?> failed) {
                ended = true;
                info.completeExceptionally(failed.error());
                failStage(failed.error());
            }
            return BoxedUnit.UNIT;
        }

        @Override
        public void postStop() {
            if (ended) return;
            curl.tell(new MultiActor.Cancel(request));
            info.completeExceptionally(CurlError.cancelled("the stream ended before the transfer did (" + request + ")"));
        }
    }
}
