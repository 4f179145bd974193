package org.konnect.curl.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.konnect.curl.Curl;

/** The soak's checks and soak.md: trends, workloads, what was answered and cancelled, how it was measured. */
final class SoakReport {
    private final Soak soak;
    private final List<SoakLane.Stats> lanes;
    private final List<SoakSample> samples;
    private final List<SoakTrend> trends;
    private final SoakSample drained;
    private final SoakSample stopped;
    private final long cancelledInAll;

    SoakReport(Soak soak, List<SoakLane.Stats> lanes, List<SoakSample> samples, List<SoakTrend> trends, SoakSample drained,
               SoakSample stopped, long cancelledInAll) {
        this.soak = soak;
        this.lanes = lanes;
        this.samples = samples;
        this.trends = trends;
        this.drained = drained;
        this.stopped = stopped;
        this.cancelledInAll = cancelledInAll;
    }

    private long sum(java.util.function.Function<SoakLane.Stats, java.util.concurrent.atomic.AtomicLong> counter) {
        return lanes.stream().mapToLong(s -> counter.apply(s).get()).sum();
    }

    /** Transfers of stopped requesters that the MultiActor cancelled: every cancellation not asked for with Cancel. */
    long orphansCancelled() {
        return cancelledInAll - sum(s -> s.cancelled);
    }

    boolean allAnsweredOnce() {
        return lanes.stream().filter(s -> s.spec.kind() != SoakLane.Kind.STOP)
                .allMatch(s -> s.sent.get() == s.answered.get() && s.duplicates.get() == 0);
    }

    boolean checksPassed() {
        return allAnsweredOnce() && sum(s -> s.unexpected) == 0 && orphansCancelled() == sum(s -> s.stoppers)
                && drained.inFlight() == 0 && stopped.nativeObjects() == 0;
    }

    String verdict() {
        long notFlat = trends.stream().filter(t -> !t.flat()).count();
        return (checksPassed() ? "every check passed" : "CHECKS FAILED (see soak.md)") + "; "
                + (notFlat == 0 ? "every series flat" : notFlat + " series NOT flat (see soak.md)");
    }

    String subtitle() {
        long transfers = samples.get(samples.size() - 1).transfers();
        return String.format(Locale.ROOT, "%s: %.1f min, a sample every %.0f s, libcurl %s, %,d transfers; shaded: warm-up;"
                        + " dashed: least-squares line after it", command(), soak.seconds() / 60, soak.interval(), libcurl(),
                transfers);
    }

    private String command() {
        return "bench/run --soak " + soak.options().getOrDefault("label", String.format(Locale.ROOT, "%.0fs", soak.seconds()));
    }

    private static String libcurl() {
        return Curl.version().replaceAll("^libcurl/([^ ]+).*", "$1");
    }

