package org.konnect.curl.streams;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.CurlError;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.actors.MultiActor;
import scala.Tuple2;
import scala.runtime.BoxedUnit;

/**
 * The stage behind {@link CurlSource}: one transfer per materialization, run by a MultiActor
 * and driven by its messages only. The stage's own actor is the requester: it sends
 * {@code Process}, receives each {@code Update} (a window of chunks, possibly empty), pushes them
 * as demand comes, and sends {@code Process} again once it has passed the last window on.
 * Cancelled downstream, or stopped for any other reason before the end, it sends {@code Cancel}.
 * The request comes from a supplier at the stage's start: a new transfer (a download), or one
 * another requester started and hands over (an HTTP response's body); a supplier that throws
 * fails the stream with its exception.
 *
 * @param <R> the request's result: the materialized value
 */
final class DownloadStage<R> extends AbstractGraphStageWithMaterializedValue<SourceShape<ByteString>, CompletionStage<R>> {
    private final Outlet<ByteString> out = Outlet.create("CurlSource.out");
    private final SourceShape<ByteString> shape = SourceShape.of(out);
    private final ActorRef<MultiActor.Command> curl;
    private final Supplier<? extends RequestProtocol<List<ByteString>, R>> requests;

    DownloadStage(ActorRef<MultiActor.Command> curl, Supplier<? extends RequestProtocol<List<ByteString>, R>> requests) {
        this.curl = curl;
        this.requests = requests;
    }

    @Override
    public SourceShape<ByteString> shape() {
        return shape;
    }

    @Override
    public Pair<GraphStageLogic, CompletionStage<R>> createLogicAndMaterializedValuePair(Attributes attributes) {
        CompletableFuture<R> info = new CompletableFuture<>();
        return Pair.create(new Logic(info), info);
    }

    private final class Logic extends GraphStageLogic {
        private final CompletableFuture<R> info;
        private final ArrayDeque<ByteString> buffer = new ArrayDeque<>();
        private RequestProtocol<List<ByteString>, R> request;
        private ActorRef<MultiActor.Reply<List<ByteString>, R>> self;
        private boolean asked;
        private R finished;
        private boolean ended;

        Logic(CompletableFuture<R> info) {
            super(shape);
            this.info = info;
            setHandler(out, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    deliver();
                }
            });
        }

        @Override
        public void preStart() {
            try {
                request = requests.get();
            } catch (RuntimeException e) {
                ended = true;
                info.completeExceptionally(e);
                failStage(e);
                return;
            }
            self = Adapter.toTyped(getStageActor(this::onReply).ref());
            ask();
        }

        private void ask() {
            asked = true;
            curl.tell(new MultiActor.Process<>(request, self));
        }

        @SuppressWarnings("unchecked")
        private BoxedUnit onReply(Tuple2<org.apache.pekko.actor.ActorRef, Object> message) {
            Object reply = message._2();
            if (reply instanceof MultiActor.Update<?, ?> update) {
                asked = false;
                for (Object chunk : (List<?>) update.value()) buffer.add((ByteString) chunk);
                deliver();
            } else if (reply instanceof MultiActor.Completed<?, ?> completed) {
                asked = false;
                finished = (R) completed.result();
                deliver();
            } else if (reply instanceof MultiActor.Failed<?, ?> failed) {
                ended = true;
                info.completeExceptionally(failed.error());
                failStage(failed.error());
            }
            return BoxedUnit.UNIT;
        }

        /** Pushes what demand allows; with the buffer empty, the end or the next window. */
        private void deliver() {
            if (isAvailable(out) && !buffer.isEmpty()) push(out, buffer.poll());
            if (!buffer.isEmpty()) return;
            if (finished != null) {
                ended = true;
                info.complete(finished);
                completeStage();
            } else if (!asked) {
                ask();
            }
        }

        @Override
        public void postStop() {
            if (ended) return;
            // Cancelled downstream, or the materializer stopped: end the transfer too.
            curl.tell(new MultiActor.Cancel(request));
            info.completeExceptionally(CurlError.cancelled("the stream ended before the transfer did (" + request + ")"));
        }
    }
}
