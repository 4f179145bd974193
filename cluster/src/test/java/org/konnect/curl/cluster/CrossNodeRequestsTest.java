package org.konnect.curl.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.konnect.curl.testservers.LoopbackHttpServer;

/** Three nodes, six origins: every node asks every origin, most of them owned by another node. */
class CrossNodeRequestsTest {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static LoopbackCluster cluster;
    private static final List<LoopbackHttpServer> servers = new ArrayList<>();

    @BeforeAll
    static void start() {
        for (int i = 0; i < 6; i++) servers.add(LoopbackHttpServer.start());
        cluster = LoopbackCluster.start(3, "");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
        servers.forEach(LoopbackHttpServer::close);
    }

    @Test
    void everyNodeReachesEveryOriginThroughItsOneOwner() {
        Map<String, Set<String>> ownersOfOrigin = new HashMap<>();
        Map<Integer, Set<String>> ownersSeenBy = new HashMap<>();
        for (int n = 0; n < 3; n++) {
            ActorSystem<Void> node = cluster.node(n);
            TestProbe<TransferReply> probe = TestProbe.create(node);
            List<String> ids = new ArrayList<>();
            for (int s = 0; s < servers.size(); s++) {
                String get = "n" + n + "-get-" + s;
                String post = "n" + n + "-post-" + s;
                byte[] body = ("from node " + n + " to server " + s).getBytes(StandardCharsets.UTF_8);
                ClusterCurl curl = ClusterCurl.get(node);
                curl.requester().tell(new ClusterCurl.Execute(get, TransferDescription.get(servers.get(s).url("/bytes/1000")),
                        probe.getRef()));
                curl.requester().tell(new ClusterCurl.Execute(post, TransferDescription.post(servers.get(s).url("/echo"), body)
                        .withHeader("X-From", "node " + n).withHeader("X-From", "again"), probe.getRef()));
                ids.add(get);
                ids.add(post);
            }
            Replies replies = Replies.collect(probe, ids, REPLY_TIMEOUT);
            for (int s = 0; s < servers.size(); s++) {
                TransferReply.Completed got = replies.completed("n" + n + "-get-" + s);
                assertEquals(200, got.status());
                assertArrayEquals(LoopbackHttpServer.pattern(1000), got.body());
                assertEquals(List.of("1000"), got.header("Content-Length"));
                assertEquals(1000L, got.info().downloadBytes());
                assertEquals(servers.get(s).url("/bytes/1000"), got.info().effectiveUrl());

                TransferReply.Completed echoed = replies.completed("n" + n + "-post-" + s);
                assertEquals(200, echoed.status());
                assertEquals("from node " + n + " to server " + s, new String(echoed.body(), StandardCharsets.UTF_8));
                assertEquals(List.of("POST"), echoed.header("X-Method"));
                assertEquals(List.of("node " + n, "again"), echoed.header("X-Echo-X-From"));

                String origin = TransferDescription.get(servers.get(s).url("/")).origin();
                for (String id : List.of("n" + n + "-get-" + s, "n" + n + "-post-" + s)) {
                    String owner = replies.owner(id);
                    assertEquals(owner, replies.completed(id).node(), "the node that accepted it ran it");
                    ownersOfOrigin.computeIfAbsent(origin, k -> new HashSet<>()).add(owner);
                    ownersSeenBy.computeIfAbsent(n, k -> new HashSet<>()).add(owner);
                }
            }
        }
        ownersOfOrigin.forEach((origin, owners) -> assertEquals(1, owners.size(), origin + " is owned by " + owners));
        Set<String> owners = new HashSet<>();
        ownersOfOrigin.values().forEach(owners::addAll);
        assertTrue(owners.size() >= 2, "the six origins should be spread over the nodes, all are on " + owners);
        for (int n = 0; n < 3; n++) {
            String self = LoopbackCluster.address(cluster.node(n));
            assertTrue(ownersSeenBy.get(n).stream().anyMatch(o -> !o.equals(self)),
                    "node " + n + " should have had requests served by another node: " + ownersSeenBy.get(n));
        }
    }

    @Test
    void executeAnswersOutsideActorsAndFailuresNameTheirCause() throws Exception {
        ClusterCurl curl = ClusterCurl.get(cluster.node(1));
        TransferReply.Completed head = curl.execute(TransferDescription.of("HEAD", servers.get(0).url("/bytes/5000"), null)
                .withOption("TIMEOUT_MS", 20_000L)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(200, head.status());
        assertEquals(0, head.body().length);

        TransferReply.Failed unknown = failure(curl, TransferDescription.get(servers.get(1).url("/bytes/1"))
                .withOption("NO_SUCH_OPTION", 1L));
        assertEquals(TransferReply.Cause.CURL, unknown.cause());
        assertTrue(unknown.message().contains("CURLOPT_NO_SUCH_OPTION"), unknown.message());
        assertNotEquals(null, unknown.node());

        TransferReply.Failed mistyped = failure(curl, TransferDescription.get(servers.get(2).url("/bytes/1"))
                .withOption("TIMEOUT_MS", "soon"));
        assertTrue(mistyped.message().contains("TIMEOUT_MS"), mistyped.message());

        int closedPort;
        try (LoopbackHttpServer gone = LoopbackHttpServer.start()) {
            closedPort = gone.port();
        }
        TransferReply.Failed refused = failure(curl, TransferDescription.get("http://127.0.0.1:" + closedPort + "/"));
        assertEquals("CURLE_COULDNT_CONNECT", refused.codeName());
        assertEquals(7, refused.code());

        TransferReply.Failed tooBig = failure(curl, TransferDescription.get(servers.get(3).url("/bytes/300000")));
        assertEquals("CURLE_FILESIZE_EXCEEDED", tooBig.codeName());

        TransferReply.Failed bigRequest = failure(curl, TransferDescription.post(servers.get(3).url("/echo"), new byte[300_000]));
        assertEquals("CURLE_BAD_FUNCTION_ARGUMENT", bigRequest.codeName());
        assertTrue(bigRequest.message().contains("max-body-bytes"), bigRequest.message());
    }

    private static TransferReply.Failed failure(ClusterCurl curl, TransferDescription description) {
        try {
            TransferReply.Completed unexpected = curl.execute(description).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
            throw new AssertionError(description + " should have failed, got " + unexpected);
        } catch (CompletionException e) {
            return assertInstanceOf(ClusterTransferException.class, e.getCause()).failure();
        }
    }
}