    String markdown() throws IOException {
        StringBuilder m = new StringBuilder();
        m.append("# Konnect Curl soak — `").append(command()).append("`\n\n");
        m.append("**").append(verdict()).append("**\n\n");
        m.append("## Machine\n\n");
        String machine = soak.options().get("machine");
        if (machine != null && Files.exists(Path.of(machine))) {
            for (String line : Files.readAllLines(Path.of(machine))) m.append("- ").append(line).append('\n');
        }
        m.append("- libcurl loaded: ").append(Curl.version()).append('\n');
        m.append("- soak JVM: `").append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .append("`\n\n");

        m.append("## Trends\n\n");
        m.append(String.format(Locale.ROOT, "%d samples, one every %.0f s over %.1f minutes; the trends leave out the first %.0f s"
                        + " (warm-up: the JIT, connection caches, the allocator's first peaks) and fit a least-squares line to the"
                        + " %d samples after it. *Change* is what that line moves over its window; a series is *flat* when the"
                        + " change is at most 5 %% of its mean or at most %s (RSS), %s (fds), %s (threads), %s (native objects).%n%n",
                samples.size(), soak.interval(), soak.seconds() / 60, soak.warmupSeconds(), trends.get(0).samples(),
                "16 MiB", "16", "4", "16"));
        m.append("| series | mean | min | max | slope per hour | change over the window | flat |\n");
        m.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (SoakTrend t : trends) {
            boolean rss = t.series().equals("rss_kb");
            double k = rss ? 1024 : 1;
            String unit = rss ? " MiB" : "";
            m.append(String.format(Locale.ROOT, "| %s | %,.1f%s | %,.0f%s | %,.0f%s | %+,.2f%s | %+,.2f%s | %s |%n",
                    rss ? "RSS" : t.series().replace('_', ' '), t.mean() / k, unit, t.min() / k, unit, t.max() / k, unit,
                    t.slopePerHour() / k, unit, t.change() / k, unit, t.flat() ? "yes" : "**no**"));
        }
        m.append("\nEvery sample is in `soak.csv` (").append(SoakSample.CSV_HEADER.replace(",", ", "))
                .append("); `soak.png` draws the four series.\n\n");

        m.append("## Workloads\n\n");
        m.append("All through one `MultiActor` (reference.conf defaults) that lives for the whole run; each workload is a"
                + " requester actor paced by a timer (a rate, up to a number in flight).\n\n");
        m.append("| workload | what | URL | per s | max in flight | sent | answered | completed | cancelled | stopped requesters"
                + " | unexpected | MB |\n");
        m.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SoakLane.Stats s : lanes) {
            SoakLane.Spec spec = s.spec;
            String what = switch (spec.kind()) {
                case COMPLETE -> spec.version() == null ? "complete with 200" : "complete with 200, " + spec.version();
                case CANCEL -> "`Cancel` " + spec.cancelAfter().toMillis() + " ms after start";
                case STOP -> "requester stops on the first bytes";
            };
            m.append(String.format(Locale.ROOT, "| %s | %s | `%s` | %.0f | %s | %,d | %,d | %,d | %,d | %,d | %,d | %,.0f |%n",
                    spec.name(), what, spec.url(), spec.perSecond(), spec.kind() == SoakLane.Kind.STOP ? "-" : "" + spec.maxInFlight(),
                    s.sent.get(), s.answered.get(), s.completed.get(), s.cancelled.get(), s.stoppers.get(), s.unexpected.get(),
                    s.bytes.get() / 1e6));
        }

        m.append("\n## Checks\n\n");
        m.append("| check | result | passed |\n|---|---|---|\n");
        m.append(String.format(Locale.ROOT, "| every Process of the requesters that stayed answered exactly once | %,d sent, %,d"
                        + " answered, %d duplicates | %s |%n", sum(s -> s.sent) - sum(s -> s.stoppers),
                sum(s -> s.answered), sum(s -> s.duplicates), yes(allAnsweredOnce())));
        m.append(String.format(Locale.ROOT, "| no unexpected failure | %,d | %s |%n", sum(s -> s.unexpected),
                yes(sum(s -> s.unexpected) == 0)));
        m.append(String.format(Locale.ROOT, "| every stopped requester's transfer cancelled by the MultiActor's watch | %,d"
                        + " stopped, %,d cancelled | %s |%n", sum(s -> s.stoppers), orphansCancelled(),
                yes(orphansCancelled() == sum(s -> s.stoppers))));
        m.append(String.format(Locale.ROOT, "| drained: nothing in flight | %d in flight; %d native objects (the multi and its"
                + " handle pool), %d fds | %s |%n", drained.inFlight(), drained.nativeObjects(), drained.fds(),
                yes(drained.inFlight() == 0)));
        m.append(String.format(Locale.ROOT, "| MultiActor stopped: no native object left | %d native objects, %d fds, RSS %,d KiB |"
                + " %s |%n", stopped.nativeObjects(), stopped.fds(), stopped.rssKb(), yes(stopped.nativeObjects() == 0)));
        for (SoakLane.Stats s : lanes) {
            for (String p : s.problems) m.append("\n- ").append(s.spec.name()).append(": ").append(p);
        }

        m.append("\n\n## Method\n\n");
        m.append("RSS (`VmRSS`) and threads come from `/proc/self/status`, open descriptors from `/proc/self/fd`, native"
                + " objects from `Curl.liveNativeObjects()`, all of the soak's own JVM. That JVM has a fixed, pre-touched heap"
                + " (`-Xms` = `-Xmx`, `-XX:+AlwaysPreTouch`), so the heap is resident from the start and RSS growth is native"
                + " memory or the JIT's. Descriptors and native objects follow the transfers in flight (a socket and an easy"
                + " handle each); the stalled transfers' server runs in the same process (`SoakStallServer`, which closes its"
                + " end when the client goes away), so their descriptors count twice. Stopped requesters are children of their"
                + " workload's actor; the continuing `Process` each sends just before it stops is answered, at dead letters,"
                + " by the cancellation. Cancellations are counted in the requests' `failed` hook.\n");
        return m.toString();
    }

    private static String yes(boolean ok) {
        return ok ? "yes" : "**no**";
    }
}
