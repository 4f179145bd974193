package org.konnect.curl.samples;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.cluster.ClusterCurl;
import org.konnect.curl.cluster.ClusterTransferException;
import org.konnect.curl.cluster.OriginEntity;
import org.konnect.curl.cluster.TransferDescription;
import org.konnect.curl.cluster.TransferReply;
import org.konnect.curl.testservers.LoopbackHttpServer;

/**
 * A crawl spread over a Pekko cluster: three nodes in this JVM on loopback ports, each with its
 * own MultiActorPool (ClusterCurl), and six embedded web servers (offline). Every node fetches
 * pages of every origin; each origin's sharded entity runs them all on the one node that owns it.
 * The sample prints who owns what, streams a 32 MiB page (past the message cap) from its owner to
 * the first node, then lets the third node leave gracefully (its origins drain and move) and
 * crawls again from the other two. Flags: {@code --pages N} per origin and node (10 by
 * default), {@code --trace}. Exit status 0 when every page was fetched, 1 otherwise.
 */
public final class ClusterCrawl {
    private static final int NODES = 3;
    private static final int ORIGINS = 6;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** The streamed page: far past the body cap of one message ({@code konnect.curl.cluster.max-body-bytes}). */
    private static final int BIG_PAGE = 32 << 20;
    private static final int MESSAGE_CAP = 192 << 10;

