package org.konnect.curl.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.konnect.curl.Certificates;
import org.konnect.curl.CurlError;
import org.konnect.curl.Multi;
import org.konnect.curl.MultiOptions;
import org.konnect.curl.Request;
import org.konnect.curl.WebSocket;
import org.konnect.curl.WebSocketClose;
import org.konnect.curl.WebSocketMessage;
import org.konnect.curl.jni.LibcurlConstants;
import org.konnect.curl.testing.IdleLoop;
import org.konnect.curl.testservers.LibcurlFeatureFilter;
import org.konnect.curl.testservers.LoopbackRawServer;
import org.konnect.curl.testservers.LoopbackWebSocketServer;
import org.konnect.curl.testservers.NoNativeLeaks;
import org.konnect.curl.testservers.TestPki;

/**
 * WebSocket sessions against Jetty 12's WebSocket server: echo of text and binary messages up to
 * 16 MiB (ws and wss), fragments put together or handed on as parts, a server's ping, closes from
 * either side, an abrupt end and a cancel, each with what the server saw.
 */
@Tag(LibcurlFeatureFilter.WEBSOCKET)
@ExtendWith(NoNativeLeaks.class)
class WebSocketTest {
    private static final LoopbackWebSocketServer SERVER = LoopbackWebSocketServer.start();
    private static final TestPki PKI = TestPki.create();
    private static final char[] PASSWORD = "loopback".toCharArray();
    private static final LoopbackWebSocketServer TLS = LoopbackWebSocketServer.startTls(PKI.server().keyStore(PASSWORD), PASSWORD);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterAll
    static void stopServers() {
        SERVER.close();
        TLS.close();
    }

    private static WebSocket ws(String path) {
        return WebSocket.builder(SERVER.url(path)).build();
    }

