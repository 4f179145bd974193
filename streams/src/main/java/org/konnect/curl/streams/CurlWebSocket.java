package org.konnect.curl.streams;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.Flow;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.WebSocket;
import org.konnect.curl.WebSocketClose;
import org.konnect.curl.WebSocketMessage;
import org.konnect.curl.actors.MultiActor;

/**
 * A WebSocket session ({@code ws://}, {@code wss://}) as a {@link Flow}: what comes in is sent,
 * what the server sends goes out, run by a {@link MultiActor} through its messages.
 *
 * <p>Both directions are back-pressured. Downstream demand asks the MultiActor for the next
 * message (one {@code Process} per element), so a slow consumer leaves the server's data in the
 * kernel, and TCP stops the server; upstream is pulled once the message before is handed to the
 * socket. When upstream completes, the flow sends a close frame ({@link WebSocketClose#NORMAL}) and
 * goes on delivering until the server's answering close, then completes; the materialized value
 * completes with that {@link WebSocketClose} (or with the server's own, when it closes first). A
 * server that does not answer the close within {@link #DEFAULT_CLOSE_TIMEOUT} (or the flow's own)
 * fails the stream with {@code CURLE_OPERATION_TIMEDOUT}, and the socket is closed.
 * Downstream cancellation or an upstream failure ends the session with
 * {@link WebSocketClose#GOING_AWAY}; a failed session fails the stream with its
 * {@link org.konnect.curl.CurlError}. Each materialization is a session of its own.
 *
 * <pre>{@code
 * Source.from(List.of(WebSocketMessage.text("hello")))
 *       .via(CurlWebSocket.flow(curl, "wss://example.org/chat"))
 *       .runForeach(m -> System.out.println(m.text()), system);
 * }</pre>
 *
 * <p>Needs libcurl 8.14.0 or later with WebSocket support ({@link WebSocket#isSupported()});
 * on another the stream fails at once with {@code CURLE_UNSUPPORTED_PROTOCOL}.
 */
public final class CurlWebSocket {
    /**
     * How long a server has to answer the close frame sent at upstream's end, 10 s: RFC 6455 lets
     * a client close the TCP connection when the server does not, and a stream must not wait
     * without end for a server that never does.
     */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private CurlWebSocket() {}

    /**
     * A session with {@code url}, libcurl's defaults otherwise.
     *
     * @param curl the MultiActor that runs the session
     * @param url a {@code ws://} or {@code wss://} URL
     * @return the flow; each materialization connects anew
     */
    public static Flow<WebSocketMessage, WebSocketMessage, CompletionStage<WebSocketClose>> flow(ActorRef<MultiActor.Command> curl,
                                                                                               String url) {
        return flow(curl, url, h -> {});
    }

    /**
     * A session with {@code url} and options of the caller's.
     *
     * @param curl the MultiActor that runs the session
     * @param url a {@code ws://} or {@code wss://} URL
     * @param configure sets further options on the MultiActor's thread before the handshake (TLS
     *        trust, headers such as {@code Sec-WebSocket-Protocol}); see {@link WebSocket.Builder#configure}
     * @return the flow; each materialization connects anew
     */
    public static Flow<WebSocketMessage, WebSocketMessage, CompletionStage<WebSocketClose>> flow(ActorRef<MultiActor.Command> curl,
                                                                                               String url,
                                                                                               Consumer<ConfigHandle> configure) {
        return flow(curl, url, configure, DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * A session with {@code url}, options of the caller's and a close timeout of its own.
     *
     * @param curl the MultiActor that runs the session
     * @param url a {@code ws://} or {@code wss://} URL
     * @param configure sets further options on the MultiActor's thread before the handshake
     * @param closeTimeout how long after upstream's end the server has to answer the close frame;
     *        past it the stream fails with {@code CURLE_OPERATION_TIMEDOUT} and the socket is closed
     * @return the flow; each materialization connects anew
     * @throws IllegalArgumentException if {@code closeTimeout} is not positive
     */
    public static Flow<WebSocketMessage, WebSocketMessage, CompletionStage<WebSocketClose>> flow(ActorRef<MultiActor.Command> curl,
                                                                                               String url,
                                                                                               Consumer<ConfigHandle> configure,
                                                                                               Duration closeTimeout) {
        Objects.requireNonNull(curl, "curl");
        Objects.requireNonNull(configure, "configure");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("CurlWebSocket: closeTimeout must be positive, was " + closeTimeout);
        }
        WebSocket.builder(url);   // checks the URL now rather than at materialization
        return Flow.fromGraph(new WebSocketStage(curl, () -> WebSocket.builder(url).configure(configure).build(), closeTimeout));
    }
}
