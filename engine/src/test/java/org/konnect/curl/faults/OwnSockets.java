package org.konnect.curl.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * This process's open TCP sockets at either end of connections to one local port, as the kernel
 * lists them ({@code /proc/net/tcp*}, matched by inode with {@code /proc/self/fd}): the engine's
 * client sockets and the server's accepted ones, but not the listener, and not a connection
 * whose descriptor is closed (in {@code TIME_WAIT}, say). What a leaked socket would leave.
 */
final class OwnSockets {
    private static final String LISTEN = "0A";

    private OwnSockets() {}

    /** One line per open socket: local address, remote address, TCP state (hexadecimal, as the kernel shows them). */
    static List<String> on(int port) {
        Set<String> inodes = ownSocketInodes();
        List<String> found = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : lines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || !f[0].endsWith(":")) continue; // the header line
                boolean local = portOf(f[1]) == port && !f[3].equals(LISTEN);
                boolean remote = portOf(f[2]) == port;
                if ((local || remote) && inodes.contains(f[9])) found.add(f[1] + " -> " + f[2] + " state " + f[3]);
            }
        }
        return found;
    }

    private static int portOf(String hexAddressAndPort) {
        return Integer.parseInt(hexAddressAndPort.substring(hexAddressAndPort.lastIndexOf(':') + 1), 16);
    }

    private static Set<String> ownSocketInodes() {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed while listing (the listing's own descriptor, say)
                }
                if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inodes;
    }

    private static List<String> lines(Path table) {
        try {
            return Files.readAllLines(table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