    private ClusterCrawl() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the sample, printing to {@code out}; returns the exit status. */
    public static int run(String[] args, PrintStream out) {
        int pages = 10;
        boolean trace = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--pages") && i + 1 < args.length && args[i + 1].matches("\\d{1,4}")) {
                pages = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--trace")) {
                trace = true;
            } else {
                out.println("usage: ClusterCrawl [--pages N] [--trace]");
                return 2;
            }
        }
        List<LoopbackHttpServer> servers = new ArrayList<>();
        List<ActorSystem<Void>> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < ORIGINS; i++) servers.add(LoopbackHttpServer.start());
            startNodes(nodes);
            out.println("cluster of " + NODES + " nodes up: " + nodes.stream().map(ClusterCrawl::address).toList());
            int failed = crawl(nodes, servers, pages, out);
            failed += streamBigPage(nodes.get(0), servers.get(0), out);
            ActorSystem<Void> leaving = nodes.get(NODES - 1);
            out.println("node " + address(leaving) + " leaves: its origins drain, then move to the others");
            Cluster.get(leaving).manager().tell(new Leave(Cluster.get(leaving).selfMember().address()));
            leaving.getWhenTerminated().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            failed += crawl(nodes.subList(0, NODES - 1), servers, pages, out);
            out.println(failed == 0 ? "done: every page fetched" : "done: " + failed + " pages failed");
            return failed == 0 ? 0 : 1;
        } catch (Exception e) {
            out.println("error: " + e);
            if (trace) e.printStackTrace(out);
            return 1;
        } finally {
            nodes.forEach(ActorSystem::terminate);
            for (ActorSystem<Void> node : nodes) node.getWhenTerminated().toCompletableFuture().join();
            servers.forEach(LoopbackHttpServer::close);
        }
    }

    /** The nodes: the first is the seed; each starts ClusterCurl (its pool and its share of the origins). */
    private static void startNodes(List<ActorSystem<Void>> nodes) throws Exception {
        int seed = freePort();
        for (int i = 0; i < NODES; i++) {
            String config = "pekko.actor.provider = cluster\n"
                    + "pekko.loglevel = WARNING\n"   // the cluster's info lines (joining, gossip) would crowd the output
                    + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                    + "pekko.remote.artery.canonical.port = " + (i == 0 ? seed : freePort()) + "\n"
                    + "pekko.cluster.seed-nodes = [\"pekko://crawl@127.0.0.1:" + seed + "\"]\n"
                    + "pekko.cluster.jmx.enabled = off\n"
                    + "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
                    + "konnect.curl.pool.size = 1\n";   // three nodes in one JVM: one MultiActor each
            ActorSystem<Void> node = ActorSystem.create(Behaviors.empty(), "crawl",
                    ConfigFactory.parseString(config).withFallback(ConfigFactory.load()));
            nodes.add(node);
            ClusterCurl.get(node);
        }
        await(() -> nodes.stream().allMatch(n -> Cluster.get(n).state().members().count(m -> m.status() == MemberStatus.up()) == NODES),
                "every node to see " + NODES + " members up");
        // Shards go to the regions the coordinator knows: wait for all, so that the origins spread over every node.
        await(() -> regions(nodes.get(0)) == NODES, NODES + " shard regions");
    }

    private static int regions(ActorSystem<Void> node) throws Exception {
        ShardRegion.ClusterShardingStats stats = AskPattern.<GetClusterShardingStats, ShardRegion.ClusterShardingStats>ask(
                ClusterSharding.get(node).shardState().narrow(),
                replyTo -> new GetClusterShardingStats(OriginEntity.TYPE_KEY, Duration.ofSeconds(3), replyTo),
                Duration.ofSeconds(5), node.scheduler()).toCompletableFuture().get();
        return stats.getRegions().size();
    }

    /** Every node fetches {@code pages} pages of every origin; prints who owned each origin. */
    private static int crawl(List<ActorSystem<Void>> nodes, List<LoopbackHttpServer> servers, int pages, PrintStream out)
            throws Exception {
        List<CompletableFuture<TransferReply.Completed>> fetches = new ArrayList<>();
        List<String> from = new ArrayList<>();
        for (ActorSystem<Void> node : nodes) {
            for (LoopbackHttpServer server : servers) {
                for (int p = 0; p < pages; p++) {
                    TransferDescription page = TransferDescription.get(server.url("/bytes/" + (1000 + 37 * p)))
                            .withHeader("User-Agent", "ClusterCrawl").withOption("TIMEOUT_MS", 30_000L);
                    fetches.add(ClusterCurl.get(node).execute(page).toCompletableFuture());
                    from.add(address(node));
                }
            }
        }
        Map<String, String> owners = new TreeMap<>();
        int local = 0;
        int failed = 0;
        for (int i = 0; i < fetches.size(); i++) {
            try {
                TransferReply.Completed page = fetches.get(i).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                owners.put(TransferDescription.get(page.info().effectiveUrl()).origin(), page.node());
                if (page.node().equals(from.get(i))) local++;
            } catch (java.util.concurrent.ExecutionException e) {
                failed++;
                out.println("error: " + (e.getCause() instanceof ClusterTransferException c ? c.getMessage() : e.getCause()));
            }
        }
        out.println("crawled " + (fetches.size() - failed) + " pages from " + nodes.size() + " nodes: " + local
                + " ran on the requesting node, " + (fetches.size() - failed - local) + " on another");
        out.println("  origin                      owner");
        owners.forEach((origin, owner) -> out.printf("  %-27s %s%n", origin, owner));
        return failed;
    }

    /**
     * A page far past the messages' body cap ({@code max-body-bytes}), streamed from its origin's
     * owner to {@code node}: the owner's CurlSource into a SourceRef, consumed here. Checks the
     * bytes against the server's pattern as they come; returns 0, or 1 if the body was wrong.
     */
    private static int streamBigPage(ActorSystem<Void> node, LoopbackHttpServer server, PrintStream out) throws Exception {
        int size = BIG_PAGE;
        byte[] expected = LoopbackHttpServer.pattern(size);
        Pair<CompletionStage<TransferReply.Completed>, CompletionStage<Integer>> run = ClusterCurl.get(node)
                .download(TransferDescription.get(server.url("/bytes/" + size)).withHeader("User-Agent", "ClusterCrawl"))
                .toMat(Sink.fold(0, (at, chunk) -> matched(expected, at, chunk)), Keep.both())
                .run(node);
        int received = run.second().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        TransferReply.Completed done = run.first().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        out.println("streamed " + received + " bytes (" + (size >> 20) + " MiB, past the " + (MESSAGE_CAP >> 10)
                + " KiB message cap) of " + server.url("/bytes/" + size) + " from " + done.node() + " to " + address(node));
        return received == size ? 0 : 1;
    }

    /** How many bytes matched {@code expected} after {@code chunk}, which came at {@code at}; -1 once one did not. */
    private static int matched(byte[] expected, int at, ByteString chunk) {
        if (at < 0 || at + chunk.size() > expected.length) return -1;
        for (int i = 0; i < chunk.size(); i++) {
            if (chunk.apply(i) != expected[at + i]) return -1;
        }
        return at + chunk.size();
    }

    private static String address(ActorSystem<?> node) {
        return Cluster.get(node).selfMember().address().toString();
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls the cluster's state (membership has no completion to wait on from outside actors). */
    private static void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
