package org.konnect.curl.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.CurlError;
import org.konnect.curl.jni.LibcurlConstants;
import org.konnect.curl.WebSocketClose;
import org.konnect.curl.WebSocketMessage;
import org.konnect.curl.testservers.LibcurlFeatureFilter;
import org.konnect.curl.testservers.LoopbackRawServer;
import org.konnect.curl.testservers.LoopbackWebSocketServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/** A WebSocket session as a Flow: echo in order, the close at upstream's end, cancellation, a server's close. */
@Tag(LibcurlFeatureFilter.WEBSOCKET)
@ExtendWith(NoNativeLeaks.class)
class CurlWebSocketTest extends MultiActorFixture {
    private static final Duration WAIT = Duration.ofSeconds(30);
    final LoopbackWebSocketServer server = LoopbackWebSocketServer.start();

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void echoesEveryMessageInOrderAndClosesWhenUpstreamEnds() throws Exception {
        List<WebSocketMessage> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) sent.add(i % 2 == 0 ? WebSocketMessage.text("m" + i) : WebSocketMessage.binary(new byte[i]));
        Pair<CompletionStage<WebSocketClose>, CompletionStage<List<WebSocketMessage>>> run = Source.from(sent)
                .viaMat(CurlWebSocket.flow(curl(), server.url("/echo")), Keep.right())
                .toMat(Sink.seq(), Keep.both())
                .run(materializer);
        List<WebSocketMessage> echoed = run.second().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(sent.size(), echoed.size());
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(sent.get(i).kind(), echoed.get(i).kind());
            assertEquals(sent.get(i).length(), echoed.get(i).length());
            if (sent.get(i).isText()) assertEquals(sent.get(i).text(), echoed.get(i).text());
        }
        WebSocketClose close = run.first().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(WebSocketClose.NORMAL, close.code());
        assertFalse(close.byServer());
    }

    @Test
    void aServersCloseCompletesTheStreamWithItsCode() throws Exception {
        Pair<CompletionStage<WebSocketClose>, CompletionStage<List<WebSocketMessage>>> run = Source.<WebSocketMessage>maybe()
                .viaMat(CurlWebSocket.flow(curl(), server.url("/close?code=4001&reason=over")), Keep.right())
                .toMat(Sink.seq(), Keep.both())
                .run(materializer);
        List<WebSocketMessage> got = run.second().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(1, got.size());
        assertEquals("bye", got.get(0).text());
        assertEquals(new WebSocketClose(4001, "over", true), run.first().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    @Test
    void downstreamCancellationClosesWithGoingAway() throws Exception {
        // 20 messages and no end from upstream: only the cancellation, after the 20th echo, can end the
        // session. No more than 20: an echo still being written when the client closes its socket
        // made the server record "1006 Broken pipe" instead of the close it had been sent.
        CompletionStage<WebSocketClose> closed = Source.repeat(WebSocketMessage.text("again")).take(20).concat(Source.maybe())
                .viaMat(CurlWebSocket.flow(curl(), server.url("/echo?test=stream-cancel")), Keep.right())
                .take(20)
                .to(Sink.ignore())
                .run(materializer);
        ExecutionException e = assertThrows(ExecutionException.class, () -> closed.toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertTrue(assertInstanceOf(CurlError.class, e.getCause()).isCancelled());
        assertEquals("1001 going away", server.awaitClose("/echo?test=stream-cancel", WAIT));
    }

    @Test
    void anAbruptEndFailsTheStreamWithItsCode() {
        CompletionStage<List<WebSocketMessage>> got = Source.<WebSocketMessage>maybe()
                .via(CurlWebSocket.flow(curl(), server.url("/drop")))
                .runWith(Sink.seq(), materializer);
        ExecutionException e = assertThrows(ExecutionException.class, () -> got.toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertEquals("CURLE_GOT_NOTHING", assertInstanceOf(CurlError.class, e.getCause()).codeName());
    }

    @Test
    void aServerThatNeverAnswersTheCloseFailsTheStreamAfterTheCloseTimeout() throws Exception {
        CountDownLatch socketClosed = new CountDownLatch(1);
        // A good handshake, then a server that reads everything and answers nothing, not even the close.
        try (LoopbackRawServer deaf = LoopbackRawServer.start(socket -> {
            LoopbackRawServer.acceptWebSocket(socket);
            LoopbackRawServer.awaitPeerClose(socket);
            socketClosed.countDown();
        })) {
            CompletionStage<WebSocketClose> closed = Source.single(WebSocketMessage.text("anyone?"))
                    .viaMat(CurlWebSocket.flow(curl(), "ws://127.0.0.1:" + deaf.port() + "/", h -> {}, Duration.ofMillis(300)),
                            Keep.right())
                    .to(Sink.ignore())
                    .run(materializer);
            ExecutionException e = assertThrows(ExecutionException.class, () -> closed.toCompletableFuture().get(30, TimeUnit.SECONDS));
            CurlError error = assertInstanceOf(CurlError.class, e.getCause());
            assertEquals(LibcurlConstants.CURLE_OPERATION_TIMEDOUT, error.code(), error.toString());
            assertTrue(error.detail().contains("did not answer the close frame within 300 ms"), error.detail());
            assertTrue(socketClosed.await(30, TimeUnit.SECONDS), "the client closed the socket");
        }
    }

    @Test
    void aCloseTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> CurlWebSocket.flow(curl(), server.url("/echo"), h -> {}, Duration.ZERO));
    }
}
