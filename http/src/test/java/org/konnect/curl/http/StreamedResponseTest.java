package org.konnect.curl.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.CurlError;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;

/** Responses whose bodies are streams, trailers, and the actor protocol. */
@ExtendWith(LoopbackServers.class)
class StreamedResponseTest extends HttpFixture {
    private final LoopbackHttpServer http;
    private final TestServer server = TestServer.start();

    StreamedResponseTest(LoopbackHttpServer http) {
        this.http = http;
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    private ByteString run(HttpResponse r) throws Exception {
        return await(r.body().source().runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), testKit.system()));
    }

    @Test
    void theHeadComesFirstThenTheBodyAsAStream() throws Exception {
        HttpResponse r = await(client(settings()).stream(HttpRequest.get(http.url("/bytes/1048576"))));
        assertEquals(200, r.status());
        assertInstanceOf(ResponseBody.Streamed.class, r.body());
        assertEquals("1048576", r.headers().first("Content-Length").orElseThrow());
        assertArrayEquals(LoopbackHttpServer.pattern(1 << 20), run(r).toArray());
        assertEquals(HttpHeaders.empty(), await(r.trailers()));
    }

    @Test
    void cancellingTheBodyCancelsTheTransfer() throws Exception {
        HttpResponse r = await(client(settings()).stream(HttpRequest.get(http.url("/drip/10000000"))));
        assertTrue(http.awaitActiveTransfers(1, WAIT));
        List<ByteString> first = await(r.body().source().take(1).runWith(Sink.seq(), testKit.system()));
        assertEquals(1, first.size());
        assertTrue(http.awaitActiveTransfers(0, WAIT), "the server still sends");
        Throwable error = failure(r.trailers());
        assertTrue(error instanceof CurlError && ((CurlError) error).isCancelled(), String.valueOf(error));
    }

    @Test
    void trailersArriveAfterTheBody() throws Exception {
        HttpClient client = client(settings());
        HttpResponse strict = await(client.send(HttpRequest.get(server.url("/trailers")).withHeader("TE", "trailers")));
        assertEquals("hello", strict.bodyText());
        assertEquals("5d41402a", await(strict.trailers()).first("X-Checksum").orElseThrow());
        HttpResponse streamed = await(client.stream(HttpRequest.get(server.url("/trailers")).withHeader("TE", "trailers")));
        assertEquals("hello", run(streamed).utf8String());
        assertEquals("5d41402a", await(streamed.trailers()).first("X-Checksum").orElseThrow());
        assertTrue(streamed.headers().first("X-Checksum").isEmpty(), "a trailer is not a header");
    }

    @Test
    void http2TrailersArriveToo() throws Exception {
        HttpClient client = client(settings().withHttpVersion(org.konnect.curl.HttpVersion.HTTP_2_PRIOR_KNOWLEDGE));
        HttpResponse streamed = await(client.stream(HttpRequest.get(server.url("/trailers"))));
        assertEquals(org.konnect.curl.HttpVersion.HTTP_2, streamed.version());
        assertEquals("hello", run(streamed).utf8String());
        assertEquals("5d41402a", await(streamed.trailers()).first("X-Checksum").orElseThrow());
        HttpResponse strict = await(client.send(HttpRequest.get(server.url("/trailers"))));
        assertEquals("5d41402a", await(strict.trailers()).first("X-Checksum").orElseThrow());
    }

    @Test
    void aBodyNotRunInTimeIsDiscarded() throws Exception {
        HttpClient client = client(settings().withBodySubscriptionTimeout(Duration.ofMillis(200)));
        HttpResponse r = await(client.stream(HttpRequest.get(http.url("/drip/10000000"))));
        Throwable error = failure(r.trailers());
        assertTrue(error.getMessage().contains("not run within"), error.getMessage());
        assertTrue(http.awaitActiveTransfers(0, WAIT), "the server still sends");
        Throwable late = failure(r.body().source().runWith(Sink.ignore(), testKit.system()));
        assertTrue(late.getMessage().contains("was discarded"), late.getMessage());
    }

    @Test
    void discardBodyCancelsAtOnce() throws Exception {
        HttpResponse r = await(client(settings()).stream(HttpRequest.get(http.url("/drip/10000000"))));
        r.discardBody();
        assertTrue(http.awaitActiveTransfers(0, WAIT), "the server still sends");
        assertTrue(failure(r.trailers()).getMessage().contains("discarded"));
    }

    @Test
    void aBodyRunsOnce() throws Exception {
        HttpResponse r = await(client(settings()).stream(HttpRequest.get(http.url("/bytes/1000"))));
        assertEquals(1000, run(r).length());
        Throwable again = failure(r.body().source().runWith(Sink.ignore(), testKit.system()));
        assertTrue(again.getMessage().contains("can be run once only"), again.getMessage());
    }

    @Test
    void toStrictCollectsWithACap() throws Exception {
        HttpClient client = client(settings());
        HttpResponse r = await(await(client.stream(HttpRequest.get(http.url("/bytes/5000")))).toStrict(10_000, testKit.system()));
        assertEquals(5000, r.bodyBytes().length());
        HttpResponse big = await(client.stream(HttpRequest.get(http.url("/bytes/50000"))));
        Throwable error = failure(big.toStrict(10_000, testKit.system()));
        assertTrue(error.getMessage().contains("more than the 10000 bytes"), error.getMessage());
    }

    @Test
    void aResponseWithoutBodyStreamsNothing() throws Exception {
        HttpResponse r = await(client(settings()).stream(HttpRequest.head(http.url("/bytes/5000"))));
        assertEquals(200, r.status());
        assertEquals(0, run(r).length());
    }

    @Test
    void actorsSendAndGetOneReplyEach() {
        HttpClient client = client(settings());
        TestProbe<HttpClientActor.Reply> probe = testKit.createTestProbe();
        HttpRequest ok = HttpRequest.get(server.url("/status/200"));
        HttpRequest refused = HttpRequest.get("http://127.0.0.1:1/");
        client.actor().tell(new HttpClientActor.Send(ok, HttpClientActor.BodyMode.STRICT, probe.getRef()));
        client.actor().tell(new HttpClientActor.Send(refused, HttpClientActor.BodyMode.STREAMED, probe.getRef()));
        List<HttpClientActor.Reply> replies = List.of(probe.receiveMessage(WAIT), probe.receiveMessage(WAIT));
        for (HttpClientActor.Reply reply : replies) {
            if (reply.request() == ok) {
                assertEquals(200, ((HttpClientActor.Responded) reply).response().status());
            } else {
                assertSame(refused, reply.request());
                CurlError error = (CurlError) ((HttpClientActor.Failed) reply).error();
                assertEquals("CURLE_COULDNT_CONNECT", error.codeName());
            }
        }
        probe.expectNoMessage(Duration.ofMillis(100));
    }
}
