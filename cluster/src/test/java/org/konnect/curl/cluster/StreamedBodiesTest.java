package org.konnect.curl.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.konnect.curl.jni.LibcurlConstants;
import org.konnect.curl.testservers.LoopbackHttpServer;

/**
 * {@link ClusterCurl#download}: bodies far past the message cap stream from the owner of their
 * origin to any node, byte-exact; the requesting stream's demand holds the transfer back on the
 * owner (the server's writes block); cancelling it ends the transfer there; a failure before the
 * body fails the stream and its result. {@link ClusterCurl#upload}: request bodies past the cap
 * stream to the owner from any node, PUT and POST; an upstream failure fails the upload there.
 */
class StreamedBodiesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BODY = 4 << 20;
    private static final int HUGE = 256 << 20;
    private static LoopbackCluster cluster;
    private static LoopbackHttpServer server;

    @BeforeAll
    static void start() {
        server = LoopbackHttpServer.start();
        // A stream ref nobody subscribes to would end after this long: far past WAIT, so that a test fails
        // rather than waits for it when the requesting side leaves the owner's end unmaterialized.
        cluster = LoopbackCluster.start(3, "pekko.stream.materializer.stream-ref.subscription-timeout = 5m");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
        if (server != null) server.close();
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletionStage<?> stage) throws InterruptedException {
        try {
            stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the stage did not end", e);
        }
        throw new AssertionError("the stage completed, a failure was expected");
    }

    @Test
    void aBodyFarPastTheMessageCapStreamsFromItsOwnerToEveryNode() throws Exception {
        Set<String> owners = new HashSet<>();
        Set<String> requesters = new HashSet<>();
        for (ActorSystem<Void> node : cluster.nodes()) {
            Pair<CompletionStage<TransferReply.Completed>, CompletionStage<ByteArrayOutputStream>> run = ClusterCurl.get(node)
                    .download(TransferDescription.get(server.url("/bytes/" + BODY)))
                    .toMat(Sink.fold(new ByteArrayOutputStream(), (out, chunk) -> {
                        out.writeBytes(chunk.toArrayUnsafe());
                        return out;
                    }), Keep.both())
                    .run(node);
            assertArrayEquals(LoopbackHttpServer.pattern(BODY), await(run.second()).toByteArray());
            TransferReply.Completed done = await(run.first());
            assertEquals(200, done.status());
            assertEquals(0, done.body().length, "the body came as a stream, not in the reply");
            assertEquals(List.of(Integer.toString(BODY)), done.header("Content-Length"));
            assertEquals(BODY, done.info().downloadBytes());
            owners.add(done.node());
            requesters.add(LoopbackCluster.address(node));
        }
        assertEquals(1, owners.size(), "one owner per origin: " + owners);
        requesters.removeAll(owners);
        assertEquals(2, requesters.size(), "two of the three nodes got the body from another node");
    }

    @Test
    void theRequestersDemandHoldsTheTransferBackOnItsOwnerAndCancellingEndsIt() throws Exception {
        ActorSystem<Void> node = cluster.node(2);
        try (LoopbackHttpServer own = LoopbackHttpServer.start()) {   // its own: its counters are this test's
            long before = own.bodyBytesSent();
            Pair<CompletionStage<TransferReply.Completed>, SinkQueueWithCancel<ByteString>> run = ClusterCurl.get(node)
                    .download(TransferDescription.get(own.url("/bytes/" + HUGE)))
                    .toMat(Sink.queue(), Keep.both())
                    .run(node);
            SinkQueueWithCancel<ByteString> queue = run.second();
            Optional<ByteString> first = await(queue.pull());
            assertTrue(first.isPresent() && first.get().size() > 0, "a first chunk");
            // Nobody pulls now: the windows and buffers on the way fill, the owner pauses the
            // transfer, and the server's writes block far short of the body's end.
            long sent = own.awaitBlockedWrite(WAIT);
            assertTrue(sent > 0, "the server's writes never blocked");
            assertTrue(sent - before < 64L << 20, "the server sent " + (sent - before) + " bytes with nobody reading");
            queue.cancel();
            Throwable cancelled = failureOf(run.first());
            ClusterTransferException e = assertInstanceOf(ClusterTransferException.class, cancelled);
            assertEquals(TransferReply.Cause.CURL, e.failure().cause());
            assertEquals(LibcurlConstants.CURLE_ABORTED_BY_CALLBACK, e.failure().code(), String.valueOf(e.failure()));
            assertTrue(own.awaitActiveTransfers(0, WAIT), "the owner's transfer went on after the stream was cancelled");
            assertTrue(own.bodyBytesSent() - before < HUGE / 2, "sent " + (own.bodyBytesSent() - before));
        }
    }

    @Test
    void aFailureBeforeTheBodyFailsTheStreamAndItsResult() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ActorSystem<Void> node = cluster.node(0);
        Pair<CompletionStage<TransferReply.Completed>, CompletionStage<List<ByteString>>> run = ClusterCurl.get(node)
                .download(TransferDescription.get("http://127.0.0.1:" + closed + "/nothing"))
                .toMat(Sink.seq(), Keep.both())
                .run(node);
        ClusterTransferException body = assertInstanceOf(ClusterTransferException.class, failureOf(run.second()));
        assertEquals("CURLE_COULDNT_CONNECT", body.failure().codeName(), String.valueOf(body.failure()));
        ClusterTransferException result = assertInstanceOf(ClusterTransferException.class, failureOf(run.first()));
        assertEquals(body.failure(), result.failure());
        assertNotEquals(null, result.failure().node(), "the owner that tried is named");
    }

    /** The pattern's first {@code size} bytes, as a stream of 64 KiB elements. */
    private static Source<ByteString, NotUsed> patternBody(int size) {
        byte[] bytes = LoopbackHttpServer.pattern(size);
        int piece = 64 << 10;
        return Source.range(0, (size + piece - 1) / piece - 1)
                .map(i -> ByteString.fromArray(bytes, i * piece, Math.min(piece, size - i * piece)));
    }

    @Test
    void aRequestBodyFarPastTheMessageCapStreamsToItsOwnerFromEveryNode() throws Exception {
        Set<String> owners = new HashSet<>();
        for (ActorSystem<Void> node : cluster.nodes()) {
            for (String method : List.of("PUT", "POST")) {
                TransferReply.Completed done = await(patternBody(BODY).runWith(ClusterCurl.get(node)
                        .upload(TransferDescription.of(method, server.url("/digest"), null)), node));
                assertEquals(200, done.status());
                assertEquals(method + " " + BODY + " pattern", new String(done.body(), StandardCharsets.US_ASCII));
                assertTrue(done.info().uploadBytes() >= BODY, "uploaded " + done.info().uploadBytes());
                owners.add(done.node());
            }
        }
        assertEquals(1, owners.size(), "one owner per origin: " + owners);
    }

    @Test
    void anUpstreamFailureFailsTheUploadOnItsOwner() throws Exception {
        ActorSystem<Void> node = cluster.node(1);
        CompletionStage<TransferReply.Completed> upload = patternBody(BODY)
                .concat(Source.failed(new java.io.IOException("the disk went away")))
                .runWith(ClusterCurl.get(node).upload(TransferDescription.of("PUT", server.url("/digest"), null)), node);
        ClusterTransferException failed = assertInstanceOf(ClusterTransferException.class, failureOf(upload));
        assertEquals(TransferReply.Cause.CURL, failed.failure().cause());
        assertTrue(failed.failure().message().contains("the disk went away"), failed.failure().message());
    }

    /**
     * The server takes the body a chunk every 5 ms: libcurl's socket fills, the owner's CurlSink stops
     * pulling, and the SinkRef's demand stops the uploading stream on its node, far short of what an
     * unbounded source would have pushed meanwhile.
     */
    @Test
    void aSlowServerHoldsBackTheUploadingStreamAcrossTheCluster() throws Exception {
        ActorSystem<Void> node = cluster.node(2);
        AtomicLong pulled = new AtomicLong();
        ByteString piece = ByteString.fromArray(new byte[64 << 10]);
        try (LoopbackHttpServer slow = LoopbackHttpServer.start()) {
            Pair<UniqueKillSwitch, CompletionStage<TransferReply.Completed>> run = Source.repeat(piece)
                    .map(p -> {
                        pulled.addAndGet(p.size());
                        return p;
                    })
                    .viaMat(KillSwitches.single(), Keep.right())
                    .toMat(ClusterCurl.get(node).upload(TransferDescription.of("PUT", slow.url("/slow-read/5"), null)), Keep.both())
                    .run(node);
            long read = slow.awaitBodyBytesRead(4 << 20, WAIT);
            assertTrue(read > 0, "the server read less than 4 MiB");
            long ahead = pulled.get() - read;
            assertTrue(ahead < 64L << 20, "the uploading stream ran " + ahead + " bytes ahead of the server");
            run.first().abort(new java.io.IOException("enough"));
            ClusterTransferException failed = assertInstanceOf(ClusterTransferException.class, failureOf(run.second()));
            assertTrue(failed.failure().message().contains("enough"), failed.failure().message());
        }
    }

    @Test
    void anEmptyUploadEndsItsBodyOnTheOwner() throws Exception {
        ActorSystem<Void> node = cluster.node(2);
        TransferReply.Completed done = await(Source.<ByteString>empty().runWith(ClusterCurl.get(node)
                .upload(TransferDescription.of("PUT", server.url("/digest"), null)), node));
        assertEquals("PUT 0 pattern", new String(done.body(), StandardCharsets.US_ASCII));
    }

    @Test
    void aDownloadCancelledBeforeItsBodyCameEndsOnTheOwner() throws Exception {
        ActorSystem<Void> node = cluster.node(0);
        try (LoopbackHttpServer own = LoopbackHttpServer.start()) {   // its own: a transfer left paused would not disturb others
            CompletionStage<TransferReply.Completed> result = ClusterCurl.get(node)
                    .download(TransferDescription.get(own.url("/bytes/" + HUGE)))
                    .toMat(Sink.cancelled(), Keep.left())
                    .run(node);
            ClusterTransferException cancelled = assertInstanceOf(ClusterTransferException.class, failureOf(result));
            assertEquals(LibcurlConstants.CURLE_ABORTED_BY_CALLBACK, cancelled.failure().code(), String.valueOf(cancelled.failure()));
            assertTrue(own.awaitActiveTransfers(0, WAIT), "the owner's transfer went on");
        }
    }

    /** Remoting drops a message past its frame size (256 KiB): larger elements cross in pieces, both ways. */
    @Test
    void elementsLargerThanAFrameCrossInPieces() throws Exception {
        ActorSystem<Void> node = cluster.node(1);
        ByteString whole = ByteString.fromArray(LoopbackHttpServer.pattern(1 << 20));
        TransferReply.Completed up = await(Source.single(whole).runWith(ClusterCurl.get(node)
                .upload(TransferDescription.of("PUT", server.url("/digest"), null)), node));
        assertEquals("PUT " + (1 << 20) + " pattern", new String(up.body(), StandardCharsets.US_ASCII));
        // libcurl hands over chunks as large as BUFFERSIZE: 512 KiB here.
        List<ByteString> down = await(ClusterCurl.get(node)
                .download(TransferDescription.get(server.url("/bytes/" + BODY)).withOption("BUFFERSIZE", 512L << 10))
                .runWith(Sink.seq(), node));
        ByteString joined = down.stream().reduce(ByteString.emptyByteString(), ByteString::concat);
        assertArrayEquals(LoopbackHttpServer.pattern(BODY), joined.toArray());
        assertTrue(down.stream().allMatch(c -> c.size() <= 64 << 10), "an element past 64 KiB crossed");
    }

    @Test
    void anUploadWhoseUpstreamFailsAtOnceFailsOnItsOwner() throws Exception {
        ActorSystem<Void> node = cluster.node(2);
        CompletionStage<TransferReply.Completed> upload = Source.<ByteString>failed(new java.io.IOException("nothing to send"))
                .runWith(ClusterCurl.get(node).upload(TransferDescription.of("PUT", server.url("/digest"), null)), node);
        ClusterTransferException failed = assertInstanceOf(ClusterTransferException.class, failureOf(upload));
        assertTrue(failed.failure().message().contains("nothing to send"), failed.failure().message());
    }

    @Test
    void anUploadTakesItsBodyFromTheStreamOnly() {
        ClusterCurl curl = ClusterCurl.get(cluster.node(0));
        assertThrows(IllegalArgumentException.class, () -> curl.upload(TransferDescription.post(server.url("/digest"), new byte[1])));
    }

    @Test
    void eachMaterializationSendsTheRequestOnce() throws Exception {
        ActorSystem<Void> node = cluster.node(1);
        try (LoopbackHttpServer own = LoopbackHttpServer.start()) {   // its own: no other test's request counts
            var source = ClusterCurl.get(node).download(TransferDescription.get(own.url("/bytes/1000")));
            CompletableFuture<List<ByteString>> a = source.runWith(Sink.seq(), node).toCompletableFuture();
            CompletableFuture<List<ByteString>> b = source.runWith(Sink.seq(), node).toCompletableFuture();
            assertEquals(1000, await(a).stream().mapToInt(ByteString::size).sum());
            assertEquals(1000, await(b).stream().mapToInt(ByteString::size).sum());
            assertEquals(2, own.requestCount());
        }
    }
}
