package org.konnect.curl.bench;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.konnect.curl.Curl;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.Request;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.actors.MultiActorSettings;
import org.konnect.curl.actors.MultiAsk;

/**
 * The soak ({@code bench/run --soak DURATION}): mixed workloads through one long-lived
 * MultiActor for a while, sampling RSS, open file descriptors, threads and native objects at
 * a fixed interval; then it drains the load, checks that every Process was answered once, and
 * writes {@code soak.csv}, {@code soak.png} and {@code soak.md} with each series' trend.
 *
 * <pre>
 * Soak --seconds S [--interval I] --out DIR --small-url U --medium-url U --bulk-url U --slow-url U
 *      [--h2-url U [--h2-ca FILE] [--h2-prior]] [--rate-scale F] [--machine FILE]
 * </pre>
 *
 * Exit status: 0 when every check passed and every series is flat; 3 when a check failed
 * (a Process unanswered or answered twice, an unexpected failure); 4 when a series is not flat.
 */
public final class Soak {
    private final Map<String, String> o;
    private final double seconds;
    private final double interval;
    private final Path out;

    private Soak(Map<String, String> o) {
        this.o = o;
        this.seconds = Double.parseDouble(o.get("seconds"));
        this.interval = o.containsKey("interval") ? Double.parseDouble(o.get("interval")) : defaultInterval(seconds);
        this.out = Path.of(o.get("out"));
    }

    /** Once a minute; every 10 s for runs shorter than 10 minutes. */
    static double defaultInterval(double seconds) {
        return seconds < 600 ? 10 : 60;
    }

    /** The first samples, left out of the trends: a fifth of the run, at least one interval. */
    double warmupSeconds() {
        return Math.max(interval, seconds / 5);
    }

    public static void main(String[] args) throws Exception {
        int status = run(args);
        System.out.flush();
        Runtime.getRuntime().halt(status);   // the measurements are written; no shutdown hooks needed
    }

    /** Runs the soak; returns the exit status. */
    static int run(String[] args) throws Exception {
        return new Soak(Worker.options(args)).run();
    }

    /** The workloads, scaled by {@code --rate-scale}. */
    List<SoakLane.Spec> lanes(String stallUrl) {
        double k = Double.parseDouble(o.getOrDefault("rate-scale", "1"));
        List<SoakLane.Spec> lanes = new ArrayList<>();
        lanes.add(new SoakLane.Spec("small", SoakLane.Kind.COMPLETE, o.get("small-url"), null, null, 400 * k, 32, null));
        lanes.add(new SoakLane.Spec("medium", SoakLane.Kind.COMPLETE, o.get("medium-url"), null, null, 100 * k, 16, null));
        lanes.add(new SoakLane.Spec("bulk", SoakLane.Kind.COMPLETE, o.get("bulk-url"), null, null, 10 * k, 4, null));
        lanes.add(new SoakLane.Spec("slow", SoakLane.Kind.COMPLETE, o.get("slow-url"), null, null, 40 * k, 200, null));
        lanes.add(new SoakLane.Spec("cancelled", SoakLane.Kind.CANCEL, o.get("slow-url"), null, null, 10 * k, 50,
                Duration.ofSeconds(1)));
        lanes.add(new SoakLane.Spec("stalled", SoakLane.Kind.CANCEL, stallUrl, null, null, 10 * k, 100, Duration.ofSeconds(3)));
        lanes.add(new SoakLane.Spec("stopped", SoakLane.Kind.STOP, o.get("slow-url"), null, null, 5 * k, 0, null));
        if (o.containsKey("h2-url")) {
            HttpVersion v = o.containsKey("h2-prior") ? HttpVersion.HTTP_2_PRIOR_KNOWLEDGE : HttpVersion.HTTP_2TLS;
            lanes.add(new SoakLane.Spec("h2", SoakLane.Kind.COMPLETE, o.get("h2-url"), v, o.get("h2-ca"), 200 * k, 32, null));
        }
        return lanes;
    }

