package org.konnect.curl.websocket;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.konnect.curl.CurlError;
import org.konnect.curl.Multi;
import org.konnect.curl.Outcome;
import org.konnect.curl.WebSocket;
import org.konnect.curl.WebSocketClose;
import org.konnect.curl.WebSocketMessage;

/** Test helper: one WebSocket driven on the calling (owner) thread of a Multi. */
final class Session {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    final Multi multi;
    final WebSocket ws;

    Session(Multi multi, WebSocket ws) {
        this.multi = multi;
        this.ws = ws;
    }

    /** Processes the session once: the next received message (asserting it is one, not the end). */
    WebSocketMessage next() {
        Outcome<WebSocketMessage, WebSocketClose> o = until(multi.process(ws));
        if (!(o instanceof Outcome.Interim<WebSocketMessage, WebSocketClose> m)) throw new AssertionError("expected a message, got " + o);
        return m.value();
    }

    /** Processes the session once: its end (asserting it is the close, not a message). */
    WebSocketClose end() {
        Outcome<WebSocketMessage, WebSocketClose> o = until(multi.process(ws));
        if (!(o instanceof Outcome.Final<WebSocketMessage, WebSocketClose> f)) throw new AssertionError("expected the close, got " + o);
        return f.result();
    }

    /** Processes the session once: the CurlError it fails with. */
    CurlError failure() {
        try {
            Outcome<?, ?> o = until(multi.process(ws));
            throw new AssertionError("expected a failure, got " + o);
        } catch (CompletionException e) {
            if (e.getCause() instanceof CurlError c) return c;
            throw new AssertionError("expected a CurlError, got " + e.getCause(), e.getCause());
        }
    }

    /** Sends and performs until the frame is out. */
    void send(WebSocketMessage m) {
        until(ws.send(m));
    }

    <T> T until(CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!f.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError(new TimeoutException("not done after " + TIMEOUT));
            multi.perform(Math.max(1, Math.min(100, left / 1_000_000)));
        }
        return f.join();
    }
}
