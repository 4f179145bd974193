package org.konnect.curl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.konnect.curl.CurlError;
import org.konnect.curl.testservers.LoopbackRawServer;

/** Retries with backoff after connection-level failures, against a server that resets its first connections. */
class RetryTest extends HttpFixture {
    private static final RetryPolicy THREE = RetryPolicy.idempotent(3, Duration.ofMillis(10));

    /** Resets the first {@code resets} connections after reading the request; answers the others. */
    private static LoopbackRawServer resettingFirst(int resets, AtomicInteger attempts) {
        return LoopbackRawServer.start(s -> {
            LoopbackRawServer.readRequestHead(s);
            if (attempts.incrementAndGet() <= resets) {
                s.setSoLinger(true, 0);   // close with a TCP RST
                return;
            }
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            closeAfterReading(s);
        });
    }

    private static void closeAfterReading(Socket s) throws Exception {
        s.shutdownOutput();
        LoopbackRawServer.awaitPeerClose(s);
    }

    @Test
    void anIdempotentRequestIsRetriedUntilItGetsThrough() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (LoopbackRawServer server = resettingFirst(2, attempts)) {
            HttpResponse r = await(client(settings().withRetries(THREE)).send(HttpRequest.get(server.url("/"))));
            assertEquals("ok", r.bodyText());
            assertEquals(3, attempts.get());
        }
    }

    @Test
    void aPostIsNotRetriedUnlessAsked() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (LoopbackRawServer server = resettingFirst(1, attempts)) {
            Throwable e = failure(client(settings().withRetries(THREE)).send(HttpRequest.post(server.url("/"), RequestBody.of("x"))));
            assertTrue(RetryPolicy.isConnectionLevel(assertInstanceOf(CurlError.class, e)), e.toString());
            assertEquals(1, attempts.get());
            HttpClient asked = client(settings().withRetries(THREE.withRetryNonIdempotent(true)));
            assertEquals("ok", await(asked.send(HttpRequest.post(server.url("/"), RequestBody.of("x")))).bodyText());
            assertEquals(2, attempts.get());
        }
    }

    @Test
    void retriesStopAtTheLimit() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (LoopbackRawServer server = resettingFirst(10, attempts)) {
            HttpClient client = client(settings().withRetries(RetryPolicy.idempotent(2, Duration.ofMillis(10))));
            Throwable e = failure(client.send(HttpRequest.get(server.url("/"))));
            assertInstanceOf(CurlError.class, e);
            assertEquals(3, attempts.get());
        }
    }

    @Test
    void aBodyThatCannotBeSentTwiceIsNotRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (LoopbackRawServer server = resettingFirst(1, attempts)) {
            HttpClient client = client(settings().withRetries(THREE));
            RequestBody once = RequestBody.ofSource(Source.single(ByteString.fromString("once")));
            assertInstanceOf(CurlError.class, failure(client.send(HttpRequest.put(server.url("/"), once))));
            assertEquals(1, attempts.get());
        }
    }

    @Test
    void anHttpErrorIsAResponseNotARetry() throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpResponse r = await(client(settings().withRetries(THREE)).send(HttpRequest.get(server.url("/status/503"))));
            assertEquals(503, r.status());
            assertEquals(1, server.routes().requests());
        }
    }

    @Test
    void theBackoffDoublesUpToItsMaximum() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(500), false);
        assertEquals(Duration.ofMillis(100), p.backoff(1));
        assertEquals(Duration.ofMillis(200), p.backoff(2));
        assertEquals(Duration.ofMillis(400), p.backoff(3));
        assertEquals(Duration.ofMillis(500), p.backoff(4));
        assertEquals(Duration.ofMillis(500), p.backoff(9));
    }
}
