package org.konnect.curl.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.Request;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.streams.CurlSource;
import org.konnect.curl.streams.TransferInfo;
import org.konnect.curl.testkit.ResumingDownloader.GaveUp;
import org.konnect.curl.testkit.ResumingDownloader.Outcome;
import org.konnect.curl.testkit.ResumingDownloader.Retrying;
import org.konnect.curl.testservers.HttpFault;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * The same user code against a real MultiActor on the kit's loopback servers (injected by
 * {@link TestServers}) and against the stand-in with a script of what the server does: the
 * outcomes agree, so a test written against the stand-in says something about the real thing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({TestKitJUnit5Extension.class, TestServers.class, NoNativeLeaks.class})
class StandInAgreesWithMultiActorTest {
    @JUnit5TestKit
    final ActorTestKit testKit = new JUnit5TestKitBuilder().build();
    final TestHttpServer http;

    StandInAgreesWithMultiActorTest(TestHttpServer http) {
        this.http = http;
    }

    /** Runs {@code use} with a real MultiActor, stopped afterwards. */
    private <T> T withRealMultiActor(Function<ActorRef<MultiActor.Command>, T> use) {
        ActorRef<MultiActor.Command> curl = testKit.spawn(MultiActor.create(), MultiActor.props());
        try {
            return use.apply(curl);
        } finally {
            testKit.stop(curl);
        }
    }

    private static Request.Response fetch(ActorTestKit testKit, ActorRef<MultiActor.Command> curl, String url) {
        TestProbe<MultiActor.Reply<Void, Request.Response>> replies = testKit.createTestProbe();
        curl.tell(new MultiActor.Process<>(Request.toMemory(url), replies.getRef()));
        return (Request.Response) replies.expectMessageClass(MultiActor.Completed.class, Duration.ofSeconds(20)).result();
    }

    @Test
    void aRequestGetsTheSameResponseFromTheServerAndFromItsScript() {
        String url = http.url("/bytes/40000");
        Request.Response real = withRealMultiActor(curl -> fetch(testKit, curl, url));
        ScriptedMultiActor scripted = ScriptedMultiActor.spawn(testKit, Script.forUrl(url)
                .headers(200, "Content-Type: application/octet-stream", "Content-Length: 40000")
                .body(TestHttpServer.pattern(40000), 16 * 1024));
        Request.Response played = fetch(testKit, scripted.ref(), url);

        assertEquals(real.responseCode(), played.responseCode());
        assertEquals(real.contentType(), played.contentType());
        assertEquals(real.effectiveUrl(), played.effectiveUrl());
        assertEquals(real.httpVersion(), played.httpVersion());
        assertEquals(real.bodyBytes(), played.bodyBytes());
        assertArrayEquals(real.body(), played.body());
        assertArrayEquals(TestHttpServer.pattern(40000), played.body());
        assertFalse(real.connectionReused());
    }

    @Test
    void anActorGivesUpTheSameWayOnAServerThatResetsMidBodyAndOnItsScript(FaultHttpServer faults) {
        String url = faults.url(HttpFault.RESET_MID_BODY);
        Function<ActorRef<MultiActor.Command>, Outcome> run = curl -> {
            TestProbe<Retrying> retries = testKit.createTestProbe();
            TestProbe<Outcome> client = testKit.createTestProbe();
            testKit.spawn(ResumingDownloader.create(curl, 2, Duration.ofMillis(1), retries.getRef()))
                    .tell(new ResumingDownloader.Fetch(url, client.getRef()));
            assertEquals(1, retries.receiveMessage(Duration.ofSeconds(20)).attempt());
            return client.receiveMessage(Duration.ofSeconds(20));
        };
        Outcome real = withRealMultiActor(run::apply);
        ScriptedMultiActor scripted = ScriptedMultiActor.spawn(testKit, Script.forUrl(url)
                .headers(200, "Content-Length: 100000").body(new byte[50_000], 16 * 1024)
                .fail("CURLE_RECV_ERROR", "Recv failure: Connection reset by peer"));
        Outcome played = run.apply(scripted.ref());

        assertEquals(new GaveUp("CURLE_RECV_ERROR", 2), real);
        assertEquals(real, played);
        assertEquals(2, scripted.requests().size());
        assertTrue(faults.requestHeads().size() >= 2, "the real attempts reached the fault server: " + faults.requestHeads());
    }

    @Test
    void aTlsServerIsTrustedThroughItsOwnCaAndSpeaksHttp2(@Tls TestHttpServer https, TestHttpServer plainAgain,
                                                         @Tls TestHttpServer httpsAgain) throws Exception {
        assertSame(http, plainAgain, "one server of a kind per class");
        assertSame(https, httpsAgain);
        assertNotSame(http, https);
        assertTrue(https.isTls() && !http.isTls());
        String url = https.url("/bytes/1000");
        TransferInfo info = withRealMultiActor(curl -> {
            try {
                return CurlSource.download(curl, url, https::trust).toMat(Sink.ignore(), Keep.left()).run(testKit.system())
                        .toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(200, info.responseCode());
        assertEquals(HttpVersion.HTTP_2, info.httpVersion());
        assertEquals(1000, info.bytesDownloaded());
        assertTrue(new String(https.caCertificatePem(), StandardCharsets.US_ASCII).startsWith("-----BEGIN CERTIFICATE-----"));
    }
}
