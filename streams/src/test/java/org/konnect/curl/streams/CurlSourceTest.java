package org.konnect.curl.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.testservers.HostileHttpServer;
import org.konnect.curl.testservers.HttpFault;
import org.konnect.curl.testservers.LoopbackFtpServer;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Downloads as Sources: byte-exact, demand-driven with bounded memory, cancelled and failed mid-stream, many at once. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class CurlSourceTest extends MultiActorFixture {
    final LoopbackHttpServer http;

    CurlSourceTest(LoopbackHttpServer http) {
        this.http = http;
    }

    @Test
    void aDownloadIsByteExactAndMaterializesItsInfo() throws Exception {
        Pair<CompletionStage<TransferInfo>, CompletionStage<ByteString>> run = CurlSource.download(curl(), http.url("/bytes/3000000"))
                .toMat(Sink.fold(ByteString.emptyByteString(), ByteString::concat), Keep.both()).run(materializer);
        ByteString body = run.second().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertPattern(body, 3_000_000);
        TransferInfo info = run.first().toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertEquals(200, info.responseCode());
        assertEquals(3_000_000, info.bytesDownloaded());
        assertEquals(HttpVersion.HTTP_1_1, info.httpVersion());
        assertEquals("http", info.scheme());
        assertEquals(http.url("/bytes/3000000"), info.effectiveUrl());
    }

    @Test
    void aDownloadOverHttp2WithOptionsOfTheCaller() throws Exception {
        ByteString body = CurlSource.download(curl(), http.url("/bytes/1000000"),
                        h -> h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2_PRIOR_KNOWLEDGE))
                .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertPattern(body, 1_000_000);
    }

    /**
     * The server offers 1 GiB and downstream asks for one element at a time: one element comes
     * per request, the server's write blocks once the socket buffers and the window are full,
     * and the heap does not grow with what the server offered.
     */
    @Test
    void demandDrivesTheTransferAndMemoryStaysBounded() throws Exception {
        long heapBefore = usedHeapAfterGc();
        TestSubscriber.Probe<ByteString> probe = CurlSource.download(curl(), http.url("/bytes/1073741824"))
                .runWith(TestSink.probe(testKit.system().classicSystem()), materializer);
        long taken = 0;
        for (int i = 0; i < 8; i++) {
            probe.request(1);
            taken += probe.expectNext(Duration.ofSeconds(30)).length();
            probe.expectNoMessage(Duration.ofMillis(20));   // one element per request, not more
        }
        // The transfer pauses once its window is full; the server's write then blocks on a full socket.
        long stalledAt = http.awaitBlockedWrite(Duration.ofSeconds(30));
        assertTrue(stalledAt >= 0, "the server's writes never blocked in 30 s: " + http.bodyBytesSent() + " bytes sent");
        assertTrue(stalledAt < taken + (64L << 20), "the server sent " + stalledAt + " bytes for " + taken + " taken");
        long heapGrowth = usedHeapAfterGc() - heapBefore;
        assertTrue(heapGrowth < (16L << 20), "the heap grew by " + heapGrowth + " bytes");
        long sent = http.bodyBytesSent();   // still bounded, whatever time the collections took
        assertTrue(sent < taken + (64L << 20), "the server sent " + sent + " bytes for " + taken + " taken");
        probe.cancel();
        assertTrue(http.awaitActiveTransfers(0, Duration.ofSeconds(10)), "the server still streams after the cancel");
    }

    @Test
    void cancellingDownstreamCancelsTheTransfer() throws Exception {
        Pair<CompletionStage<TransferInfo>, CompletionStage<List<ByteString>>> run = CurlSource.download(curl(),
                        http.url("/bytes/1073741824")).take(3).toMat(Sink.seq(), Keep.both()).run(materializer);
        assertEquals(3, run.second().toCompletableFuture().get(30, TimeUnit.SECONDS).size());
        CurlError cancelled = failure(run.first());
        assertTrue(cancelled.isCancelled(), cancelled.getMessage());
        assertTrue(http.awaitActiveTransfers(0, Duration.ofSeconds(10)), "the server still streams after the cancel");
    }

    @Test
    void aFailureMidStreamFailsTheStreamWithItsCurlError() throws Exception {
        try (HostileHttpServer hostile = HostileHttpServer.start()) {
            Pair<CompletionStage<TransferInfo>, CompletionStage<List<ByteString>>> run = CurlSource.download(curl(),
                    hostile.url(HttpFault.FIN_MID_BODY)).toMat(Sink.seq(), Keep.both()).run(materializer);
            CurlError streamFailure = failure(run.second());
            assertEquals("CURLE_PARTIAL_FILE", streamFailure.codeName(), streamFailure.getMessage());
            assertEquals("CURLE_PARTIAL_FILE", failure(run.first()).codeName());
        }
    }

    @Test
    void anFtpDownloadIntoAFileSink(LoopbackFtpServer ftp) throws Exception {
        byte[] content = new byte[2_500_000];
        new java.util.Random(7).nextBytes(content);
        Files.write(ftp.root().resolve("big.bin"), content);
        Path target = Files.createTempFile("konnect-stream", ".bin");
        try {
            Pair<CompletionStage<TransferInfo>, CompletionStage<IOResult>> run = CurlSource.download(curl(), ftp.url("/big.bin"))
                    .toMat(FileIO.toPath(target), Keep.both()).run(materializer);
            assertEquals(content.length, run.second().toCompletableFuture().get(30, TimeUnit.SECONDS).getCount());
            TransferInfo info = run.first().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals("ftp", info.scheme());
            assertEquals(226, info.responseCode());
            assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(target)), "the file differs from the FTP server's");
        } finally {
            Files.deleteIfExists(target);
        }
    }

    /** libcurl cannot pause a file:// transfer: the download takes the whole file, and it is byte-exact. */
    @Test
    void aFileUrlIsReadWhole(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] content = new byte[3_000_000];
        new java.util.Random(5).nextBytes(content);
        Path file = Files.write(dir.resolve("local.bin"), content);
        ByteString body = CurlSource.download(curl(), file.toUri().toString())
                .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertTrue(java.util.Arrays.equals(content, body.toArray()), "the file:// body differs");
    }

    @Test
    void aThousandStreamsAtOnceOnOneMultiActor() throws Exception {
        ActorRef<MultiActor.Command> c = curl();
        List<CompletableFuture<Integer>> sizes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sizes.add(CurlSource.download(c, http.url("/bytes/" + (10_000 + i)))
                    .runWith(Sink.fold(0, (n, chunk) -> n + chunk.length()), materializer).toCompletableFuture());
        }
        for (int i = 0; i < 1000; i++) assertEquals(10_000 + i, sizes.get(i).get(60, TimeUnit.SECONDS));
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static CurlError failure(CompletionStage<?> stage) throws InterruptedException {
        try {
            stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(CurlError.class, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the stage did not complete in 30 s");
        }
        throw new AssertionError("the stage completed; expected a CurlError");
    }

    static void assertPattern(ByteString body, int length) {
        assertEquals(length, body.length());
        byte[] bytes = body.toArray();
        for (int i = 0; i < length; i++) {
            if (bytes[i] != (byte) (i % 251)) throw new AssertionError("byte " + i + " differs from the pattern");
        }
    }
}
