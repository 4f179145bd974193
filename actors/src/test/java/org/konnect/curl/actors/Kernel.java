package org.konnect.curl.actors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: what the kernel holds for this process's TCP sockets, and the process's resident memory. */
final class Kernel {
    private Kernel() {}

    /**
     * Bytes queued in the sockets of connections to or from {@code port} on loopback: received and
     * not yet read by the client side ({@code clientReceive}), or sent and not yet read by the peer.
     */
    static long queued(int port, boolean clientReceive) {
        long total = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/net/tcp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 5 || !f[1].contains(":")) continue;
                int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                String[] q = f[4].split(":");
                if (clientReceive && remote == port) total += Long.parseLong(q[1], 16);
                if (!clientReceive && local == port) total += Long.parseLong(q[0], 16);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return total;
    }

    /** VmRSS of this process, in bytes; -1 when unknown. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
