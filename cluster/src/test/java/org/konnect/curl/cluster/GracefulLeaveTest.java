package org.konnect.curl.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.konnect.curl.testservers.LoopbackHttpServer;

/**
 * A node leaves gracefully while it runs slow transfers and more requests for its origin arrive:
 * its entity drains (the running transfers, a streamed download among them, complete on it),
 * sharding hands the origin over, and the requests that came meanwhile run on the next owner.
 * Nothing fails, nothing runs twice.
 */
class GracefulLeaveTest {
    /** A POST's body: 150,000 bytes at 1 KiB per 20 ms, about three seconds. */
    private static final int SLOW_POST_SIZE = 150_000;
    /** A GET's: 20 pieces of 1,000 bytes, 300 ms apart, about six seconds: long enough to be running when the drain begins. */
    private static final String SLOW_GET = "/bytes/20000?chunk=1000&delayMs=300";
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(40);
    private final List<LoopbackHttpServer> servers = new ArrayList<>();
    private LoopbackCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) cluster.close();
        servers.forEach(LoopbackHttpServer::close);
    }

    @Test
    void aLeavingNodeDrainsItsOriginsAndTheQueuedRequestsRunOnTheNextOwner() {
        for (int i = 0; i < 6; i++) servers.add(LoopbackHttpServer.start());
        cluster = LoopbackCluster.start(3, "");
        TestProbe<TransferReply> warm = TestProbe.create(cluster.node(0));
        List<String> warmIds = new ArrayList<>();
        for (int s = 0; s < servers.size(); s++) {
            ClusterCurl.get(cluster.node(0)).requester().tell(new ClusterCurl.Execute("warm-" + s,
                    TransferDescription.get(servers.get(s).url("/bytes/1")), warm.getRef()));
            warmIds.add("warm-" + s);
        }
        Replies owners = Replies.collect(warm, warmIds, REPLY_TIMEOUT);
        // The leaver: the owner of an origin, not the oldest node if it can be helped (it hosts the coordinator).
        int leaver = -1;
        LoopbackHttpServer slow = null;
        for (int preferOthers = 1; preferOthers >= 0 && slow == null; preferOthers--) {
            for (int s = 0; s < servers.size() && slow == null; s++) {
                int owner = cluster.indexOf(owners.owner("warm-" + s));
                if (owner >= preferOthers) {
                    leaver = owner;
                    slow = servers.get(s);
                }
            }
        }
        String leaverAddress = LoopbackCluster.address(cluster.node(leaver));
        List<Integer> requesters = new ArrayList<>(List.of(0, 1, 2));
        requesters.remove(Integer.valueOf(leaver));

        long before = slow.requestCount();
        Map<Integer, TestProbe<TransferReply>> probes = new HashMap<>();
        Map<Integer, List<String>> running = new HashMap<>();
        ActorRef<OriginEntity.Command> entity = null;
        int entityKnownOn = -1;   // the system the entity's ref was deserialized in, which must send to it
        for (int n : requesters) {
            TestProbe<TransferReply> probe = TestProbe.create(cluster.node(n));
            probes.put(n, probe);
            List<String> ids = List.of(n + "-post-1", n + "-post-2", n + "-get-1", n + "-get-2");
            running.put(n, ids);
            for (String id : ids) {
                TransferDescription d = id.contains("post")
                        ? TransferDescription.post(slow.url("/drip/" + SLOW_POST_SIZE), id.getBytes(StandardCharsets.UTF_8))
                        : TransferDescription.get(slow.url(SLOW_GET));
                ClusterCurl.get(cluster.node(n)).requester().tell(new ClusterCurl.Execute(id, d, probe.getRef()));
            }
            for (int i = 0; i < ids.size(); i++) {
                TransferReply.Accepted accepted = probe.expectMessageClass(TransferReply.Accepted.class, REPLY_TIMEOUT);
                assertEquals(leaverAddress, accepted.node());
                entity = accepted.entity();
                entityKnownOn = n;
            }
        }
        // A streamed download too, consumed on another node: the drain waits for its stream's end as for any transfer.
        ActorSystem<Void> streamer = cluster.node(requesters.get(0));
        Pair<CompletionStage<TransferReply.Completed>, CompletionStage<List<ByteString>>> streamed = ClusterCurl.get(streamer)
                .download(TransferDescription.get(slow.url(SLOW_GET))).toMat(Sink.seq(), Keep.both()).run(streamer);
        assertTrue(slow.awaitActiveTransfers(9, REPLY_TIMEOUT), "nine slow transfers running on the leaving node");

        ActorSystem<Void> leaving = cluster.node(leaver);
        Cluster.get(leaving).manager().tell(new Leave(Cluster.get(leaving).selfMember().address()));
        // The next requests come once the entity drains: sharding has stopped delivering to it (every region
        // acknowledged the handoff's start), so they wait in the regions and go to the origin's next owner.
        TestProbe<OriginEntity.State> state = TestProbe.create(cluster.node(entityKnownOn));
        ActorRef<OriginEntity.Command> origin = entity;
        LoopbackCluster.await(() -> {
            origin.tell(new OriginEntity.GetState(state.getRef()));
            return state.receiveMessage(Duration.ofSeconds(5)).draining();
        }, "the origin's entity on " + leaverAddress + " to drain");
        Map<Integer, List<String>> queued = new HashMap<>();
        for (int n : requesters) {
            List<String> ids = List.of(n + "-queued-get-1", n + "-queued-get-2", n + "-queued-post");
            queued.put(n, ids);
            ClusterCurl curl = ClusterCurl.get(cluster.node(n));
            ActorRef<TransferReply> replyTo = probes.get(n).getRef();
            curl.requester().tell(new ClusterCurl.Execute(ids.get(0), TransferDescription.get(slow.url("/bytes/1000")), replyTo));
            curl.requester().tell(new ClusterCurl.Execute(ids.get(1), TransferDescription.get(slow.url("/bytes/2000")), replyTo));
            curl.requester().tell(new ClusterCurl.Execute(ids.get(2), TransferDescription.post(slow.url("/echo"),
                    ids.get(2).getBytes(StandardCharsets.UTF_8)), replyTo));
        }

        for (int n : requesters) {
            List<String> all = new ArrayList<>(running.get(n));
            all.addAll(queued.get(n));
            Replies replies = Replies.collect(probes.get(n), all, REPLY_TIMEOUT);
            for (String id : running.get(n)) {
                TransferReply.Completed done = replies.completed(id);
                assertEquals(leaverAddress, done.node(), id + " ran to its end on the leaving node");
                assertArrayEquals(LoopbackHttpServer.pattern(id.contains("post") ? SLOW_POST_SIZE : 20_000), done.body());
            }
            assertArrayEquals(LoopbackHttpServer.pattern(1000), replies.completed(n + "-queued-get-1").body());
            assertArrayEquals(LoopbackHttpServer.pattern(2000), replies.completed(n + "-queued-get-2").body());
            assertEquals(n + "-queued-post", new String(replies.completed(n + "-queued-post").body(), StandardCharsets.UTF_8));
            for (String id : queued.get(n)) {
                assertNotEquals(leaverAddress, replies.owner(id), id + " waited for the handoff and ran on the next owner");
            }
            probes.get(n).expectNoMessage(Duration.ofMillis(200));
        }
        ByteString streamedBody = streamed.second().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join().stream()
                .reduce(ByteString.emptyByteString(), ByteString::concat);
        assertArrayEquals(LoopbackHttpServer.pattern(20_000), streamedBody.toArray());
        assertEquals(leaverAddress, streamed.first().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join().node(),
                "the streamed download ran to its end on the leaving node");
        assertEquals(before + 8 + 6 + 1, slow.requestCount(), "every request ran exactly once");
        leaving.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        cluster.awaitMembers(2);
    }
}