    private int run() throws Exception {
        Files.createDirectories(out);
        long cancelledBefore = SoakRequest.CANCELLED.get();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "soak", ConfigFactory.parseString(
                "pekko.loglevel = WARNING\npekko.log-dead-letters = off\npekko.log-dead-letters-during-shutdown = off")
                .withFallback(ConfigFactory.load()));
        ActorRef<MultiActor.Command> curl = MultiActor.spawn(system, "curl", MultiActorSettings.create(system));
        List<SoakLane.Stats> stats = new ArrayList<>();
        List<ActorRef<Object>> lanes = new ArrayList<>();
        List<SoakSample> samples = new ArrayList<>();
        SoakSample drained;
        SoakSample stopped;
        try (SoakStallServer stall = new SoakStallServer()) {
            for (SoakLane.Spec spec : lanes(stall.url())) {
                SoakLane.Stats s = new SoakLane.Stats(spec);
                stats.add(s);
                lanes.add(system.systemActorOf(SoakLane.create(curl, s), "lane-" + spec.name(), Props.empty()));
            }
            System.out.printf(Locale.ROOT, "soak: %s for %.0f s, a sample every %.0f s; libcurl %s%n",
                    String.join(", ", stats.stream().map(s -> s.spec.name()).toList()), seconds, interval, Curl.version());
            long t0 = System.nanoTime();
            for (int k = 0; ; k++) {
                long due = t0 + (long) (k * interval * 1e9);
                for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) LockSupport.parkNanos(left);
                SoakSample s = sample(t0, stats);
                samples.add(s);
                System.out.printf(Locale.ROOT, "soak: %6.0f s  RSS %,d KiB  fds %d  threads %d  native %d  in flight %d"
                                + "  transfers %,d  unexpected %d%n", s.elapsedSeconds(), s.rssKb(), s.fds(), s.threads(),
                        s.nativeObjects(), s.inFlight(), s.transfers(), s.unexpected());
                if ((k + 1) * interval > seconds + 1e-9) break;
            }
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (ActorRef<Object> lane : lanes) {
                CompletableFuture<Void> d = new CompletableFuture<>();
                lane.tell(new SoakLane.Drain(d));
                done.add(d);
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "soak: drained after %.1f s%n", (System.nanoTime() - t0) / 1e9);
            // A last request through the actor, after the stopped requesters' cancellations.
            MultiAsk.ask(system, curl, Request.toMemory(o.get("small-url")), Duration.ofSeconds(30)).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            drained = sample(t0, stats);
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        stopped = SoakSample.now(drained.elapsedSeconds(), 0, drained.transfers(), drained.unexpected());

        List<String> csv = new ArrayList<>();
        csv.add(SoakSample.CSV_HEADER);
        for (SoakSample s : samples) csv.add(s.csv());
        Files.write(out.resolve("soak.csv"), csv);
        List<SoakSample> window = samples.stream().filter(s -> s.elapsedSeconds() >= warmupSeconds()).toList();
        if (window.size() < 2) window = samples;
        List<SoakTrend> trends = new ArrayList<>();
        for (String series : SoakSample.SERIES) trends.add(SoakTrend.of(series, window));
        SoakReport report = new SoakReport(this, stats, samples, trends, drained, stopped, SoakRequest.CANCELLED.get() - cancelledBefore);
        Files.writeString(out.resolve("soak.md"), report.markdown());
        SoakChart.draw(samples, warmupSeconds(), trends, "Konnect Curl soak: one MultiActor, mixed workloads",
                report.subtitle(), out.resolve("soak.png"));
        System.out.println("soak: " + report.verdict());
        return !report.checksPassed() ? 3 : trends.stream().allMatch(SoakTrend::flat) ? 0 : 4;
    }

    private static SoakSample sample(long t0, List<SoakLane.Stats> stats) {
        long inFlight = 0;
        long transfers = 0;
        long unexpected = 0;
        for (SoakLane.Stats s : stats) {
            inFlight += s.pending.get();
            transfers += s.answered.get() + s.stoppers.get();
            unexpected += s.unexpected.get();
        }
        return SoakSample.now((System.nanoTime() - t0) / 1e9, inFlight, transfers, unexpected);
    }

    double seconds() {
        return seconds;
    }

    double interval() {
        return interval;
    }

    Map<String, String> options() {
        return o;
    }
}
