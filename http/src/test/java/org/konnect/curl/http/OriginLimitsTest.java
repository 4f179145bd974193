package org.konnect.curl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;

/** Exchanges running and waiting per origin, and the "queue full" refusal beyond. */
@ExtendWith(LoopbackServers.class)
class OriginLimitsTest extends HttpFixture {

    @Test
    void beyondTheQueueRequestsFailAtOnceAndTheRestRunInTurn(LoopbackHttpServer other) throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpClient client = client(settings().withLimits(new OriginLimits(2, 3)));
            List<CompletionStage<HttpResponse>> accepted = new ArrayList<>();
            for (int i = 0; i < 5; i++) accepted.add(client.send(HttpRequest.get(server.url("/hold"))));
            assertTrue(server.routes().awaitHeld(2, WAIT.toMillis()));
            Throwable full = failure(client.send(HttpRequest.get(server.url("/hold"))));
            assertInstanceOf(QueueFullException.class, full);
            assertTrue(full.getMessage().startsWith("queue full: GET " + server.url("/hold")), full.getMessage());
            assertTrue(full.getMessage().contains("2 exchanges running (maxConnectionsPerOrigin) and 3 waiting"), full.getMessage());
            // Another origin has a queue of its own.
            assertEquals(200, await(client.send(HttpRequest.get(other.url("/bytes/10")))).status());
            server.routes().releaseHeld();
            assertTrue(server.routes().awaitHeld(2, WAIT.toMillis()));
            server.routes().releaseHeld();
            assertTrue(server.routes().awaitHeld(1, WAIT.toMillis()));
            server.routes().releaseHeld();
            for (CompletionStage<HttpResponse> r : accepted) assertEquals("released", await(r).bodyText());
            assertEquals(2, server.routes().mostHeld());
            assertEquals(5, server.routes().requests(), "the refused request reached the server");
        }
    }

    @Test
    void aStreamedResponseHoldsItsSlotUntilItsBodyEnds(LoopbackHttpServer http) throws Exception {
        HttpClient client = client(settings().withLimits(new OriginLimits(1, 0)));
        HttpResponse streamed = await(client.stream(HttpRequest.get(http.url("/bytes/100000"))));
        assertInstanceOf(QueueFullException.class, failure(client.send(HttpRequest.get(http.url("/bytes/10")))));
        assertEquals(100_000, await(streamed.toStrict(1 << 20, testKit.system())).bodyBytes().length());
        assertEquals(10, await(client.send(HttpRequest.get(http.url("/bytes/10")))).bodyBytes().length());
        HttpResponse discarded = await(client.stream(HttpRequest.get(http.url("/drip/1000000"))));
        discarded.discardBody();
        await(discarded.trailers().handle((t, e) -> null));
        assertEquals(10, await(client.send(HttpRequest.get(http.url("/bytes/10")))).bodyBytes().length());
    }

    @Test
    void stoppingTheClientAnswersEveryRequest() throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpClient client = client(settings().withLimits(new OriginLimits(1, 5)));
            TestProbe<HttpClientActor.Reply> probe = testKit.createTestProbe();
            for (int i = 0; i < 3; i++) {
                client.actor().tell(new HttpClientActor.Send(HttpRequest.get(server.url("/hold")), HttpClientActor.BodyMode.STRICT,
                        probe.getRef()));
            }
            assertTrue(server.routes().awaitHeld(1, WAIT.toMillis()));
            await(client.shutdown());
            for (int i = 0; i < 3; i++) {
                HttpClientActor.Failed f = probe.expectMessageClass(HttpClientActor.Failed.class, WAIT);
                assertTrue(f.error().getMessage().contains("the HttpClient stopped"), f.error().getMessage());
            }
            server.routes().releaseHeld();
        }
    }
}
