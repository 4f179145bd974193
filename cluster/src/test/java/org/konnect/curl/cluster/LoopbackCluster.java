package org.konnect.curl.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A cluster of actor systems in this JVM on loopback ports: the first node is the seed, every node
 * starts {@link ClusterCurl}. Membership is awaited by polling the cluster state with a deadline.
 */
final class LoopbackCluster implements AutoCloseable {
    static final Duration MEMBERSHIP_DEADLINE = Duration.ofSeconds(30);

    private final List<ActorSystem<Void>> nodes = new ArrayList<>();

    private LoopbackCluster() {}

    /**
     * {@code n} nodes, all Up and seeing each other Up, each with its ClusterCurl started.
     *
     * @param extra configuration for every node, before the defaults
     */
    static LoopbackCluster start(int n, String extra) {
        LoopbackCluster cluster = new LoopbackCluster();
        int seedPort = freePort();
        try {
            for (int i = 0; i < n; i++) {
                int port = i == 0 ? seedPort : freePort();
                Config config = ConfigFactory.parseString(extra).withFallback(ConfigFactory.parseString(
                        "pekko.remote.artery.canonical.port = " + port + "\n"
                        + "pekko.cluster.seed-nodes = [\"pekko://konnect@127.0.0.1:" + seedPort + "\"]\n"))
                        .withFallback(ConfigFactory.load("loopback-cluster.conf"));
                ActorSystem<Void> node = ActorSystem.create(Behaviors.empty(), "konnect", config);
                cluster.nodes.add(node);
                ClusterCurl.get(node);
            }
            cluster.awaitMembers(n);
            cluster.awaitRegions(n);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    ActorSystem<Void> node(int i) {
        return nodes.get(i);
    }

    List<ActorSystem<Void>> nodes() {
        return nodes;
    }

    /** The index of the node whose address is {@code address}. */
    int indexOf(String address) {
        for (int i = 0; i < nodes.size(); i++) {
            if (address(nodes.get(i)).equals(address)) return i;
        }
        throw new AssertionError("no node " + address);
    }

    static String address(ActorSystem<?> node) {
        return Cluster.get(node).selfMember().address().toString();
    }

    /** Waits until every running node sees exactly {@code n} members, all Up. */
    void awaitMembers(int n) {
        await(() -> nodes.stream().filter(s -> !s.getWhenTerminated().toCompletableFuture().isDone()).allMatch(s -> {
            int up = 0;
            int all = 0;
            for (org.apache.pekko.cluster.Member m : Cluster.get(s).state().getMembers()) {
                all++;
                if (m.status() == MemberStatus.up()) up++;
            }
            return all == n && up == n;
        }), "every node to see " + n + " members Up");
    }

    /**
     * Waits until the coordinator knows {@code n} shard regions, so that the first requests spread
     * over every node. (Not min-nr-of-members: the coordinator would allocate nothing once a node is lost.)
     */
    void awaitRegions(int n) {
        ActorSystem<Void> first = nodes.get(0);
        TestProbe<ShardRegion.ClusterShardingStats> probe = TestProbe.create(first);
        await(() -> {
            ClusterSharding.get(first).shardState().tell(new GetClusterShardingStats(OriginEntity.TYPE_KEY, Duration.ofSeconds(3),
                    probe.getRef()));
            return probe.receiveMessage(Duration.ofSeconds(10)).getRegions().size() == n;
        }, n + " shard regions registered");
    }

    /** Polls {@code condition} until it holds, failing after the membership deadline. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + MEMBERSHIP_DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out after " + MEMBERSHIP_DEADLINE + " waiting for " + what);
            try {
                TimeUnit.MILLISECONDS.sleep(50);   // polling cluster state (no event to wait on from a test thread)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (ActorSystem<Void> node : nodes) node.terminate();
        for (ActorSystem<Void> node : nodes) {
            node.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }
}
