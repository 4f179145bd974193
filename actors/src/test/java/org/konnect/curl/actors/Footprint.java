package org.konnect.curl.actors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.konnect.curl.Curl;

/**
 * What this process holds at one moment, from {@code /proc/self} (Linux): resident memory,
 * threads, and its open file descriptors split three ways: TCP sockets connected to the test
 * server's port (the client's ends, libcurl's), other sockets, and everything else. Also the
 * memory the JVM has committed (heap, non-heap) and the engine's live native objects.
 *
 * <p>Sockets are split because the test server's ends close late: a NIO channel closed while
 * registered with a selector keeps its descriptor until the selector's next pass, after the
 * server has reported the connection closed. The client's ends close when libcurl closes them.
 */
record Footprint(long rssKb, int threads, int fds, int clientSockets, int otherSockets, long heapCommittedKb,
                 long nonHeapCommittedKb, long nativeObjects) {

    /** Descriptors that are not sockets. */
    int nonSocketFds() {
        return fds - clientSockets - otherSockets;
    }

    static Footprint now(int serverPort) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Map<Long, Integer> remotePorts = tcpRemotePorts();
        int fds = 0;
        int client = 0;
        int sockets = 0;
        try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) list::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue;   // closed while listed (the listing's own descriptor, a late close)
                }
                fds++;
                if (target.startsWith("socket:[")) {
                    long inode = Long.parseLong(target.substring(8, target.length() - 1));
                    if (remotePorts.getOrDefault(inode, -1) == serverPort) client++;
                    else sockets++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Footprint(status("VmRSS:"), (int) status("Threads:"), fds, client, sockets,
                memory.getHeapMemoryUsage().getCommitted() / 1024, memory.getNonHeapMemoryUsage().getCommitted() / 1024,
                Curl.liveNativeObjects());
    }

    /**
     * Whether the heap was committed and touched in full at start ({@code -Xms} = {@code -Xmx},
     * {@code -XX:+AlwaysPreTouch}): then it is resident from the start and RSS growth is native.
     */
    static boolean heapPreTouched() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        return ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch")
                && memory.getHeapMemoryUsage().getInit() == memory.getHeapMemoryUsage().getMax();
    }

    /** Socket inode → remote port, from the network namespace's TCP tables. */
    private static Map<Long, Integer> tcpRemotePorts() {
        Map<Long, Integer> ports = new HashMap<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) continue;
            try (Stream<String> lines = Files.lines(path)) {
                lines.skip(1).forEach(line -> {
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                    String[] f = line.trim().split("\\s+");
                    String remote = f[2];
                    ports.put(Long.parseLong(f[9]), Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16));
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ports;
    }

    private static long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + key + " in /proc/self/status");
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RSS %,d KiB (committed: heap %,d KiB, non-heap %,d KiB), %d threads, %d fds"
                        + " (%d client sockets, %d other sockets, %d others), %d native objects",
                rssKb, heapCommittedKb, nonHeapCommittedKb, threads, fds, clientSockets, otherSockets, nonSocketFds(),
                nativeObjects);
    }
}