    private static WebSocket wss(String path) {
        return WebSocket.builder(TLS.url(path)).configure(h -> Certificates.addCaCertificates(h, PKI.ca().certPem())).build();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String text(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) s.append((char) ('a' + i % 26));
        return s.toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65_535, 65_536, 65_537, 1 << 20, 16 << 20})
    void echoesTextAndBinaryMessagesOfEverySize(int size) {
        try (Multi multi = Multi.open()) {
            Session s = new Session(multi, ws("/echo"));
            CompletionStage<?> first = multi.process(s.ws);   // connects; waits for the first message
            byte[] binary = random(size, size);
            String text = text(size);
            s.ws.send(WebSocketMessage.binary(binary));
            s.ws.send(WebSocketMessage.text(text));
            WebSocketMessage echoed = (WebSocketMessage) ((org.konnect.curl.Outcome.Interim<?, ?>) s.until(first)).value();
            assertEquals(WebSocketMessage.Kind.BINARY, echoed.kind());
            assertArrayEquals(binary, echoed.bytes());
            WebSocketMessage echoedText = s.next();
            assertTrue(echoedText.isText());
            assertEquals(text, echoedText.text());
            s.until(s.ws.close(WebSocketClose.NORMAL, "done"));
            WebSocketClose close = s.end();
            assertEquals(WebSocketClose.NORMAL, close.code());
            assertFalse(close.byServer());
            assertEquals(0, multi.activeTransfers());
        }
    }

    @Test
    void echoesOverTls() {
        try (Multi multi = Multi.open()) {
            Session s = new Session(multi, wss("/echo"));
            CompletionStage<?> first = multi.process(s.ws);
            byte[] big = random(16 << 20, 7);
            s.ws.send(WebSocketMessage.binary(big));
            s.ws.send(WebSocketMessage.text("über TLS"));
            assertArrayEquals(big, ((WebSocketMessage) ((org.konnect.curl.Outcome.Interim<?, ?>) s.until(first)).value()).bytes());
            assertEquals("über TLS", s.next().text());
            s.until(s.ws.close(WebSocketClose.NORMAL, "tls done"));
            assertEquals(WebSocketClose.NORMAL, s.end().code());
        }
    }

    /**
     * With {@code maxRunningTransfers} 1, WebSocket sessions start at once and hold no slot: a
     * send right after the process reaches a session, and a transfer after two open sessions
     * does not wait.
     */
    @Test
    void webSocketsNeitherWaitNorHoldARunningSlot(@TempDir Path dir) throws Exception {
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withMaxRunningTransfers(1))) {
            Session first = new Session(multi, ws("/echo"));
            Session second = new Session(multi, ws("/echo"));
            CompletionStage<?> a = multi.process(first.ws);
            CompletionStage<?> b = multi.process(second.ws);
            assertEquals(0, multi.waitingTransfers());
            first.ws.send(WebSocketMessage.text("one"));
            second.ws.send(WebSocketMessage.text("two"));
            assertEquals("one", ((WebSocketMessage) ((org.konnect.curl.Outcome.Interim<?, ?>) first.until(a)).value()).text());
            assertEquals("two", ((WebSocketMessage) ((org.konnect.curl.Outcome.Interim<?, ?>) second.until(b)).value()).text());

            Path file = Files.write(dir.resolve("body.bin"), new byte[4321]);
            CompletionStage<?> download = multi.process(Request.toMemory(file.toUri().toString()));
            assertEquals(0, multi.waitingTransfers(), "the open sessions hold no slot");
            assertEquals(4321, ((Request.Response) ((org.konnect.curl.Outcome.Final<?, ?>) first.until(download)).result()).body().length);
            first.until(first.ws.close(WebSocketClose.NORMAL, "done"));
            second.until(second.ws.close(WebSocketClose.NORMAL, "done"));
            assertEquals(WebSocketClose.NORMAL, first.end().code());
            assertEquals(WebSocketClose.NORMAL, second.end().code());
        }
    }

    @Test
    void fragmentedMessagesArePutTogether() {
        try (Multi multi = Multi.open()) {
            Session s = new Session(multi, ws("/fragments"));
            WebSocketMessage text = s.next();
            assertTrue(text.isText());
            assertTrue(text.isLast());
            assertEquals("abcdef", text.text());
            WebSocketMessage binary = s.next();
            assertEquals(WebSocketMessage.Kind.BINARY, binary.kind());
            assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5}, binary.bytes());
            // and sending in parts: the server gets (and echoes) one message
            s.send(WebSocketMessage.part(WebSocketMessage.Kind.TEXT, "one ".getBytes(), false));
            s.send(WebSocketMessage.part(WebSocketMessage.Kind.TEXT, "two".getBytes(), true));
            assertEquals("one two", s.next().text());
        }
    }

    @Test
    void partsAreDeliveredWhenAsked() {
        try (Multi multi = Multi.open()) {
            Session s = new Session(multi, WebSocket.builder(SERVER.url("/fragments")).deliverParts(true).build());
            List<String> parts = new ArrayList<>();
            WebSocketMessage m;
            do {
                m = s.next();
                assertTrue(m.isText());
                parts.add(m.text());
            } while (!m.isLast());
            assertEquals(List.of("ab", "cd", "ef"), parts);
            WebSocketMessage b1 = s.next();
            WebSocketMessage b2 = s.next();
            assertFalse(b1.isLast());
            assertTrue(b2.isLast());
            assertArrayEquals(new byte[] {3, 4, 5}, b2.bytes());
        }
    }

    @Test
    void aServerPingIsAnsweredWithItsPayload() {
        try (Multi multi = Multi.open()) {
            Session s = new Session(multi, ws("/ping"));
            assertEquals("pong: are you there", s.next().text());   // the server got our pong
        }
    }

    @Test
    void aServerCloseEndsTheSessionWithItsCodeAndReason() throws InterruptedException {
        try (Multi multi = Multi.open()) {
            Session s = new Session(multi, ws("/close?code=4000&reason=bye%20now"));
            assertEquals("bye", s.next().text());
            WebSocketClose close = s.end();
            assertEquals(new WebSocketClose(4000, "bye now", true), close);
            CompletionException late = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> s.ws.send(WebSocketMessage.text("too late")).toCompletableFuture().join());
            assertInstanceOf(IllegalStateException.class, late.getCause());
        }
    }

    @Test
    void anAbruptDisconnectIsCurleGotNothing() {
        try (Multi multi = Multi.open()) {
            Session s = new Session(multi, ws("/drop"));
            assertEquals("going", s.next().text());
            CurlError e = s.failure();
            assertEquals(LibcurlConstants.CURLE_GOT_NOTHING, e.code(), e.toString());
            assertEquals("CURLE_GOT_NOTHING", e.codeName());
        }
    }

    @Test
    void aResetConnectionIsCurleRecvError() {
        // A hand-made server: the handshake, one text frame "hi", and a reset once the client has answered.
        try (LoopbackRawServer raw = LoopbackRawServer.start(socket -> {
            LoopbackRawServer.acceptWebSocket(socket);
            var out = socket.getOutputStream();
            out.write(new byte[] {(byte) 0x81, 2, 'h', 'i'});
            out.flush();
            if (socket.getInputStream().read() < 0) return;   // the client's answer
            socket.setSoLinger(true, 0);   // closing now sends RST
        }); Multi multi = Multi.open()) {
            Session s = new Session(multi, WebSocket.builder("ws://127.0.0.1:" + raw.port() + "/").build());
            assertEquals("hi", s.next().text());
            s.send(WebSocketMessage.text("answer"));
            CurlError e = s.failure();
            assertEquals(LibcurlConstants.CURLE_RECV_ERROR, e.code(), e.toString());
        }
    }

    /**
     * The handshake's socket stays registered after libcurl's REMOVE (the native layer keeps a
     * connection's registration for its next transfer); once the WebSocket is open that
     * registration must go, or a frame the client has not asked for yet wakes every wait.
     */
    @Test
    void aFrameNobodyAskedForYetDoesNotKeepWakingTheLoop() throws Exception {
        CountDownLatch second = new CountDownLatch(1);
        try (LoopbackRawServer raw = LoopbackRawServer.start(socket -> {
            // "one" with the 101: read with it, so that the session has a message at once and asks
            // for nothing when it registers the socket first.
            LoopbackRawServer.acceptWebSocket(socket, new byte[] {(byte) 0x81, 3, 'o', 'n', 'e'});
            var out = socket.getOutputStream();
            second.await();
            out.write(new byte[] {(byte) 0x81, 3, 't', 'w', 'o'});
            out.flush();
            LoopbackRawServer.awaitPeerClose(socket);
        }); Multi multi = Multi.open()) {
            Session s = new Session(multi, WebSocket.builder("ws://127.0.0.1:" + raw.port() + "/").build());
            assertEquals("one", s.next().text());
            second.countDown();   // "two" arrives while no stage waits for it
            int performs = IdleLoop.performsDuring(multi, Duration.ofMillis(600), 50);
            assertTrue(performs < 100, "the loop waited instead of spinning: " + performs + " performs in 600 ms");
            assertEquals("two", s.next().text());
        }
    }

    @Test
    void aCancelledSessionClosesWithGoingAway() throws InterruptedException {
        try (Multi multi = Multi.open()) {
            Session s = new Session(multi, ws("/sink?test=cancel"));
            CompletionStage<?> waiting = multi.process(s.ws);
            s.until(s.ws.send(WebSocketMessage.text("hi")));   // done once the handshake is; /sink answers nothing
            assertTrue(multi.cancel(s.ws));
            CurlError e = assertInstanceOf(CurlError.class, org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> s.until(waiting)).getCause());
            assertTrue(e.isCancelled(), e.toString());
        }
        assertEquals("1001 going away", SERVER.awaitClose("/sink?test=cancel", WAIT));
    }

    @Test
    void closingTheMultiClosesItsSessionsWithGoingAway() throws InterruptedException {
        Multi multi = Multi.open();
        Session s = new Session(multi, ws("/sink?test=multi-close"));
        CompletionStage<?> waiting = multi.process(s.ws);
        s.send(WebSocketMessage.text("hello"));   // done once the handshake is; /sink answers nothing
        multi.close();
        assertTrue(waiting.toCompletableFuture().isCompletedExceptionally());
        assertEquals("1001 going away", SERVER.awaitClose("/sink?test=multi-close", WAIT));
    }

    @Test
    void sendsFromAnotherThreadAreHandedToTheOwner() throws Exception {
        try (Multi multi = Multi.open()) {
            Session s = new Session(multi, ws("/echo"));
            CompletionStage<?> first = multi.process(s.ws);
            CompletableFuture<CompletionStage<Void>> sent = new CompletableFuture<>();
            Thread other = new Thread(() -> sent.complete(s.ws.send(WebSocketMessage.text("from elsewhere"))));
            other.start();
            other.join();
            assertEquals("from elsewhere",
                    ((WebSocketMessage) ((org.konnect.curl.Outcome.Interim<?, ?>) s.until(first)).value()).text());
            assertNotNull(s.until(sent).toCompletableFuture().isDone() ? "done" : null);
        }
    }

    @Test
    void aMessageOverTheLimitEndsTheSessionWithFileSizeExceeded() throws InterruptedException {
        try (Multi multi = Multi.open()) {
            Session s = new Session(multi, WebSocket.builder(SERVER.url("/echo?test=limit")).maxMessageBytes(1000).build());
            CompletionStage<?> first = multi.process(s.ws);
            s.ws.send(WebSocketMessage.binary(new byte[1001]));
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, () -> s.until(first));
            CurlError error = assertInstanceOf(CurlError.class, e.getCause());
            assertEquals(LibcurlConstants.CURLE_FILESIZE_EXCEEDED, error.code(), error.toString());
            assertTrue(error.getMessage().contains("1000 bytes"), error.getMessage());
        }
        assertEquals("1009 message too big", SERVER.awaitClose("/echo?test=limit", WAIT));
    }

    @Test
    void aRefusedConnectionFailsTheFirstProcess() {
        try (Multi multi = Multi.open()) {
            int port;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Session s = new Session(multi, WebSocket.builder("ws://127.0.0.1:" + port + "/").build());
            assertEquals(LibcurlConstants.CURLE_COULDNT_CONNECT, s.failure().code());
            CurlError again = s.failure();
            assertEquals(LibcurlConstants.CURLE_FAILED_INIT, again.code());
            assertTrue(again.getMessage().contains("one session"), again.getMessage());
        }
    }
}
