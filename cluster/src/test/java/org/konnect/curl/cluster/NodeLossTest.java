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
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.konnect.curl.testservers.LoopbackHttpServer;

/**
 * A node downed and stopped while it runs slow transfers for the other two nodes: every request
 * gets exactly one final reply, a failure naming the lost node, or for the idempotent requests that
 * asked for it a completion on the origin's new owner; the server's request count shows that no
 * POST ran twice.
 */
class NodeLossTest {
    /** 150,000 bytes at 1 KiB per 20 ms: about three seconds, under max-body-bytes. */
    private static final int SLOW_SIZE = 150_000;
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(40);
    private final List<LoopbackHttpServer> servers = new ArrayList<>();
    private LoopbackCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) cluster.close();
        servers.forEach(LoopbackHttpServer::close);
    }

    @Test
    void aDownedNodesTransfersFailNamingItOrRunOnceMoreElsewhere() {
        for (int i = 0; i < 6; i++) servers.add(LoopbackHttpServer.start());
        // A crash, not a leave: stopping the system does not run the coordinated shutdown, so nothing hands off or drains.
        cluster = LoopbackCluster.start(3, "pekko.coordinated-shutdown.run-by-actor-system-terminate = off");
        Map<String, String> ownerOf = owners(cluster.node(0));

        // The victim: a node owning one of the origins; not the oldest if it can be helped (it hosts the coordinator).
        LoopbackHttpServer slow = null;
        int victim = -1;
        for (int preferOthers = 1; preferOthers >= 0 && slow == null; preferOthers--) {
            for (LoopbackHttpServer s : servers) {
                int owner = cluster.indexOf(ownerOf.get(s.url("/")));
                if (owner >= preferOthers) {
                    slow = s;
                    victim = owner;
                    break;
                }
            }
        }
        String victimAddress = LoopbackCluster.address(cluster.node(victim));
        List<Integer> requesters = new ArrayList<>(List.of(0, 1, 2));
        requesters.remove(Integer.valueOf(victim));

        long before = slow.requestCount();
        Map<Integer, TestProbe<TransferReply>> probes = new HashMap<>();
        Map<Integer, List<String>> ids = new HashMap<>();
        for (int n : requesters) {
            TestProbe<TransferReply> probe = TestProbe.create(cluster.node(n));
            probes.put(n, probe);
            String url = slow.url("/drip/" + SLOW_SIZE);
            ClusterCurl curl = ClusterCurl.get(cluster.node(n));
            List<String> mine = List.of(n + "-post", n + "-get", n + "-get-retried");
            ids.put(n, mine);
            curl.requester().tell(new ClusterCurl.Execute(mine.get(0),
                    TransferDescription.post(url, "once".getBytes(StandardCharsets.UTF_8)).retryingOnNodeLoss(), probe.getRef()));
            curl.requester().tell(new ClusterCurl.Execute(mine.get(1), TransferDescription.get(url), probe.getRef()));
            curl.requester().tell(new ClusterCurl.Execute(mine.get(2), TransferDescription.get(url).retryingOnNodeLoss(),
                    probe.getRef()));
        }
        for (int n : requesters) {
            for (int i = 0; i < 3; i++) {
                TransferReply.Accepted accepted = probes.get(n).expectMessageClass(TransferReply.Accepted.class, REPLY_TIMEOUT);
                assertEquals(victimAddress, accepted.node());
            }
        }
        assertTrue(slow.awaitActiveTransfers(6, REPLY_TIMEOUT), "six slow transfers running at the server");

        ActorSystem<Void> lost = cluster.node(victim);
        lost.terminate();
        Cluster.get(cluster.node(requesters.get(0))).manager().tell(new Down(Cluster.get(lost).selfMember().address()));

        for (int n : requesters) {
            Replies replies = Replies.collect(probes.get(n), ids.get(n), REPLY_TIMEOUT);
            for (String id : List.of(n + "-post", n + "-get")) {
                TransferReply.Failed failed = replies.failed(id);
                assertEquals(TransferReply.Cause.OWNER_LOST, failed.cause(), failed.toString());
                assertEquals(victimAddress, failed.node());
                assertTrue(failed.message().contains(victimAddress), failed.message());
            }
            TransferReply.Completed retried = replies.completed(n + "-get-retried");
            assertArrayEquals(LoopbackHttpServer.pattern(SLOW_SIZE), retried.body());
            assertNotEquals(victimAddress, retried.node());
            assertEquals(List.of(retried.node()), replies.acceptedBy.get(n + "-get-retried"), "accepted again by the new owner");
            probes.get(n).expectNoMessage(Duration.ofMillis(200));
        }
        // Six first attempts and the two retried GETs: the POSTs (idempotent = false, retry asked) ran once each.
        assertEquals(before + 6 + 2, slow.requestCount());
        cluster.awaitMembers(2);
    }

    /** Which node owns each origin, from one small request to each. */
    private Map<String, String> owners(ActorSystem<Void> node) {
        TestProbe<TransferReply> probe = TestProbe.create(node);
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < servers.size(); s++) {
            ClusterCurl.get(node).requester().tell(new ClusterCurl.Execute("warm-" + s,
                    TransferDescription.get(servers.get(s).url("/bytes/1")), probe.getRef()));
            ids.add("warm-" + s);
        }
        Replies replies = Replies.collect(probe, ids, REPLY_TIMEOUT);
        Map<String, String> owners = new HashMap<>();
        for (int s = 0; s < servers.size(); s++) owners.put(servers.get(s).url("/"), replies.owner("warm-" + s));
        return owners;
    }
}
