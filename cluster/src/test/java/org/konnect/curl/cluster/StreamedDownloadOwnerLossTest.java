package org.konnect.curl.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.konnect.curl.testservers.LoopbackHttpServer;

/**
 * The owner of a streamed download's origin crashes mid-body: the stream and its materialized
 * stage fail with the same {@link ClusterTransferException}, {@code OWNER_LOST}, naming the lost
 * node; the request is not sent again (its first bytes were already downstream).
 */
class StreamedDownloadOwnerLossTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final int HUGE = 256 << 20;
    private final List<LoopbackHttpServer> servers = new ArrayList<>();
    private LoopbackCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) cluster.close();
        servers.forEach(LoopbackHttpServer::close);
    }

    @Test
    void theOwnersLossFailsTheStreamAndItsResultNamingTheNode() throws Exception {
        for (int i = 0; i < 4; i++) servers.add(LoopbackHttpServer.start());
        // A crash, not a leave: stopping the system does not run the coordinated shutdown, so nothing drains.
        cluster = LoopbackCluster.start(3, "pekko.coordinated-shutdown.run-by-actor-system-terminate = off");
        // An origin owned by a node other than the oldest if one is (the oldest hosts the shard coordinator).
        LoopbackHttpServer server = null;
        int victim = -1;
        for (LoopbackHttpServer s : servers) {
            int owner = cluster.indexOf(ClusterCurl.get(cluster.node(0)).execute(TransferDescription.get(s.url("/bytes/1")))
                    .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS).node());
            if (server == null || owner > 0 && victim == 0) {
                server = s;
                victim = owner;
            }
        }
        String victimAddress = LoopbackCluster.address(cluster.node(victim));
        ActorSystem<Void> requester = cluster.node(victim == 1 ? 2 : 1);
        long before = server.requestCount();

        Pair<CompletionStage<TransferReply.Completed>, SinkQueueWithCancel<ByteString>> run = ClusterCurl.get(requester)
                .download(TransferDescription.get(server.url("/bytes/" + HUGE)).retryingOnNodeLoss())
                .toMat(Sink.queue(), Keep.both())
                .run(requester);
        SinkQueueWithCancel<ByteString> queue = run.second();
        Optional<ByteString> first = queue.pull().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(first.isPresent(), "a first chunk");

        ActorSystem<Void> lost = cluster.node(victim);
        lost.terminate();
        Cluster.get(requester).manager().tell(new Down(Cluster.get(lost).selfMember().address()));

        Throwable streamFailure = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (streamFailure == null && System.nanoTime() < deadline) {
            try {
                Optional<ByteString> next = queue.pull().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertTrue(next.isPresent(), "the stream completed although its owner was lost mid-body");
            } catch (ExecutionException e) {
                streamFailure = e.getCause();
            }
        }
        ClusterTransferException failed = assertInstanceOf(ClusterTransferException.class, streamFailure);
        assertEquals(TransferReply.Cause.OWNER_LOST, failed.failure().cause(), failed.failure().toString());
        assertEquals(victimAddress, failed.failure().node());
        try {
            run.first().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("the result completed although the owner was lost");
        } catch (ExecutionException e) {
            assertSame(failed, e.getCause(), "the stream and its result fail with the same exception");
        }
        assertEquals(before + 1, server.requestCount(), "a streamed request whose body began is not sent again");
    }
}
