package org.konnect.curl.testservers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LoopbackRawServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] REQUEST =
            "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static Socket connect(LoopbackRawServer server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static Socket request(LoopbackRawServer server) throws IOException {
        Socket s = connect(server);
        s.getOutputStream().write(REQUEST);
        s.getOutputStream().flush();
        return s;
    }

    /** Splits everything read until end-of-stream into head and body. */
    private static String[] readAll(Socket s) throws IOException {
        byte[] all = s.getInputStream().readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertTrue(end > 0, "no response head in: " + text);
        return new String[] {text.substring(0, end + 4), text.substring(end + 4)};
    }

    @Test
    void urlAndPort() {
        try (LoopbackRawServer server = LoopbackRawServer.start(s -> { })) {
            assertTrue(server.port() > 0);
            assertEquals("http://127.0.0.1:" + server.port() + "/a?b", server.url("/a?b"));
            assertEquals(0, server.acceptedConnections());
            assertEquals(0, server.disconnectsSeen());
        }
    }

    @Test
    void closeMidBodySendsExactlyThePromisedPrefix() throws Exception {
        try (LoopbackRawServer server = LoopbackRawServer.start(LoopbackRawServer.closeMidBody(1000, 300));
             Socket s = request(server)) {
            String[] response = readAll(s);
            assertTrue(response[0].startsWith("HTTP/1.1 200 OK\r\n"), response[0]);
            assertTrue(response[0].contains("\r\nContent-Length: 1000\r\n"), response[0]);
            byte[] body = response[1].getBytes(StandardCharsets.ISO_8859_1);
            assertArrayEquals(LoopbackHttpServer.pattern(300), body);
            assertEquals(1, server.acceptedConnections());
            assertEquals(0, server.disconnectsSeen()); // the server closed, not the peer
        }
    }

    @Test
    void stallIsSeenAsDisconnectWhenClientCloses() throws Exception {
        try (LoopbackRawServer server = LoopbackRawServer.start(LoopbackRawServer.stall())) {
            try (Socket s = request(server)) {
                s.setSoTimeout(300);
                assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
                assertEquals(0, server.disconnectsSeen());
                assertFalse(server.awaitDisconnects(1, Duration.ofMillis(50)));
            }
            assertTrue(server.awaitDisconnects(1, WAIT));
            assertEquals(1, server.disconnectsSeen());
            assertEquals(1, server.acceptedConnections());
        }
    }

    @Test
    void respondThenStallKeepsTheConnectionOpen() throws Exception {
        try (LoopbackRawServer server = LoopbackRawServer.start(LoopbackRawServer.respondThenStall(500, 100))) {
            try (Socket s = request(server)) {
                InputStream in = s.getInputStream();
                String head = LoopbackRawServer.readRequestHead(s);
                assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n") && head.contains("Content-Length: 500\r\n"), head);
                assertArrayEquals(LoopbackHttpServer.pattern(100), in.readNBytes(100));
                s.setSoTimeout(300);
                assertThrows(SocketTimeoutException.class, in::read);
                assertEquals(0, server.disconnectsSeen());
            }
            assertTrue(server.awaitDisconnects(1, WAIT));
        }
    }

    @Test
    void garbageIsNotHttp() throws Exception {
        try (LoopbackRawServer server = LoopbackRawServer.start(LoopbackRawServer.garbage());
             Socket s = request(server)) {
            byte[] all = s.getInputStream().readAllBytes();
            assertTrue(all.length > 0);
            assertFalse(new String(all, StandardCharsets.ISO_8859_1).startsWith("HTTP/"));
        }
    }

    @Test
    void customBehaviourAndCounting() throws Exception {
        try (LoopbackRawServer server = LoopbackRawServer.start(s -> {
            String head = LoopbackRawServer.readRequestHead(s);
            byte[] body = head.getBytes(StandardCharsets.ISO_8859_1);
            s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(body);
        })) {
            for (int i = 0; i < 3; i++) {
                try (Socket s = request(server)) {
                    String[] response = readAll(s);
                    assertEquals(new String(REQUEST, StandardCharsets.ISO_8859_1), response[1]);
                }
            }
            assertEquals(3, server.acceptedConnections());
        }
    }

    @Test
    void peerClosingBeforeTheHeadCountsAsDisconnect() throws Exception {
        try (LoopbackRawServer server = LoopbackRawServer.start(LoopbackRawServer.stall())) {
            connect(server).close();
            connect(server).close();
            assertTrue(server.awaitDisconnects(2, WAIT));
            assertEquals(2, server.acceptedConnections());
        }
    }

    @Test
    void closeReleasesStalledConnectionsPromptly() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        LoopbackRawServer server = LoopbackRawServer.start(s -> {
            started.countDown();
            LoopbackRawServer.awaitPeerClose(s);
        });
        int port = server.port();
        try (Socket a = request(server); Socket b = request(server)) {
            assertTrue(started.await(10, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            server.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, "close took " + ms + " ms");
            // both clients see the connection end
            assertEquals(-1, readOrEof(a));
            assertEquals(-1, readOrEof(b));
            assertEquals(0, server.disconnectsSeen()); // closed by the server, not by the peers
        }
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }

    private static int readOrEof(Socket s) {
        try {
            return s.getInputStream().read();
        } catch (SocketTimeoutException e) {
            return -2;
        } catch (IOException e) {
            return -1; // reset
        }
    }

    // ---------------------------------------------------------------- with libcurl (curl CLI)

    @Test
    void curlSeesThePartialBody() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        try (LoopbackRawServer server = LoopbackRawServer.start(LoopbackRawServer.closeMidBody(1000, 300))) {
            CurlCli.Result r = CurlCli.run(server.url("/partial"));
            assertEquals(18, r.exitCode(), r.stderr()); // CURLE_PARTIAL_FILE
            assertArrayEquals(LoopbackHttpServer.pattern(300), r.stdout());
        }
    }

    @Test
    void curlTimesOutOnStallAndTheDisconnectIsSeen() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        try (LoopbackRawServer server = LoopbackRawServer.start(LoopbackRawServer.stall())) {
            CurlCli.Result r = CurlCli.run("--max-time", "0.5", server.url("/stall"));
            assertEquals(28, r.exitCode(), r.stderr()); // CURLE_OPERATION_TIMEDOUT
            assertTrue(server.awaitDisconnects(1, WAIT));
        }
    }

    @Test
    void curlRejectsGarbage() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        try (LoopbackRawServer server = LoopbackRawServer.start(LoopbackRawServer.garbage())) {
            CurlCli.Result r = CurlCli.run(server.url("/garbage"));
            assertNotEquals(0, r.exitCode());
            assertEquals(1, server.acceptedConnections());
        }
    }
}
