package org.konnect.curl.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
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
 * body fails the stream and its result.
 */
class StreamedDownloadsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BODY = 4 << 20;
    private static final int HUGE = 256 << 20;
    private static LoopbackCluster cluster;
    private static LoopbackHttpServer server;

    @BeforeAll
    static void start() {
        server = LoopbackHttpServer.start();
        cluster = LoopbackCluster.start(3, "");
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
        long before = server.bodyBytesSent();
        Pair<CompletionStage<TransferReply.Completed>, SinkQueueWithCancel<ByteString>> run = ClusterCurl.get(node)
                .download(TransferDescription.get(server.url("/bytes/" + HUGE)))
                .toMat(Sink.queue(), Keep.both())
                .run(node);
        SinkQueueWithCancel<ByteString> queue = run.second();
        Optional<ByteString> first = await(queue.pull());
        assertTrue(first.isPresent() && first.get().size() > 0, "a first chunk");
        // Nobody pulls now: the windows and buffers on the way fill, the owner pauses the
        // transfer, and the server's writes block far short of the body's end.
        long sent = server.awaitBlockedWrite(WAIT);
        assertTrue(sent > 0, "the server's writes never blocked");
        assertTrue(sent - before < 64L << 20, "the server sent " + (sent - before) + " bytes with nobody reading");
        queue.cancel();
        Throwable cancelled = failureOf(run.first());
        ClusterTransferException e = assertInstanceOf(ClusterTransferException.class, cancelled);
        assertEquals(TransferReply.Cause.CURL, e.failure().cause());
        assertEquals(LibcurlConstants.CURLE_ABORTED_BY_CALLBACK, e.failure().code(), String.valueOf(e.failure()));
        assertTrue(server.awaitActiveTransfers(0, WAIT), "the owner's transfer went on after the stream was cancelled");
        assertTrue(server.bodyBytesSent() - before < HUGE / 2, "sent " + (server.bodyBytesSent() - before));
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

    @Test
    void eachMaterializationSendsTheRequestOnce() throws Exception {
        ActorSystem<Void> node = cluster.node(1);
        long requests = server.requestCount();
        var source = ClusterCurl.get(node).download(TransferDescription.get(server.url("/bytes/1000")));
        CompletableFuture<List<ByteString>> a = source.runWith(Sink.seq(), node).toCompletableFuture();
        CompletableFuture<List<ByteString>> b = source.runWith(Sink.seq(), node).toCompletableFuture();
        assertEquals(1000, await(a).stream().mapToInt(ByteString::size).sum());
        assertEquals(1000, await(b).stream().mapToInt(ByteString::size).sum());
        assertEquals(requests + 2, server.requestCount());
    }
}
