package org.konnect.curl.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.konnect.curl.Curl;

/**
 * One sample of the soak: what the process holds (from {@code /proc/self}: resident memory,
 * open file descriptors, threads; the engine's live native objects) and how far the load got.
 *
 * @param elapsedSeconds since the load started
 * @param inFlight transfers the lanes had pending when sampled
 * @param transfers transfers answered with their final reply so far
 * @param unexpected failures that were not asked for (not cancellations), so far
 */
record SoakSample(double elapsedSeconds, long rssKb, int fds, int threads, long nativeObjects, long inFlight, long transfers,
                  long unexpected) {
    static final String CSV_HEADER = "elapsed_s,rss_kb,fds,threads,native_objects,in_flight,transfers,unexpected_failures";
    /** The series that must stay flat, by CSV column name, in the order of the chart's panels. */
    static final List<String> SERIES = List.of("rss_kb", "fds", "threads", "native_objects");

    static SoakSample now(double elapsedSeconds, long inFlight, long transfers, long unexpected) {
        return new SoakSample(elapsedSeconds, status("VmRSS:"), openFds(), (int) status("Threads:"), Curl.liveNativeObjects(),
                inFlight, transfers, unexpected);
    }

    /** The value of one of {@link #SERIES}. */
    double value(String series) {
        return switch (series) {
            case "rss_kb" -> rssKb;
            case "fds" -> fds;
            case "threads" -> threads;
            case "native_objects" -> nativeObjects;
            default -> throw new IllegalArgumentException("no series " + series);
        };
    }

    String csv() {
        return String.format(java.util.Locale.ROOT, "%.1f,%d,%d,%d,%d,%d,%d,%d", elapsedSeconds, rssKb, fds, threads, nativeObjects,
                inFlight, transfers, unexpected);
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

    private static int openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count() - 1;   // not the listing's own descriptor
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
