package org.konnect.curl.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.CurlError;
import org.konnect.curl.testservers.Fresh;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackRawServer;
import org.konnect.curl.testservers.LoopbackServers;

/** Timeouts (connect, total, low speed), decompression and the cap on decoded bytes. */
@ExtendWith(LoopbackServers.class)
class LimitsTest extends HttpFixture {
    private final LoopbackHttpServer http;

    LimitsTest(LoopbackHttpServer http) {
        this.http = http;
    }

    private static CurlError curlError(Throwable t) {
        return assertInstanceOf(CurlError.class, t);
    }

    @Test
    void theConnectTimeoutEndsAHandshakeThatNeverEnds() throws Exception {
        // TCP connects, the TLS handshake gets no answer: still the connection phase.
        try (LoopbackRawServer silent = LoopbackRawServer.start(LoopbackRawServer::awaitPeerClose)) {
            HttpClient client = client(settings().withTimeouts(Timeouts.DEFAULT.withConnect(Duration.ofMillis(300))));
            CurlError e = curlError(failure(client.send(HttpRequest.get("https://127.0.0.1:" + silent.port() + "/"))));
            assertEquals("CURLE_OPERATION_TIMEDOUT", e.codeName());
        }
    }

    @Test
    void theTotalTimeoutEndsASilentServer() throws Exception {
        try (LoopbackRawServer silent = LoopbackRawServer.start(LoopbackRawServer.stall())) {
            HttpClient client = client(settings().withTimeouts(Timeouts.DEFAULT.withTotal(Duration.ofMillis(300))));
            CurlError e = curlError(failure(client.send(HttpRequest.get(silent.url("/")))));
            assertEquals("CURLE_OPERATION_TIMEDOUT", e.codeName());
            HttpRequest own = HttpRequest.get(silent.url("/")).withTimeout(Duration.ofMillis(200));
            assertEquals("CURLE_OPERATION_TIMEDOUT", curlError(failure(client(settings()).send(own))).codeName());
        }
    }

    @Test
    void theLowSpeedLimitEndsADrip() throws Exception {
        // /drip sends 1 KiB every 20 ms, about 50 KB/s: below 1 MB/s for a second.
        HttpClient client = client(settings().withTimeouts(Timeouts.DEFAULT.withLowSpeed(1_000_000, Duration.ofSeconds(1))));
        CurlError e = curlError(failure(client.send(HttpRequest.get(http.url("/drip/10000000")))));
        assertEquals("CURLE_OPERATION_TIMEDOUT", e.codeName());
        assertTrue(http.awaitActiveTransfers(0, WAIT));
    }

    @Test
    void gzipAndDeflateAreDecoded() throws Exception {
        HttpClient client = client(settings());
        HttpResponse r = await(client.send(HttpRequest.get(http.url("/encoded/100000?steps=gzip"))));
        assertArrayEquals(LoopbackHttpServer.pattern(100_000), r.bodyBytes().toArray());
        assertEquals("gzip", r.headers().first("Content-Encoding").orElseThrow());
        HttpResponse deflate = await(client.stream(HttpRequest.get(http.url("/encoded/100000?steps=deflate"))));
        assertArrayEquals(LoopbackHttpServer.pattern(100_000), await(deflate.toStrict(1 << 20, testKit.system())).bodyBytes().toArray());
        HttpResponse raw = await(client(settings().withDecompression(false)).send(HttpRequest.get(http.url("/encoded/100000?steps=gzip"))));
        assertEquals((byte) 0x1f, raw.bodyBytes().apply(0));
        assertEquals((byte) 0x8b, raw.bodyBytes().apply(1));
    }

    @Test
    void aGzipBombStopsAtTheCap(@Fresh LoopbackHttpServer own) throws Exception {
        // 100 MiB of zeros, about 100 KiB on the wire: the cap of 1 MiB stops it at once.
        HttpClient client = client(settings().withMaxBodyBytes(1 << 20));
        Throwable strict = failure(client.send(HttpRequest.get(own.url("/gzip-zeros/104857600"))));
        assertInstanceOf(BodyTooLargeException.class, strict);
        assertTrue(strict.getMessage().contains("1048576 bytes HttpClientSettings.maxBodyBytes allows"), strict.getMessage());
        assertEquals("CURLE_FILESIZE_EXCEEDED", ((CurlError) strict.getCause()).codeName());
        HttpResponse streamed = await(client.stream(HttpRequest.get(own.url("/gzip-zeros/104857600"))));
        Throwable inStream = failure(streamed.body().source().runWith(Sink.ignore(), testKit.system()));
        assertInstanceOf(BodyTooLargeException.class, inStream, String.valueOf(inStream));
        assertInstanceOf(BodyTooLargeException.class, failure(streamed.trailers()));
    }

    @Test
    void aBodyUpToTheCapIsTaken() throws Exception {
        HttpResponse r = await(client(settings().withMaxBodyBytes(100_000)).send(HttpRequest.get(http.url("/bytes/100000"))));
        assertEquals(100_000, r.bodyBytes().length());
        Throwable over = failure(client(settings().withMaxBodyBytes(99_999)).send(HttpRequest.get(http.url("/bytes/100000"))));
        assertInstanceOf(BodyTooLargeException.class, over);
    }
}
