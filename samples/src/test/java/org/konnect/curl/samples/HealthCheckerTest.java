package org.konnect.curl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.CurlError;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.Request;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.samples.HealthChecker.Check;
import org.konnect.curl.samples.HealthChecker.Health;
import org.konnect.curl.samples.HealthChecker.Report;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * How to test your own actor that talks to a {@link MultiActor}, with Pekko's
 * {@link ActorTestKit} (from its JUnit 5 extension) and {@link TestProbe}:
 *
 * <ul>
 *   <li>end to end, against a real MultiActor and an embedded HTTP server;</li>
 *   <li>without network or libcurl, with a {@code TestProbe} standing in for the MultiActor:
 *       the test receives the actor's {@code Process} messages and answers them by hand with
 *       {@code Completed} or {@code Failed} — or not at all, to test a deadline.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)   // one ActorTestKit for the class, shut down after it
@ExtendWith({TestKitJUnit5Extension.class, LoopbackServers.class, NoNativeLeaks.class})
class HealthCheckerTest {
    @JUnit5TestKit
    final ActorTestKit testKit = new JUnit5TestKitBuilder().build();
    final LoopbackHttpServer http;

    HealthCheckerTest(LoopbackHttpServer http) {
        this.http = http;
    }

    // ---- (a) against a real MultiActor ------------------------------------------------------

    @Test
    void reportsUpAndDownAgainstARealMultiActor() throws IOException {
        // MultiActor.props() gives it the pinned dispatcher and the waking mailbox it needs
        ActorRef<MultiActor.Command> curl = testKit.spawn(MultiActor.create(), MultiActor.props());
        ActorRef<HealthChecker.Command> checker = testKit.spawn(HealthChecker.create(curl, Duration.ofSeconds(10)));
        TestProbe<Report> client = testKit.createTestProbe(Report.class);

        String ok = http.url("/status/200");
        String unavailable = http.url("/status/503");
        String refused = "http://127.0.0.1:" + ParallelFetchTest.closedPort() + "/";
        checker.tell(new Check(List.of(ok, unavailable, refused), client.getRef()));

        Report report = client.receiveMessage(Duration.ofSeconds(20));
        assertEquals(List.of(ok, unavailable, refused), List.copyOf(report.results().keySet()), "the check's order");
        assertEquals(new Health(true, "HTTP 200"), report.results().get(ok));
        assertEquals(new Health(false, "HTTP 503"), report.results().get(unavailable));
        assertEquals(new Health(false, "CURLE_COULDNT_CONNECT"), report.results().get(refused));
        assertFalse(report.allUp());

        testKit.stop(checker);
        testKit.stop(curl);
    }

    @Test
    void runsSeveralChecksAtOnceOnOneMultiActor() {
        ActorRef<MultiActor.Command> curl = testKit.spawn(MultiActor.create(), MultiActor.props());
        ActorRef<HealthChecker.Command> checker = testKit.spawn(HealthChecker.create(curl, Duration.ofSeconds(10)));
        TestProbe<Report> first = testKit.createTestProbe(Report.class);
        TestProbe<Report> second = testKit.createTestProbe(Report.class);

        checker.tell(new Check(List.of(http.url("/bytes/10"), http.url("/bytes/20")), first.getRef()));
        checker.tell(new Check(List.of(http.url("/status/204")), second.getRef()));

        assertTrue(first.receiveMessage(Duration.ofSeconds(20)).allUp());
        assertEquals(Map.of(http.url("/status/204"), new Health(true, "HTTP 204")),
                second.receiveMessage(Duration.ofSeconds(20)).results());

        testKit.stop(checker);
        testKit.stop(curl);
    }

    // ---- (b) a TestProbe standing in for the MultiActor: no network --------------------------

    @Test
    @SuppressWarnings("unchecked")
    void aProbeStandsInForTheMultiActorAndAnswersByHand() {
        TestProbe<MultiActor.Command> curl = testKit.createTestProbe(MultiActor.Command.class);
        ActorRef<HealthChecker.Command> checker = testKit.spawn(HealthChecker.create(curl.getRef(), Duration.ofSeconds(10)));
        TestProbe<Report> client = testKit.createTestProbe(Report.class);

        checker.tell(new Check(List.of("http://shop.example/", "http://cdn.example/"), client.getRef()));

        // the checker asked the "MultiActor" for two transfers...
        MultiActor.Process<Void, Request.Response> shop = curl.expectMessageClass(MultiActor.Process.class);
        MultiActor.Process<Void, Request.Response> cdn = curl.expectMessageClass(MultiActor.Process.class);
        assertEquals("http://shop.example/", ((Request) shop.request()).url());
        assertEquals("http://cdn.example/", ((Request) cdn.request()).url());
        client.expectNoMessage(Duration.ofMillis(100));      // no report before both answered

        // ...and the test answers as the MultiActor would: one reply per Process, naming its request
        cdn.replyTo().tell(new MultiActor.Failed<>(cdn.request(),
                new CurlError(6, "Could not resolve host: cdn.example", null)));
        shop.replyTo().tell(new MultiActor.Completed<>(shop.request(), response(200)));

        Report report = client.receiveMessage();
        assertEquals(new Health(true, "HTTP 200"), report.results().get("http://shop.example/"));
        assertEquals(new Health(false, "CURLE_COULDNT_RESOLVE_HOST"), report.results().get("http://cdn.example/"));
        testKit.stop(checker);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTransferWithoutAnswerIsCancelledAtTheDeadline() {
        TestProbe<MultiActor.Command> curl = testKit.createTestProbe(MultiActor.Command.class);
        ActorRef<HealthChecker.Command> checker = testKit.spawn(HealthChecker.create(curl.getRef(), Duration.ofMillis(300)));
        TestProbe<Report> client = testKit.createTestProbe(Report.class);

        checker.tell(new Check(List.of("http://slow.example/"), client.getRef()));
        MultiActor.Process<Void, Request.Response> process = curl.expectMessageClass(MultiActor.Process.class);
        // the probe never answers: at the deadline the checker reports, and cancels the transfer
        Report report = client.receiveMessage(Duration.ofSeconds(5));
        assertEquals(new Health(false, "no answer within 300 ms"), report.results().get("http://slow.example/"));
        MultiActor.Cancel cancel = curl.expectMessageClass(MultiActor.Cancel.class);
        assertSame(process.request(), cancel.request());

        // a late reply (the MultiActor answers a cancelled Process with Failed) is ignored
        process.replyTo().tell(new MultiActor.Failed<>(process.request(), CurlError.cancelled("cancelled")));
        client.expectNoMessage(Duration.ofMillis(100));
        testKit.stop(checker);
    }

    private static Request.Response response(int code) {
        byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        return new Request.Response(code, body.length, "text/plain", "http://shop.example/", HttpVersion.HTTP_1_1,
                Duration.ofMillis(3), false, body);
    }
}
