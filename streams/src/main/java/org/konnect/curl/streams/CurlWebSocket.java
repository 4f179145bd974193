package org.konnect.curl.streams;

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
 * completes with that {@link WebSocketClose} (or with the server's own, when it closes first).
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
        Objects.requireNonNull(curl, "curl");
        Objects.requireNonNull(configure, "configure");
        WebSocket.builder(url);   // checks the URL now rather than at materialization
        return Flow.fromGraph(new WebSocketStage(curl, () -> WebSocket.builder(url).configure(configure).build()));
    }
}
