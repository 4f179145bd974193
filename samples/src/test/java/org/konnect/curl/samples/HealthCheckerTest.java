package org.konnect.curl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.Request;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.jni.LibcurlConstants;
import org.konnect.curl.samples.HealthChecker.Check;
import org.konnect.curl.samples.HealthChecker.Health;
import org.konnect.curl.samples.HealthChecker.Report;
import org.konnect.curl.testkit.RecordedRequest;
import org.konnect.curl.testkit.Script;
import org.konnect.curl.testkit.ScriptedMultiActor;
import org.konnect.curl.testkit.TestHttpServer;
import org.konnect.curl.testkit.TestServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * How to test your own actor that talks to a {@link MultiActor}, with Pekko's
 * {@link ActorTestKit} (from its JUnit 5 extension, on a manual clock) and the test kit
 * ({@code konnect-curl-testkit}):
 *
 * <ul>
 *   <li>end to end, against a real MultiActor and a {@link TestHttpServer} on loopback;</li>
 *   <li>without a network, against a {@link ScriptedMultiActor}: the checker's real
 *       {@link Request}s run against scripts (their {@code configureHandle}, write callback and
 *       {@code completed}), deadlines pass on {@link ManualTime}, never in a sleep;</li>
 *   <li>and by hand, with a {@code TestProbe} in the MultiActor's place that answers {@code Process}
 *       itself (the request's own code then never runs).</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)   // one ActorTestKit for the class, shut down after it
@ExtendWith({TestKitJUnit5Extension.class, TestServers.class, NoNativeLeaks.class})
class HealthCheckerTest {
    @JUnit5TestKit
    final ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();
    final ManualTime manualTime = ManualTime.get(testKit.system());
    final TestHttpServer http;

    HealthCheckerTest(TestHttpServer http) {
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

    // ---- (b) the scripted stand-in: the checker's own requests, no network, no sleep ---------

    /** README, "Testing your actors": this test's body is the README's example, line for line. */
    @Test
    void readmeExample() {
        TestProbe<Report> client = testKit.createTestProbe(Report.class);
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit,
                Script.forUrl("http://shop.test/health").respond(200, "ok"),
                Script.forUrl("http://cdn.test/*").headers(200).stall());       // never finishes
        ActorRef<HealthChecker.Command> checker = testKit.spawn(HealthChecker.create(curl.ref(), Duration.ofSeconds(2)));
        checker.tell(new Check(List.of("http://shop.test/health", "http://cdn.test/logo.png"), client.getRef()));
        assertEquals(2000L, curl.expectRequest("http://shop.test/health").longOption(CurlOpt.TIMEOUT_MS));
        curl.expectRequest("http://cdn.test/*");
        manualTime.timePasses(Duration.ofSeconds(2));                           // the deadline passes: no sleep
        Report report = client.receiveMessage();
        assertEquals(new Health(true, "HTTP 200"), report.results().get("http://shop.test/health"));
        assertEquals(new Health(false, "no answer within 2000 ms"), report.results().get("http://cdn.test/logo.png"));
        curl.expectCancel("http://cdn.test/*");
    }

    @Test
    void theReadmeShowsTheExampleAsThisTestRunsIt() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String source = Files.readString(Path.of("src/test/java/org/konnect/curl/samples/HealthCheckerTest.java"),
                StandardCharsets.UTF_8);
        int section = readme.indexOf("## Testing your actors");
        assertTrue(section >= 0, "README has a section 'Testing your actors'");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));
        int method = source.indexOf("void readmeExample()");
        String body = source.substring(method, source.indexOf("\n    }\n", method));
        for (String line : example.strip().split("\n")) {
            assertTrue(body.contains(line.strip()), "README line not in readmeExample(): " + line);
        }
    }

    @Test
    void theStandInRunsTheCheckersRealRequests() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit,
                Script.forUrl("https://shop.test/").httpVersion(HttpVersion.HTTP_2).respond(200, "<html>"),
                Script.forUrl("https://pay.test/").respond(503, "maintenance"),
                Script.forUrl("https://cdn.test/").fail(LibcurlConstants.CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host: cdn.test"));
        ActorRef<HealthChecker.Command> checker = testKit.spawn(HealthChecker.create(curl.ref(), Duration.ofSeconds(5)));
        TestProbe<Report> client = testKit.createTestProbe(Report.class);

        checker.tell(new Check(List.of("https://shop.test/", "https://pay.test/", "https://cdn.test/"), client.getRef()));

        Report report = client.receiveMessage();
        assertEquals(new Health(true, "HTTP 200"), report.results().get("https://shop.test/"));
        assertEquals(new Health(false, "HTTP 503"), report.results().get("https://pay.test/"));
        assertEquals(new Health(false, "CURLE_COULDNT_RESOLVE_HOST"), report.results().get("https://cdn.test/"));
        // What Request.configureHandle set, as a probe answering by hand could never show:
        RecordedRequest shop = curl.expectRequest("https://shop.test/");
        assertEquals(5000L, shop.longOption(CurlOpt.TIMEOUT_MS));
        assertEquals(1L, shop.longOption(CurlOpt.FOLLOWLOCATION));
        assertEquals("http,https", shop.option(CurlOpt.REDIR_PROTOCOLS_STR));
        assertTrue(shop.isSet(CurlOpt.WRITEFUNCTION));
        assertEquals("completed", shop.outcome());
        curl.expectRequest("https://pay.test/");
        curl.expectRequest("https://cdn.test/");
        curl.expectNoMoreRequests();
        curl.expectNoCancel();
    }

    @Test
    void aSlowServerIsUpWithinTheDeadlineAndDownPastIt() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit,
                Script.forUrl("http://slow.test/a").headers(200).delay(Duration.ofMillis(1500)).body("late but in time"),
                Script.forUrl("http://slow.test/b").headers(200).delay(Duration.ofMillis(2500)).body("too late"));
        ActorRef<HealthChecker.Command> checker = testKit.spawn(HealthChecker.create(curl.ref(), Duration.ofSeconds(2)));
        TestProbe<Report> client = testKit.createTestProbe(Report.class);

        checker.tell(new Check(List.of("http://slow.test/a", "http://slow.test/b"), client.getRef()));
        curl.expectRequest("http://slow.test/a");
        curl.expectRequest("http://slow.test/b");
        manualTime.timePasses(Duration.ofMillis(1500));
        curl.awaitIdle();                                   // /a's answer is on its way to the checker, before the deadline
        client.expectNoMessage(Duration.ofMillis(50));      // /b is still out
        manualTime.timePasses(Duration.ofMillis(500));

        Report report = client.receiveMessage();
        assertEquals(new Health(true, "HTTP 200"), report.results().get("http://slow.test/a"));
        assertEquals(new Health(false, "no answer within 2000 ms"), report.results().get("http://slow.test/b"));
        assertEquals("http://slow.test/b", curl.expectCancel().url());
        curl.expectNoCancel();
    }

    // ---- (c) by hand: a TestProbe in the MultiActor's place ----------------------------------

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

    private static Request.Response response(int code) {
        byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        return new Request.Response(code, body.length, "text/plain", "http://shop.example/", HttpVersion.HTTP_1_1,
                Duration.ofMillis(3), false, body);
    }
}
