package org.konnect.curl.http;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.streams.SendQueue;

/**
 * Runs a streamed request body into its exchange's {@link SendQueue}: pulls while less than a
 * window waits unread by libcurl, and again when libcurl's reads bring it below; completes the
 * body when upstream completes, aborts it when upstream fails, and cancels upstream when the
 * exchange ends first (the server answered before reading it all, or the exchange failed).
 */
final class RequestBodyFeeder extends GraphStage<SinkShape<ByteString>> {
    private final Inlet<ByteString> in = Inlet.create("HttpRequest.body");
    private final SinkShape<ByteString> shape = SinkShape.of(in);
    private final SendQueue queue;
    private final long windowBytes;

    RequestBodyFeeder(SendQueue queue, long windowBytes) {
        this.queue = queue;
        this.windowBytes = windowBytes;
    }

    @Override
    public SinkShape<ByteString> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
        return new GraphStageLogic(shape) {
            private AsyncCallback<Boolean> wake;

            {
                setHandler(in, new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        queue.offer(grab(in));
                        pullIfRoom();
                    }

                    @Override
                    public void onUpstreamFinish() {
                        queue.finish();
                        completeStage();
                    }

                    @Override
                    public void onUpstreamFailure(Throwable cause) {
                        queue.fail(cause);
                        completeStage();
                    }
                });
            }

            @Override
            public void preStart() {
                wake = createAsyncCallback(room -> {
                    if (queue.isClosed()) completeStage();   // cancels upstream
                    else pullIfRoom();
                });
                queue.onClose(() -> wake.invoke(Boolean.FALSE));
                pullIfRoom();
            }

            private void pullIfRoom() {
                if (queue.isClosed()) {
                    completeStage();
                } else if (!hasBeenPulled(in) && !isClosed(in)) {
                    if (queue.unreadBytes() < windowBytes) pull(in);
                    else queue.onceUnreadBelow(windowBytes, () -> wake.invoke(Boolean.TRUE));
                }
            }
        };
    }
}
