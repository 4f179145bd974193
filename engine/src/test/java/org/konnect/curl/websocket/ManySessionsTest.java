package org.konnect.curl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Multi;
import org.konnect.curl.Outcome;
import org.konnect.curl.SessionStateAccess;
import org.konnect.curl.WebSocket;
import org.konnect.curl.WebSocketClose;
import org.konnect.curl.WebSocketMessage;
import org.konnect.curl.testservers.LibcurlFeatureFilter;
import org.konnect.curl.testservers.LoopbackWebSocketServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/** A thousand sessions on one Multi, driven on its owner thread: every echo of every round arrives. */
@Tag(LibcurlFeatureFilter.WEBSOCKET)
@ExtendWith(NoNativeLeaks.class)
class ManySessionsTest {
    @Test
    void aThousandSessionsEchoTenRounds() {
        int n = 1000;
        try (LoopbackWebSocketServer server = LoopbackWebSocketServer.start(); Multi multi = Multi.open()) {
            List<WebSocket> sessions = new ArrayList<>();
            List<CompletableFuture<Outcome<WebSocketMessage, WebSocketClose>>> waits = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                WebSocket ws = WebSocket.builder(server.url("/echo?many")).build();
                sessions.add(ws);
                waits.add(multi.process(ws).toCompletableFuture());
            }
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < n; i++) sessions.get(i).send(WebSocketMessage.text(i + ":" + round));
                long deadline = System.nanoTime() + 30_000_000_000L;
                int done;
                do {
                    multi.perform(100);
                    done = 0;
                    for (CompletableFuture<?> w : waits) if (w.isDone()) done++;
                } while (done < n && System.nanoTime() < deadline);
                StringBuilder stuck = new StringBuilder();
                for (int i = 0; i < n && stuck.length() < 2000; i++) {
                    if (!waits.get(i).isDone()) stuck.append(i).append(' ').append(SessionStateAccess.of(sessions.get(i))).append('\n');
                }
                assertEquals(n, done, "round " + round + ", stuck:\n" + stuck);
                for (int i = 0; i < n; i++) {
                    Outcome<WebSocketMessage, WebSocketClose> o = waits.get(i).join();
                    assertEquals(i + ":" + round, ((Outcome.Interim<WebSocketMessage, WebSocketClose>) o).value().text());
                    waits.set(i, multi.process(sessions.get(i)).toCompletableFuture());
                }
            }
            assertTrue(server.sessions() >= n);
        }
    }
}
