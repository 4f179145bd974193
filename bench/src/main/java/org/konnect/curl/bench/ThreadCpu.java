package org.konnect.curl.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-thread CPU time of this process from {@code /proc/self/task/<tid>/schedstat} (nanoseconds
 * on CPU, with the kernel's full resolution; the JMX process CPU time ticks in 10 ms steps),
 * for every thread — the JVM's own GC and JIT threads included — with its name.
 */
final class ThreadCpu {
    private ThreadCpu() {}

    /** tid → [name, nanoseconds]; empty where /proc is missing. */
    static Map<String, Object[]> snapshot() {
        Map<String, Object[]> m = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    long ns = Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split("\\s+")[0]);
                    m.put(task.getFileName().toString(), new Object[] {name, ns});
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return m;
    }

    /**
     * CPU used between two snapshots: the total, and the busiest threads as "name=ms;...".
     * Thread {@code replaceTid} (the measuring thread, whose /proc reads would count) is
     * counted as {@code replaceNanos} instead.
     */
    static Object[] delta(Map<String, Object[]> before, Map<String, Object[]> after, int top, String replaceTid,
                          long replaceNanos) {
        long total = 0;
        List<Object[]> per = new ArrayList<>();
        for (Map.Entry<String, Object[]> e : after.entrySet()) {
            Object[] b = before.get(e.getKey());
            long d = (Long) e.getValue()[1] - (b == null ? 0 : (Long) b[1]);
            if (e.getKey().equals(replaceTid)) d = replaceNanos;
            total += d;
            if (d > 0) per.add(new Object[] {e.getValue()[0], d});
        }
        per.sort((x, y) -> Long.compare((Long) y[1], (Long) x[1]));
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(top, per.size()); i++) {
            if (s.length() > 0) s.append(';');
            s.append(((String) per.get(i)[0]).replaceAll("[\\s,;=]", "_")).append('=')
                    .append(String.format(java.util.Locale.ROOT, "%.2f", (Long) per.get(i)[1] / 1e6));
        }
        return new Object[] {total, s.toString()};
    }

    /** The kernel thread id of the calling thread, or null where /proc is missing. */
    static String currentTid() {
        try {
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return link.getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * How long thread {@code tid} has waited, runnable, for a CPU so far (schedstat's second
     * field, nanoseconds; the kernel adds a wait when the thread gets the CPU again), or -1.
     */
    static long runDelayNanos(String tid) {
        if (tid == null) return -1;
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/self/task", tid, "schedstat")).trim().split("\\s+")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Voluntary + involuntary context switches of thread {@code tid} so far (each wake-up from a blocking wait is one), or -1. */
    static long contextSwitches(String tid) {
        if (tid == null) return -1;
        try {
            long n = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/task", tid, "status"))) {
                if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                    n += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return n;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
