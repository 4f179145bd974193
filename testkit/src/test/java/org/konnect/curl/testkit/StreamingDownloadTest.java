package org.konnect.curl.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.jni.LibcurlConstants;
import org.konnect.curl.streams.CurlSink;
import org.konnect.curl.streams.TransferInfo;
import org.konnect.curl.testkit.ResumingDownloader.Downloaded;
import org.konnect.curl.testkit.ResumingDownloader.Fetch;
import org.konnect.curl.testkit.ResumingDownloader.GaveUp;
import org.konnect.curl.testkit.ResumingDownloader.Outcome;
import org.konnect.curl.testkit.ResumingDownloader.Retrying;

/**
 * What the kit is for: an actor that streams a download through a MultiActor (CurlSource over
 * the stand-in), survives a connection that breaks in the middle of the body and resumes with
 * RANGE after a back-off, tested without a network and without a sleep.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(TestKitJUnit5Extension.class)
class StreamingDownloadTest {
    private static final String URL = "https://files.test/big.bin";
    private static final int SIZE = 1_200_000;
    private static final int CHUNK = 16 * 1024;
    private static final Duration BACKOFF = Duration.ofSeconds(30);

    @JUnit5TestKit
    final ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();
    final ManualTime manualTime = ManualTime.get(testKit.system());

    private static byte[] body() {
        byte[] body = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) body[i] = (byte) (i * 31 + (i >> 8));
        return body;
    }

    @Test
    void aDownloadThatBreaksMidBodyIsResumedWithRangeAfterTheBackoff() {
        byte[] body = body();
        // The downloader's CurlSource keeps a 256 KiB window and pauses the transfer when it is full; the bytes
        // received before the failure still reach the stream (the failure answers the Process
        // after them), so the retry asks for the rest from byte 600,000.
        int delivered = 600_000;
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit,
                Script.forUrl(URL).once()
                        .headers(200, "Content-Length: " + SIZE)
                        .body(Arrays.copyOf(body, delivered), CHUNK)
                        .fail(LibcurlConstants.CURLE_RECV_ERROR, "Recv failure: Connection reset by peer"),
                Script.forRequests("the rest, from byte " + delivered, r -> (delivered + "-").equals(r.option(CurlOpt.RANGE)))
                        .headers(206, "Content-Range: bytes " + delivered + "-" + (SIZE - 1) + "/" + SIZE)
                        .body(Arrays.copyOfRange(body, delivered, SIZE), CHUNK));
        TestProbe<Retrying> retries = testKit.createTestProbe();
        TestProbe<Outcome> client = testKit.createTestProbe();
        var downloader = testKit.spawn(ResumingDownloader.create(curl.ref(), 3, BACKOFF, retries.getRef()));

        downloader.tell(new Fetch(URL, client.getRef()));

        RecordedRequest first = curl.expectRequest(URL);
        assertEquals(null, first.option(CurlOpt.RANGE));
        assertEquals(new Retrying(1, delivered), retries.receiveMessage());
        curl.expectNoMoreRequests();                    // it waits for its back-off...
        manualTime.timePasses(BACKOFF);                 // ...which passes on the test's clock, not in a sleep
        RecordedRequest second = curl.expectRequest(URL);
        assertEquals(delivered + "-", second.option(CurlOpt.RANGE));

        Downloaded downloaded = (Downloaded) client.receiveMessage();
        assertEquals(2, downloaded.attempts());
        assertArrayEquals(body, downloaded.body());
        assertEquals(List.of(ConfigHandle.PAUSE_CONT, ConfigHandle.PAUSE_CONT), first.pauses(), "the window paused it twice");
        // the first chunk at once, two full windows of 16 chunks (each paused it), the last 4 of the
        // 37 chunks, then the failure
        assertEquals(5, first.processCount(), "four updates, then the Process the failure answered");
        curl.expectNoMoreRequests();
    }

    @Test
    void itGivesUpAfterItsLastAttemptWithTheLastError() {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit,
                Script.forUrl(URL).headers(200, "Content-Length: " + SIZE).body("a few bytes")
                        .fail("CURLE_PARTIAL_FILE", "end of response with 299989 bytes missing"));
        TestProbe<Retrying> retries = testKit.createTestProbe();
        TestProbe<Outcome> client = testKit.createTestProbe();
        var downloader = testKit.spawn(ResumingDownloader.create(curl.ref(), 3, BACKOFF, retries.getRef()));
        downloader.tell(new Fetch(URL, client.getRef()));

        for (int attempt = 1; attempt <= 2; attempt++) {
            curl.expectRequest(URL);
            assertEquals(attempt, retries.receiveMessage().attempt());
            manualTime.timePasses(BACKOFF);
        }
        assertEquals("22-", curl.expectRequest(URL).option(CurlOpt.RANGE), "each attempt resumes after what all before it got");
        assertEquals(new GaveUp("CURLE_PARTIAL_FILE", 3), client.receiveMessage());
        curl.expectNoMoreRequests();
    }

    @Test
    void anUploadStreamsThroughTheReadCallbackAndTheScriptSeesEveryByte() throws Exception {
        ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit,
                Script.forRequests("uploads", r -> r.method().equals("PUT")).headers(201, "Content-Length: 0"));
        List<ByteString> pieces = List.of(ByteString.fromString("alpha,"), ByteString.fromString("beta,"),
                ByteString.fromString("gamma"));

        TransferInfo info = Source.from(pieces).runWith(CurlSink.upload(curl.ref(), "sftp://files.test/in/report.txt"),
                testKit.system()).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(201, info.responseCode());
        assertEquals(16, info.bytesUploaded());
        assertEquals("sftp", info.scheme());
        RecordedRequest upload = curl.expectRequest("sftp://files.test/in/*");
        assertEquals("alpha,beta,gamma", upload.uploadedText());
        assertEquals(1L, upload.longOption(CurlOpt.UPLOAD));
    }
}
