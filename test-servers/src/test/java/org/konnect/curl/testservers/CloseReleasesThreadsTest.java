package org.konnect.curl.testservers;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** After close() no server thread may stay alive, and all server threads are daemons. */
class CloseReleasesThreadsTest {

    private static Set<Thread> loopbackThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("loopback-"))
                .collect(Collectors.toSet());
    }

    private static void assertAllDaemons(Set<Thread> before) {
        Set<Thread> now = loopbackThreads();
        now.removeAll(before);
        assertFalse(now.isEmpty(), "no server threads found");
        for (Thread t : now) {
            assertTrue(t.isDaemon(), t.getName() + " is not a daemon thread");
        }
    }

    /** Threads may take a moment to run off the end of their run(); allow them one second in total. */
    private static void assertNoNewThreads(Set<Thread> before) throws InterruptedException {
        Set<Thread> after = loopbackThreads();
        after.removeAll(before);
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        for (Thread t : after) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        after.removeIf(t -> !t.isAlive());
        assertEquals(Set.of(), after.stream().map(Thread::getName).collect(Collectors.toSet()));
    }

    @Test
    void http() throws Exception {
        Set<Thread> before = loopbackThreads();
        LoopbackHttpServer server = LoopbackHttpServer.start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<InputStream> r = client.send(
                HttpRequest.newBuilder(URI.create(server.url("/drip/100000000"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        r.body().readNBytes(1024);
        assertAllDaemons(before);
        server.close();
        r.body().close();
        assertNoNewThreads(before);
    }

    /**
     * Apache FtpServer's threads are the server's own (MINA renames some of them while they run,
     * so they are found by the server, not by name), plus MINA's TLS filter's two shared daemons.
     */
    @Test
    void ftp() throws Exception {
        LoopbackFtpServer server = LoopbackFtpServer.start();
        Files.write(server.root().resolve("f.bin"), new byte[10]);
        Set<Thread> threads;
        try (FtpControlClient c = new FtpControlClient(server.port())) {
            c.login();
            c.openData().close();
            threads = server.threads();
            assertFalse(threads.isEmpty(), "no server threads found");
            for (Thread t : threads) {
                assertTrue(t.isDaemon(), t.getName() + " is not a daemon thread");
            }
            server.close();
        }
        // close() itself may start a handler thread (MINA handles the sessions' closing on its
        // executor), so the threads to wait for are those known once close() has returned.
        Set<Thread> afterClose = server.threads();
        assertTrue(afterClose.containsAll(threads), "the server forgot threads it had started");
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        for (Thread t : afterClose) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        assertEquals(Set.of(), afterClose.stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet()));
        assertEquals(afterClose, server.threads(), "threads started after close returned");
    }

    @Test
    void raw() throws Exception {
        Set<Thread> before = loopbackThreads();
        LoopbackRawServer server = LoopbackRawServer.start(LoopbackRawServer.stall());
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(server.acceptedConnections() <= 1);
            assertAllDaemons(before);
            server.close();
        }
        assertNoNewThreads(before);
    }

    @Test
    void closeTwiceIsHarmless() {
        LoopbackHttpServer http = LoopbackHttpServer.start();
        http.close();
        assertDoesNotThrow(http::close);
        LoopbackFtpServer ftp = LoopbackFtpServer.start();
        ftp.close();
        assertDoesNotThrow(ftp::close);
        LoopbackRawServer raw = LoopbackRawServer.start(s -> { });
        raw.close();
        assertDoesNotThrow(raw::close);
    }
}
