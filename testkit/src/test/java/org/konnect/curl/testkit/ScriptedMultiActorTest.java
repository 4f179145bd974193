package org.konnect.curl.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.ChunkCallback;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.ReadCallback;
import org.konnect.curl.Request;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.XferInfoCallback;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.jni.LibcurlConstants;

/** The stand-in plays scripts through a request's own hooks, as the MultiActor and libcurl would. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(TestKitJUnit5Extension.class)
class ScriptedMultiActorTest {
    @JUnit5TestKit
    final ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();
    final ManualTime manualTime = ManualTime.get(testKit.system());

    private TestProbe<MultiActor.Reply<List<String>, String>> replies() {
        return testKit.createTestProbe();
    }

    @Test
    void recordsWhatTheRequestSetAndPlaysHeadersAndBodyThroughItsCallbacks() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/items/*")
                .httpVersion(HttpVersion.HTTP_2)
                .headers(200, "Content-Type: text/plain")
                .body("hello ").body("world")
                .info(CurlInfo.PRIMARY_IP, "10.1.2.3"));
        LoggingRequest request = new LoggingRequest("http://svc.test/items/7", h -> h.setopt(CurlOpt.TIMEOUT_MS, 2500)
                .setopt(CurlOpt.HTTPHEADER, List.of("Accept: text/plain")).setopt(CurlOpt.FOLLOWLOCATION, true));
        TestProbe<MultiActor.Reply<List<String>, String>> replies = replies();

        curl.ref().tell(new MultiActor.Process<>(request, replies.getRef()));

        MultiActor.Completed<?, ?> done = replies.expectMessageClass(MultiActor.Completed.class);
        assertEquals("200 text/plain HTTP_2 11 B from http://svc.test/items/7", done.result());
        assertEquals(List.of("header HTTP/2 200", "header Content-Type: text/plain", "header", "write hello ", "write world"),
                request.log());
        RecordedRequest recorded = curl.expectRequest("http://svc.test/items/*");
        assertSame(request, recorded.request());
        assertEquals("http://svc.test/items/7", recorded.url());
        assertEquals(2500L, recorded.longOption(CurlOpt.TIMEOUT_MS));
        assertEquals(1L, recorded.longOption(CurlOpt.FOLLOWLOCATION));
        assertEquals(List.of("Accept: text/plain"), recorded.headers());
        assertTrue(recorded.isSet(CurlOpt.WRITEFUNCTION) && recorded.isSet(CurlOpt.HEADERFUNCTION));
        assertFalse(recorded.isSet(CurlOpt.READFUNCTION));
        assertEquals("GET", recorded.method());
        assertEquals("completed", recorded.outcome());
        assertEquals(1, recorded.processCount());
        curl.expectNoMoreRequests();
    }

    /** Keeps every chunk it is given, and writes into each, as an owner of the array may. */
    private static final class Keeping implements RequestProtocol<Void, List<String>> {
        private final List<String> seen = new java.util.ArrayList<>();

        @Override
        public void configureHandle(ConfigHandle h) {
            h.setopt(CurlOpt.URL, "http://svc.test/k");
            h.setopt(CurlOpt.WRITEFUNCTION, (ChunkCallback) chunk -> {
                seen.add(new String(chunk, StandardCharsets.US_ASCII));
                chunk[0] = 'X';
                return chunk.length;
            });
        }

        @Override
        public List<String> completed(GetInfoHandle info) {
            return seen;
        }
    }

    @Test
    void aChunkCallbackGetsEachChunkInAnArrayOfItsOwn() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/k").body("abc").body("def"));
        TestProbe<MultiActor.Reply<Void, List<String>>> replies = testKit.createTestProbe();
        for (int run = 0; run < 2; run++) {   // the second run sees the script's bytes as they were: the first wrote into copies
            curl.ref().tell(new MultiActor.Process<>(new Keeping(), replies.getRef()));
            assertEquals(List.of("abc", "def"), replies.expectMessageClass(MultiActor.Completed.class).result());
        }
    }

    @Test
    void aScriptedInfoReachesCompletedAndTimesCountTheDelays() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/slow")
                .headers(200).delay(Duration.ofSeconds(5)).body("late").info(CurlInfo.REDIRECT_COUNT, 2));
        TestProbe<MultiActor.Reply<Void, Request.Response>> replies = testKit.createTestProbe();
        Request request = Request.toMemory("http://svc.test/slow");
        curl.ref().tell(new MultiActor.Process<>(request, replies.getRef()));

        curl.expectRequest("http://svc.test/slow");   // the delay's timer is scheduled by now
        manualTime.timePasses(Duration.ofSeconds(4));
        replies.expectNoMessage(Duration.ofMillis(50));
        manualTime.timePasses(Duration.ofSeconds(1));

        Request.Response response = (Request.Response) replies.expectMessageClass(MultiActor.Completed.class).result();
        assertEquals(200, response.responseCode());
        assertEquals("late", new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(Duration.ofSeconds(5), response.totalTime());
        assertEquals(HttpVersion.HTTP_1_1, response.httpVersion());
        assertFalse(response.connectionReused(), "a scripted transfer has a connection of its own");
        assertEquals(1L << 30, curl.requests().get(0).maxBodyBytes(), "Request's default cap, recorded");
    }

    @Test
    void updatesGoOnlyToAPendingProcessAndEveryProcessGetsOneReply() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/a")
                .body("1").stall().body("2").body("3"));
        LoggingRequest request = new LoggingRequest("http://svc.test/a").reportingUpdates();
        TestProbe<MultiActor.Reply<List<String>, String>> replies = replies();

        curl.ref().tell(new MultiActor.Process<>(request, replies.getRef()));
        assertEquals(List.of("write 1"), replies.expectMessageClass(MultiActor.Update.class).value());
        RecordedRequest recorded = curl.expectRequest();
        recorded.release();   // chunks 2 and 3 arrive while no Process waits: no reply for them
        curl.awaitIdle();
        replies.expectNoMessage(Duration.ofMillis(50));

        curl.ref().tell(new MultiActor.Process<>(request, replies.getRef()));
        assertEquals(List.of("write 2", "write 3"), replies.expectMessageClass(MultiActor.Update.class).value());
        curl.ref().tell(new MultiActor.Process<>(request, replies.getRef()));
        replies.expectMessageClass(MultiActor.Completed.class);
        assertEquals(3, recorded.processCount());
        replies.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void aSecondProcessWhileOneIsPendingIsRefusedAndTheFirstKept() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/b").stall().respond(204, ""));
        LoggingRequest request = new LoggingRequest("http://svc.test/b");
        TestProbe<MultiActor.Reply<List<String>, String>> first = replies();
        TestProbe<MultiActor.Reply<List<String>, String>> second = replies();
        curl.ref().tell(new MultiActor.Process<>(request, first.getRef()));
        curl.ref().tell(new MultiActor.Process<>(request, second.getRef()));

        CurlError refused = second.expectMessageClass(MultiActor.Failed.class).error();
        assertTrue(refused.detail().startsWith("Process refused: process: this request already has a pending stage"), refused.detail());
        curl.expectRequest().release();
        assertEquals("204 null HTTP_1_1 0 B from http://svc.test/b", first.expectMessageClass(MultiActor.Completed.class).result());
    }

    @Test
    void aPauseFromTheWriteCallbackHoldsTheChunkUntilTheRequestResumesFromAnotherThread() throws Exception {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/p").body("abc").body("def"));
        LoggingRequest request = new LoggingRequest("http://svc.test/p").pausingWrites(1);
        TestProbe<MultiActor.Reply<List<String>, String>> replies = replies();
        curl.ref().tell(new MultiActor.Process<>(request, replies.getRef()));
        curl.expectRequest();
        curl.awaitIdle();
        replies.expectNoMessage(Duration.ofMillis(50));
        assertEquals(List.of("write paused at 3 B"), request.log());

        Thread resumer = new Thread(() -> request.handle.pause(ConfigHandle.PAUSE_CONT), "resumer");
        resumer.start();
        resumer.join();

        replies.expectMessageClass(MultiActor.Completed.class);
        assertEquals(List.of("write paused at 3 B", "write abc", "write def"), request.log(), "the held chunk, again from its start");
        assertEquals(List.of(ConfigHandle.PAUSE_CONT), curl.requests().get(0).pauses());
    }

    @Test
    void aFailureAfterAnUpdateReachesTheNextProcessAndTheFailedHookOnce() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/c")
                .headers(200, "Content-Length: 100").body("partial").fail("CURLE_RECV_ERROR", "Recv failure: Connection reset by peer"));
        LoggingRequest request = new LoggingRequest("http://svc.test/c").reportingUpdates();
        TestProbe<MultiActor.Reply<List<String>, String>> replies = replies();
        curl.ref().tell(new MultiActor.Process<>(request, replies.getRef()));
        assertEquals(List.of("header HTTP/1.1 200 OK"), replies.expectMessageClass(MultiActor.Update.class).value());
        curl.expectRequest();
        assertFalse(request.log().contains("failed CURLE_RECV_ERROR"), "failed runs when the request is processed again");

        // What the callbacks did before the failure comes first, as a Multi hands it over...
        curl.ref().tell(new MultiActor.Process<>(request, replies.getRef()));
        assertEquals(List.of("header Content-Length: 100", "header", "write partial"),
                replies.expectMessageClass(MultiActor.Update.class).value());
        assertFalse(request.log().contains("failed CURLE_RECV_ERROR"), "failed runs when the request is processed again");
        // ...and the failure answers the Process after it.
        curl.ref().tell(new MultiActor.Process<>(request, replies.getRef()));
        CurlError error = replies.expectMessageClass(MultiActor.Failed.class).error();
        assertEquals(LibcurlConstants.CURLE_RECV_ERROR, error.code());
        assertEquals("Recv failure: Connection reset by peer", error.detail());
        assertEquals(1, request.log().stream().filter(line -> line.startsWith("failed")).count());
        assertTrue(curl.requests().get(0).outcome().startsWith("failed: CURLE_RECV_ERROR (56)"), curl.requests().get(0).outcome());
    }

    @Test
    void aRequestNoScriptMatchesFailsNamingItsUrlAndTheScripts() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/only").once().respond(200, "x"),
                Script.forUrlMatching("https://.*\\.test/secure").headers(401));
        TestProbe<MultiActor.Reply<List<String>, String>> replies = replies();
        curl.ref().tell(new MultiActor.Process<>(new LoggingRequest("http://svc.test/only"), replies.getRef()));
        replies.expectMessageClass(MultiActor.Completed.class);
        curl.ref().tell(new MultiActor.Process<>(new LoggingRequest("http://svc.test/only"), replies.getRef()));

        CurlError error = replies.expectMessageClass(MultiActor.Failed.class).error();
        assertEquals(LibcurlConstants.CURLE_COULDNT_CONNECT, error.code());
        assertEquals("ScriptedMultiActor: no script for GET http://svc.test/only; the scripts: 1. url http://svc.test/only (once):"
                + " headers 200 [Content-Length: 1], chunk of 1 B [used up]; 2. url ~ https://.*\\.test/secure: headers 401",
                error.detail());
        curl.expectRequest("http://svc.test/only");
        assertNull(curl.expectRequest("http://svc.test/only").script());
    }

    @Test
    void onceScriptsServeSuccessiveRequestsInOrder() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit,
                Script.forUrl("http://svc.test/r").once().fail(LibcurlConstants.CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host"),
                Script.forUrl("http://svc.test/r").times(2).respond(200, "ok"),
                Script.forUrl("http://svc.test/r").respond(503, ""));
        TestProbe<MultiActor.Reply<List<String>, String>> replies = replies();
        List<String> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            curl.ref().tell(new MultiActor.Process<>(new LoggingRequest("http://svc.test/r"), replies.getRef()));
            MultiActor.Reply<List<String>, String> reply = replies.receiveMessage();
            seen.add(reply instanceof MultiActor.Failed<?, ?> f ? f.error().codeName() : ((MultiActor.Completed<?, ?>) reply).result()
                    .toString().substring(0, 3));
        }
        assertEquals(List.of("CURLE_COULDNT_RESOLVE_HOST", "200", "200", "503"), seen);
    }

    @Test
    void aStalledTransferIsCancelledAndItsPendingProcessAnswered() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/s").headers(200).stall());
        LoggingRequest request = new LoggingRequest("http://svc.test/s");
        TestProbe<MultiActor.Reply<List<String>, String>> replies = replies();
        curl.ref().tell(new MultiActor.Process<>(request, replies.getRef()));
        curl.expectRequest();
        curl.expectNoCancel();

        curl.ref().tell(new MultiActor.Cancel(request));

        CurlError error = replies.expectMessageClass(MultiActor.Failed.class).error();
        assertTrue(error.isCancelled());
        assertEquals("cancelled", curl.expectCancel("http://svc.test/s").outcome());
        assertTrue(request.log().contains("failed CURLE_ABORTED_BY_CALLBACK (cancelled)"), request.log().toString());
        curl.ref().tell(new MultiActor.Cancel(request));   // a Cancel of an ended request is ignored, and still seen
        assertSame(request, curl.expectCancel().request());
        replies.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void aReleaseThatComesFirstLetsTheStallPassAtOnce() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/t").delay(Duration.ofSeconds(1))
                .stall().respond(200, "after"));
        TestProbe<MultiActor.Reply<List<String>, String>> replies = replies();
        curl.ref().tell(new MultiActor.Process<>(new LoggingRequest("http://svc.test/t"), replies.getRef()));
        curl.expectRequest().release();   // still in its delay
        curl.awaitIdle();
        manualTime.timePasses(Duration.ofSeconds(1));
        replies.expectMessageClass(MultiActor.Completed.class);
    }

    @Test
    void aStallUntilTimeoutFailsWithTheRequestsOwnTimeoutOnTheClock() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/hang").headers(200).body("so")
                .stallUntilTimeout());
        TestProbe<MultiActor.Reply<Void, Request.Response>> replies = testKit.createTestProbe();
        curl.ref().tell(new MultiActor.Process<>(Request.toMemory("http://svc.test/hang").withTimeout(Duration.ofSeconds(3)),
                replies.getRef()));
        curl.expectRequest();
        manualTime.timePasses(Duration.ofMillis(2999));
        replies.expectNoMessage(Duration.ofMillis(50));
        manualTime.timePasses(Duration.ofMillis(1));

        CurlError error = replies.expectMessageClass(MultiActor.Failed.class).error();
        assertEquals("CURLE_OPERATION_TIMEDOUT", error.codeName());
        assertEquals("Operation timed out after 3000 milliseconds with 2 bytes received", error.detail());
    }

    @Test
    void anUploadIsReadThroughTheReadCallbackWithPausesAndRecorded() throws Exception {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forRequests("PUTs", r -> r.method().equals("PUT"))
                .respond(201, ""));
        byte[][] pieces = {"first,".getBytes(StandardCharsets.UTF_8), null, "second".getBytes(StandardCharsets.UTF_8)};
        int[] next = {0};
        LoggingRequest request = new LoggingRequest("http://svc.test/upload", h -> h.setopt(CurlOpt.UPLOAD, true)
                .setopt(CurlOpt.READFUNCTION, (ReadCallback) buffer -> {
                    if (next[0] == pieces.length) return 0;
                    byte[] piece = pieces[next[0]++];
                    if (piece == null) return ReadCallback.PAUSE;   // nothing yet: resumed from another thread below
                    buffer.put(piece);
                    return piece.length;
                }));
        TestProbe<MultiActor.Reply<List<String>, String>> replies = replies();
        curl.ref().tell(new MultiActor.Process<>(request, replies.getRef()));
        RecordedRequest recorded = curl.expectRequest();
        assertEquals("first,", recorded.uploadedText());

        Thread resumer = new Thread(() -> request.handle.pause(ConfigHandle.PAUSE_CONT), "resumer");
        resumer.start();
        resumer.join();

        assertEquals("201 null HTTP_1_1 0 B from http://svc.test/upload", replies.expectMessageClass(MultiActor.Completed.class).result());
        assertEquals("first,second", recorded.uploadedText());
        assertEquals("PUT", recorded.method());
    }

    @Test
    void callbacksAreJudgedAsLibcurlJudgesThem() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/*").headers(200).body("12345")
                .progress().body("6"));
        TestProbe<MultiActor.Reply<List<String>, String>> replies = replies();
        String[] urls = {"http://svc.test/short", "http://svc.test/throws", "http://svc.test/cap", "http://svc.test/progress"};
        RuntimeException boom = new IllegalStateException("boom");
        long[] progressSeen = new long[4];
        List<LoggingRequest> requests = List.of(
                new LoggingRequest(urls[0], h -> h.setopt(CurlOpt.WRITEFUNCTION, (org.konnect.curl.WriteCallback) data -> 2)),
                new LoggingRequest(urls[1], h -> h.setopt(CurlOpt.WRITEFUNCTION, (org.konnect.curl.WriteCallback) data -> {
                    throw boom;
                })),
                new LoggingRequest(urls[2], h -> h.maxBodyBytes(4)),
                new LoggingRequest(urls[3], h -> h.setopt(CurlOpt.XFERINFOFUNCTION, (XferInfoCallback) (dt, dn, ut, un) -> {
                    progressSeen[0] = dt;
                    progressSeen[1] = dn;
                    return 1;
                })));
        List<CurlError> errors = new java.util.ArrayList<>();
        for (LoggingRequest request : requests) {
            curl.ref().tell(new MultiActor.Process<>(request, replies.getRef()));
            errors.add(replies.expectMessageClass(MultiActor.Failed.class).error());
        }
        assertEquals("CURLE_WRITE_ERROR", errors.get(0).codeName());
        assertEquals("Failure writing output to destination, passed 5 returned 2", errors.get(0).detail());
        assertEquals("CURLE_WRITE_ERROR", errors.get(1).codeName());
        assertSame(boom, errors.get(1).getCause());
        assertEquals("CURLE_FILESIZE_EXCEEDED", errors.get(2).codeName());
        assertEquals("CURLE_ABORTED_BY_CALLBACK", errors.get(3).codeName());
        assertEquals("Callback aborted", errors.get(3).detail());
        assertEquals(0, progressSeen[0], "no Content-Length: an unknown total");
        assertEquals(5, progressSeen[1]);
    }

    @Test
    void aThrowingHookFailsItsTransferAsTheEngineReportsIt() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/*").respond(200, "x"));
        TestProbe<MultiActor.Reply<List<String>, String>> replies = replies();
        curl.ref().tell(new MultiActor.Process<>(new LoggingRequest("http://svc.test/bad", h -> h.setopt(CurlOpt.URL, 7)),
                replies.getRef()));
        CurlError error = replies.expectMessageClass(MultiActor.Failed.class).error();
        assertEquals("CURLE_ABORTED_BY_CALLBACK", error.codeName());
        assertTrue(error.detail().startsWith("configureHandle threw java.lang.IllegalArgumentException: CURLOPT_URL expects a String"),
                error.detail());
        assertInstanceOf(IllegalArgumentException.class, error.getCause());
    }

    @Test
    void aStoppedRequesterHasItsTransfersCancelledAndStoppingTheStandInAnswersEveryPendingProcess() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/*").stall());
        TestProbe<MultiActor.Reply<List<String>, String>> requester = replies();
        LoggingRequest orphan = new LoggingRequest("http://svc.test/orphan");
        curl.ref().tell(new MultiActor.Process<>(orphan, requester.getRef()));
        curl.expectRequest();
        requester.stop();
        assertSame(orphan, curl.expectCancel().request());
        assertTrue(orphan.log().contains("failed CURLE_ABORTED_BY_CALLBACK (cancelled)"));

        TestProbe<MultiActor.Reply<List<String>, String>> waiting = replies();
        curl.ref().tell(new MultiActor.Process<>(new LoggingRequest("http://svc.test/waiting"), waiting.getRef()));
        curl.expectRequest();
        curl.stop();
        CurlError error = waiting.expectMessageClass(MultiActor.Failed.class).error();
        assertTrue(error.isCancelled());
        assertEquals("Multi closed", error.detail());
    }

    @Test
    void expectationsFailWithMessagesThatSayWhatCame() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/*").respond(200, ""));
        TestProbe<MultiActor.Reply<List<String>, String>> replies = replies();
        curl.ref().tell(new MultiActor.Process<>(new LoggingRequest("http://svc.test/one"), replies.getRef()));
        replies.expectMessageClass(MultiActor.Completed.class);
        curl.ref().tell(new MultiActor.Process<>(new LoggingRequest("http://svc.test/two"), replies.getRef()));
        replies.expectMessageClass(MultiActor.Completed.class);

        AssertionError wrongUrl = assertThrows(AssertionError.class, () -> curl.expectRequest("http://svc.test/other"));
        assertTrue(wrongUrl.getMessage().startsWith("ScriptedMultiActor: expected a request to http://svc.test/other, but the next"
                + " request was GET http://svc.test/one"), wrongUrl.getMessage());
        AssertionError more = assertThrows(AssertionError.class, curl::expectNoMoreRequests);
        assertTrue(more.getMessage().startsWith("ScriptedMultiActor: expected no more requests, but got GET http://svc.test/two"),
                more.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Script.forUrl("x").fail("CURLE_NO_SUCH_THING", "x"));
        assertThrows(IllegalArgumentException.class, () -> Script.forUrl("x").info(CurlInfo.RESPONSE_CODE, null).info(
                CurlInfo.of("RESPONSE_CODE", LibcurlConstants.CURLINFO_RESPONSE_CODE), "two hundred"));
    }

    @Test
    void theViewsHandedToCallbacksAreReadOnlyAndEmptiedAfterTheCall() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit, Script.forUrl("http://svc.test/v").body("view"));
        ByteBuffer[] kept = new ByteBuffer[1];
        byte[][] seen = new byte[1][];
        LoggingRequest request = new LoggingRequest("http://svc.test/v", h -> h.setopt(CurlOpt.WRITEFUNCTION,
                (org.konnect.curl.WriteCallback) data -> {
                    kept[0] = data;
                    seen[0] = new byte[data.remaining()];
                    data.duplicate().get(seen[0]);
                    return data.remaining();
                }));
        TestProbe<MultiActor.Reply<List<String>, String>> replies = replies();
        curl.ref().tell(new MultiActor.Process<>(request, replies.getRef()));
        replies.expectMessageClass(MultiActor.Completed.class);
        assertArrayEquals("view".getBytes(StandardCharsets.UTF_8), seen[0]);
        assertTrue(kept[0].isReadOnly());
        assertEquals(0, kept[0].remaining(), "a kept view shows nothing once the call returned");
    }
}
