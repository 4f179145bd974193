package org.konnect.curl.testservers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hostile server's routing and its connection bookkeeping; what each fault does to a client is the engine's fault matrix. */
class HostileHttpServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Socket get(HostileHttpServer server, String path) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        return s;
    }

    /** Reads up to and including the first empty line. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("end of stream in the head: " + head);
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void everyFaultHasAPathOfItsOwn() {
        Set<String> paths = new HashSet<>();
        for (HttpFault f : HttpFault.values()) {
            assertTrue(paths.add(f.path()), f.path());
            assertSame(f, HttpFault.forPath(f.path()));
        }
        assertTrue(HttpFault.values().length >= 25, "the issue asks for at least 25 faults");
    }

    @Test
    void otherPathsAre404AndKeepTheConnection() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.start(); Socket s = get(server, "/nothing-here?x=1")) {
            assertTrue(head(s.getInputStream()).startsWith("HTTP/1.1 404 "));
            s.getOutputStream().write(("GET " + HttpFault.REDIRECT_LOOP.path() + " HTTP/1.1\r\nHost: h\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String second = head(s.getInputStream());
            assertTrue(second.contains("Location: " + HttpFault.REDIRECT_LOOP.path() + "\r\n"), second);
            assertEquals(2, server.requestHeads().size());
            assertEquals(1, server.acceptedConnections());
        }
    }

    @Test
    void aPacedConnectionClosesOnceTheClientHas() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.start()) {
            try (Socket s = get(server, HttpFault.ENDLESS_BODY.path())) {
                assertTrue(head(s.getInputStream()).startsWith("HTTP/1.1 200 "));
                assertEquals(100_000, s.getInputStream().readNBytes(100_000).length, "the body keeps coming");
                assertEquals(1, server.openConnections());
            }
            assertTrue(server.awaitNoOpenConnections(WAIT), server.openConnections() + " open");
        }
    }

    @Test
    void aResetIsNotAClose() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.start(); Socket s = get(server, HttpFault.RESET_BEFORE_HEADERS.path())) {
            try {
                int b = s.getInputStream().read();
                throw new AssertionError("expected a reset, read " + b);
            } catch (SocketException e) {
                assertTrue(e.getMessage().contains("reset"), e.getMessage());
            }
            assertTrue(server.awaitNoOpenConnections(WAIT));
        }
    }
}
