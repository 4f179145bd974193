package org.konnect.curl.streams;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.konnect.curl.CurlError;
import org.konnect.curl.WebSocket;
import org.konnect.curl.WebSocketClose;
import org.konnect.curl.WebSocketMessage;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.jni.LibcurlConstants;
import scala.Tuple2;
import scala.runtime.BoxedUnit;

/**
 * The stage behind {@link CurlWebSocket}: one session per materialization, driven by a
 * MultiActor's messages only, the stage's own actor being the requester. A downstream pull sends
 * {@code Process} (at most one waits), each {@code Update} is pushed; an upstream element is sent
 * with {@code Send}, up to {@link #SENDS_IN_FLIGHT} at once (the engine sends them in order), and
 * upstream is pulled again as each {@code Sent} comes back. Upstream's completion sends
 * {@code Close}; {@code Completed} completes the stage. A server that has not answered the close
 * within the close timeout fails the stage with {@code CURLE_OPERATION_TIMEDOUT} and the session
 * is cancelled (its socket closed). Stopped before the session's end (downstream cancelled,
 * upstream failed, the materializer gone), it sends {@code Cancel}: a close with 1001.
 */
final class WebSocketStage extends AbstractGraphStageWithMaterializedValue<FlowShape<WebSocketMessage, WebSocketMessage>,
        CompletionStage<WebSocketClose>> {
    private static final String CLOSE_TIMER = "close";
    /**
     * Messages handed to the MultiActor and not yet to the socket: enough that the socket is not
     * idle while a {@code Sent} travels back and the next message comes, few enough to bound
     * what the session holds (with one in flight, an echo ran at about 7,000 messages/s).
     */
    static final int SENDS_IN_FLIGHT = 16;
    private final Inlet<WebSocketMessage> in = Inlet.create("CurlWebSocket.in");
    private final Outlet<WebSocketMessage> out = Outlet.create("CurlWebSocket.out");
    private final FlowShape<WebSocketMessage, WebSocketMessage> shape = FlowShape.of(in, out);
    private final ActorRef<MultiActor.Command> curl;
    private final Supplier<WebSocket> sessions;
    private final Duration closeTimeout;

    WebSocketStage(ActorRef<MultiActor.Command> curl, Supplier<WebSocket> sessions, Duration closeTimeout) {
        this.curl = curl;
        this.sessions = sessions;
        this.closeTimeout = closeTimeout;
    }

    @Override
    public FlowShape<WebSocketMessage, WebSocketMessage> shape() {
        return shape;
    }

    @Override
    public Pair<GraphStageLogic, CompletionStage<WebSocketClose>> createLogicAndMaterializedValuePair(Attributes attributes) {
        CompletableFuture<WebSocketClose> closed = new CompletableFuture<>();
        return Pair.create(new Logic(sessions.get(), closed), closed);
    }

    private final class Logic extends TimerGraphStageLogic {
        private final WebSocket ws;
        private final CompletableFuture<WebSocketClose> closed;
        private ActorRef<Object> self;
        private boolean asked;
        private boolean ended;
        private int sending;

        Logic(WebSocket ws, CompletableFuture<WebSocketClose> closed) {
            super(shape);
            this.ws = ws;
            this.closed = closed;
            setHandler(out, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    ask();
                }

                @Override
                public void onDownstreamFinish(Throwable cause) {
                    end(CurlError.cancelled("the stream's downstream cancelled the WebSocket " + ws.url()));
                }
            });
            setHandler(in, new AbstractInHandler() {
                @Override
                public void onPush() {
                    curl.tell(new MultiActor.Send(ws, grab(in), self.narrow()));
                    sending++;
                    if (sending < SENDS_IN_FLIGHT) pull(in);
                }

                @Override
                public void onUpstreamFinish() {
                    curl.tell(new MultiActor.Close(ws, WebSocketClose.NORMAL, "", self.narrow()));
                    scheduleOnce(CLOSE_TIMER, closeTimeout);
                }

                @Override
                public void onUpstreamFailure(Throwable ex) {
                    end(ex);
                }
            });
        }

        @Override
        public void preStart() {
            self = Adapter.toTyped(getStageActor(this::onReply).ref());
            // Starts the session (the handshake), asking for its first message; sends wait for it.
            ask();
            pull(in);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void ask() {
            if (asked || ended) return;
            asked = true;
            curl.tell(new MultiActor.Process(ws, self));
        }

        private BoxedUnit onReply(Tuple2<org.apache.pekko.actor.ActorRef, Object> message) {
            Object reply = message._2();
            if (reply instanceof MultiActor.Update<?, ?> update) {
                asked = false;
                push(out, (WebSocketMessage) update.value());   // only asked for on a pull
            } else if (reply instanceof MultiActor.Completed<?, ?> completed) {
                ended = true;
                closed.complete((WebSocketClose) completed.result());
                completeStage();
            } else if (reply instanceof MultiActor.Failed<?, ?> failed) {
                ended = true;
                closed.completeExceptionally(failed.error());
                failStage(failed.error());
            } else if (reply instanceof MultiActor.Sent) {
                sending--;
                if (!isClosed(in) && !hasBeenPulled(in)) pull(in);
            } else if (reply instanceof MultiActor.SendFailed failed && !ended) {
                // The session ended (its Failed follows, if a Process waits) or refused the frame.
                end(failed.error());
            }
            return BoxedUnit.UNIT;
        }

        @Override
        public void onTimer(Object key) {
            end(new CurlError(LibcurlConstants.CURLE_OPERATION_TIMEDOUT, "the server did not answer the close frame within "
                    + closeTimeout.toMillis() + " ms (" + ws.url() + ")", null));
        }

        private void end(Throwable cause) {
            if (ended) return;
            ended = true;
            curl.tell(new MultiActor.Cancel(ws));
            closed.completeExceptionally(cause);
            if (cause instanceof CurlError && ((CurlError) cause).isCancelled()) completeStage();
            else failStage(cause);
        }

        @Override
        public void postStop() {
            if (ended) return;
            curl.tell(new MultiActor.Cancel(ws));
            closed.completeExceptionally(CurlError.cancelled("the stream stopped before the WebSocket ended (" + ws.url() + ")"));
        }
    }
}
