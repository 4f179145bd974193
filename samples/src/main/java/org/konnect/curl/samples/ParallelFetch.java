package org.konnect.curl.samples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.testservers.LoopbackHttpServer;

/**
 * Fetches many URLs concurrently through one {@link MultiActor}, with a live progress bar and a
 * summary table: per URL its status, size, time, HTTP version and whether it reused a
 * connection.
 *
 * <pre>
 * ParallelFetch [--quiet] [--trace] [--short] [--all] [URL...]
 * </pre>
 *
 * With no URL it starts two embedded {@link LoopbackHttpServer}s and fetches 200 generated files
 * of varied sizes from them (a third over HTTP/2 by h2c upgrade, some from a deliberately slow
 * endpoint): offline, in a few seconds. With URLs it fetches those, any protocol libcurl speaks.
 * A transfer fails on a libcurl error or an HTTP status of 400 or more; each failure is one
 * {@code error:} line ({@code --trace} adds the stack trace).
 *
 * <p>How it is built: the guardian actor of its own {@link ActorSystem} spawns one
 * {@code MultiActor} and keeps {@value #IN_FLIGHT} transfers in flight, sending the next
 * {@link MultiActor.Process} whenever a reply arrives. Each transfer is a {@link Fetch}, a small
 * {@link RequestProtocol} that counts the body bytes (feeding the progress bar) and reads the
 * transfer's info in {@code completed}.
 *
 * <p>Exit status: 0 when every transfer succeeded, 1 when some failed (a libcurl error, or an
 * HTTP status of 400 or more), 2 for bad arguments.
 */
public final class ParallelFetch {
    /** Transfers kept in flight at once; the others wait in the guardian, not in libcurl. */
    static final int IN_FLIGHT = 32;
    /** Rows of the summary table printed without {@code --all}. */
    static final int TABLE_ROWS = 20;
    static final int GENERATED = 200, GENERATED_SHORT = 12;

    static final String USAGE = String.join("\n",
            "usage: ParallelFetch [--quiet] [--trace] [--short] [--all] [URL...]",
            "  fetches the URLs concurrently through one MultiActor (any protocol libcurl speaks);",
            "  with no URL, fetches " + GENERATED + " generated files from embedded loopback servers (offline)",
            "  --quiet  no progress bar",
            "  --trace  print stack traces of errors",
            "  --short  a tiny run (" + GENERATED_SHORT + " generated files), for tests",
            "  --all    print every row of the summary table (default: the first and last " + TABLE_ROWS / 2
                    + ", and totals per status and HTTP version)",
            "exit status: 0 all transfers succeeded, 1 some failed, 2 bad arguments");

    private ParallelFetch() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the sample, printing to {@code out}; returns the exit status. */
    public static int run(String[] args, PrintStream out) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }
        if (options.help) {
            out.println(USAGE);
            return 0;
        }
        LoopbackHttpServer http1 = null, http2 = null;
        try {
            List<Fetch> fetches;
            out.println("Konnect Curl on " + Curl.version());
            if (options.urls.isEmpty()) {
                http1 = LoopbackHttpServer.start();
                http2 = LoopbackHttpServer.start();
                fetches = generated(http1, http2, options.shortRun ? GENERATED_SHORT : GENERATED);
                out.println("fetching " + fetches.size() + " generated files through one MultiActor, " + IN_FLIGHT
                        + " at a time, from two embedded servers:");
                out.println("  " + http1.url("/") + " over HTTP/1.1, " + http2.url("/") + " over HTTP/2 (h2c upgrade)");
            } else {
                fetches = new ArrayList<>();
                for (String url : options.urls) fetches.add(new Fetch(fetches.size(), url, null));
                out.println("fetching " + fetches.size() + " URL(s) through one MultiActor, up to " + IN_FLIGHT
                        + " at a time...");
            }
            Summary summary = fetchAll(fetches, options, out);
            summary.print(out, options);
            if (http1 != null) {
                out.println("the embedded servers accepted " + http1.acceptedConnections() + " (HTTP/1.1) and "
                        + http2.acceptedConnections() + " (HTTP/2) TCP connections");
            }
            return summary.failed() == 0 ? 0 : 1;
        } catch (Throwable e) {
            out.println("error: " + oneLine(e));
            if (options.trace) e.printStackTrace(out);
            return 1;
        } finally {
            if (http1 != null) http1.close();
            if (http2 != null) http2.close();
        }
    }

    /**
     * The generated workload: varied sizes, some from a slow endpoint; one file in three comes
     * over HTTP/2 from the second server. (Two servers keep HTTP/1.1 and HTTP/2 transfers on
     * separate connections: libcurl 7.88 mixes them up when an HTTP/2 upgrade request reuses, or
     * races with, an HTTP/1.1 connection to the same host.)
     */
    static List<Fetch> generated(LoopbackHttpServer http1, LoopbackHttpServer http2, int count) {
        List<Fetch> fetches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String path;
            if (count <= GENERATED_SHORT) {
                path = "/bytes/" + (1_000 + 7_919 * i);                               // 1 kB .. 90 kB
            } else {
                switch (i % 10) {
                    case 6: case 7: path = "/bytes/" + (200_000 + (i * 104_729) % 1_800_000); break;   // 0.2 .. 2 MB
                    case 8: path = "/bytes/" + (4_000_000 + (i % 5) * 1_000_000); break;               // 4 .. 8 MB
                    case 9: path = "/bytes/262144?chunk=16384&delayMs=40"; break;                       // slow: ~0.6 s
                    default: path = "/bytes/" + (1_000 + (i * 7_919) % 60_000);                        // 1 .. 61 kB
                }
            }
            // HTTP_2 over http:// is an h2c upgrade; libcurl 7.88.1 cannot reuse HTTP/2
            // prior-knowledge connections, so prior knowledge is not used.
            fetches.add(i % 3 == 2 ? new Fetch(i, http2.url(path), HttpVersion.HTTP_2)
                                   : new Fetch(i, http1.url(path), HttpVersion.HTTP_1_1));
        }
        return fetches;
    }

    // ---- the transfer ---------------------------------------------------------------------

    /** What one transfer reported. {@code version} is null for protocols other than HTTP. */
    record Result(int status, long bytes, Duration time, HttpVersion version, boolean reused, String scheme) {}

    /**
     * One download: counts the body (into its own total and the shared progress counter) and
     * reads the transfer's info when done. All its hooks run on the MultiActor's thread.
     */
    static final class Fetch implements RequestProtocol<Void, Result> {
        final int index;
        final String url;
        private final HttpVersion version;
        private LongAdder progress = new LongAdder();
        private long bytes;

        Fetch(int index, String url, HttpVersion version) {
            this.index = index;
            this.url = url;
            this.version = version;
        }

        @Override
        public void configureHandle(ConfigHandle h) {
            h.setopt(CurlOpt.URL, url);
            if (version != null) h.setopt(CurlOpt.HTTP_VERSION, version);
            // Wait for the first HTTP/2 connection to a host and multiplex on it, rather than
            // opening (and upgrading) one connection per transfer.
            if (version == HttpVersion.HTTP_2) h.setopt(CurlOpt.PIPEWAIT, true);
            h.setopt(CurlOpt.FOLLOWLOCATION, true);
            h.setopt(CurlOpt.MAXREDIRS, 10);
            h.setopt(CurlOpt.CONNECTTIMEOUT_MS, 10_000);
            h.setopt(CurlOpt.TIMEOUT_MS, 300_000);
            // Give up on a transfer that moves less than 1 byte/s for 30 s: a hung server.
            h.setopt(CurlOpt.LOW_SPEED_LIMIT, 1);
            h.setopt(CurlOpt.LOW_SPEED_TIME, 30);
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                int n = data.remaining();   // the body is counted, not kept
                bytes += n;
                progress.add(n);
                return n;
            });
        }

        @Override
        public Result completed(GetInfoHandle info) {
            String scheme = info.getinfo(CurlInfo.SCHEME);
            boolean http = scheme != null && scheme.toLowerCase(Locale.ROOT).startsWith("http");
            Integer connects = info.getinfo(CurlInfo.NUM_CONNECTS);
            return new Result(info.getinfo(CurlInfo.RESPONSE_CODE), bytes, info.getinfo(CurlInfo.TOTAL_TIME_T),
                    http ? info.getinfo(CurlInfo.HTTP_VERSION) : null, connects != null && connects == 0, scheme);
        }

        @Override
        public String toString() {
            return "Fetch[" + url + "]";
        }
    }

    // ---- the guardian actor ---------------------------------------------------------------

    /** Messages of the guardian. */
    sealed interface Msg {}

    /** A reply of the MultiActor, adapted. */
    record Replied(MultiActor.Reply<Void, Result> reply) implements Msg {}

    /** Redraw the progress bar. */
    enum Tick implements Msg { INSTANCE }

    /** One row of the summary: a result or an error. */
    record Row(Fetch fetch, Result result, CurlError error) {
        boolean ok() {
            return error == null && !httpError();
        }

        boolean httpError() {
            return result != null && result.version() != null && result.status() >= 400;
        }
    }

    private static Summary fetchAll(List<Fetch> fetches, Options options, PrintStream out) throws Exception {
        Progress progress = new Progress(out, fetches.size(), System.console() != null && out == System.out);
        for (Fetch f : fetches) f.progress = progress.bytes;
        CompletableFuture<Row[]> done = new CompletableFuture<>();
        Config config = ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.log-dead-letters = off")
                .withFallback(ConfigFactory.load());
        ActorSystem<Msg> system = ActorSystem.create(
                Behaviors.setup(ctx -> Behaviors.withTimers(timers -> guardian(ctx, timers, fetches, options, progress, done))),
                "parallel-fetch", config);
        try {
            CompletableFuture.anyOf(done, system.getWhenTerminated().toCompletableFuture()).get(30, TimeUnit.MINUTES);
            if (!done.isDone()) throw new IllegalStateException("the actor system stopped before every transfer ended");
            Row[] rows = done.get();
            return new Summary(List.of(rows), progress.elapsedNanos(), progress.bytes.sum());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the transfers did not end within 30 minutes");
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            progress.endLine();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Behavior<Msg> guardian(ActorContext<Msg> ctx, TimerScheduler<Msg> timers, List<Fetch> fetches,
                                          Options options, Progress progress, CompletableFuture<Row[]> done) {
        ActorRef<MultiActor.Command> curl = MultiActor.spawn(ctx, "curl");
        ctx.watch(curl);
        ActorRef<MultiActor.Reply<Void, Result>> replies =
                ctx.messageAdapter((Class) MultiActor.Reply.class, reply -> new Replied((MultiActor.Reply<Void, Result>) reply));
        Row[] rows = new Row[fetches.size()];
        int[] sent = {0};
        int[] finished = {0};
        Runnable sendNext = () -> curl.tell(new MultiActor.Process<>(fetches.get(sent[0]++), replies));
        while (sent[0] < Math.min(IN_FLIGHT, fetches.size())) sendNext.run();
        if (fetches.isEmpty()) {
            done.complete(rows);
            return Behaviors.stopped();
        }
        if (!options.quiet) timers.startTimerAtFixedRate(Tick.INSTANCE, progress.interval());

        return Behaviors.receive(Msg.class)
                .onMessage(Replied.class, r -> {
                    MultiActor.Reply<Void, Result> reply = r.reply();
                    Fetch fetch = (Fetch) reply.request();
                    if (reply instanceof MultiActor.Update) {          // Fetch has no updates; continue anyway
                        curl.tell(new MultiActor.Process<>(fetch, replies));
                        return Behaviors.same();
                    }
                    rows[fetch.index] = reply instanceof MultiActor.Completed<Void, Result> c
                            ? new Row(fetch, c.result(), null)
                            : new Row(fetch, null, ((MultiActor.Failed<Void, Result>) reply).error());
                    progress.done++;
                    if (sent[0] < fetches.size()) sendNext.run();
                    if (++finished[0] < fetches.size()) return Behaviors.same();
                    if (!options.quiet) progress.finish();
                    done.complete(rows);
                    return Behaviors.stopped();
                })
                .onMessage(Tick.class, t -> {
                    progress.draw(false);
                    return Behaviors.same();
                })
                .onSignal(ChildFailed.class, failed -> {
                    done.completeExceptionally(new IllegalStateException("the MultiActor failed: " + oneLine(failed.cause()),
                            failed.cause()));
                    return Behaviors.stopped();
                })
                .onSignal(Terminated.class, stopped -> {
                    done.completeExceptionally(new IllegalStateException("the MultiActor stopped unexpectedly"));
                    return Behaviors.stopped();
                })
                .build();
    }

    // ---- progress -------------------------------------------------------------------------

    /**
     * The progress line. On a terminal it is redrawn in place with {@code '\r'} at most every
     * 100 ms; otherwise (a pipe, a log file) a new line is printed every second.
     */
    static final class Progress {
        private static final int BAR = 30;
        private final PrintStream out;
        private final int total;
        private final boolean terminal;
        private final long start = System.nanoTime();
        final LongAdder bytes = new LongAdder();   // added to by the MultiActor's thread
        int done;                                   // the guardian's
        private int lastWidth;

        Progress(PrintStream out, int total, boolean terminal) {
            this.out = out;
            this.total = total;
            this.terminal = terminal;
        }

        Duration interval() {
            return terminal ? Duration.ofMillis(100) : Duration.ofSeconds(1);
        }

        long elapsedNanos() {
            return System.nanoTime() - start;
        }

        void draw(boolean last) {
            String line = line(done, total, bytes.sum(), elapsedNanos());
            if (terminal) {
                int pad = Math.max(0, lastWidth - line.length());
                out.print("\r" + line + " ".repeat(pad) + (last ? "\n" : ""));
                lastWidth = line.length();
            } else {
                out.println(line);
            }
            out.flush();
        }

        void finish() {
            draw(true);
            lastWidth = 0;
        }

        /** Ends a progress line left open on a terminal (a run that ended early), so that what follows starts a line. */
        void endLine() {
            if (terminal && lastWidth > 0) out.println();
            lastWidth = 0;
        }

        /** {@code [#######.......]  150/300 transfers   123.4 MB   45.6 MB/s}. */
        static String line(int done, int total, long bytes, long elapsedNanos) {
            int filled = total == 0 ? BAR : (int) ((long) BAR * done / total);
            double seconds = Math.max(elapsedNanos, 1) / 1e9;
            return String.format(Locale.ROOT, "[%s%s] %5d/%d transfers %10s %8.1f MB/s",
                    "#".repeat(filled), ".".repeat(BAR - filled), done, total, size(bytes), bytes / 1e6 / seconds);
        }
    }

    // ---- summary --------------------------------------------------------------------------

    record Summary(List<Row> rows, long elapsedNanos, long bytes) {
        long failed() {
            return rows.stream().filter(r -> !r.ok()).count();
        }

        private void printRow(PrintStream out, int i) {
            Row row = rows.get(i);
            Result r = row.result();
            if (r == null) {
                out.printf(Locale.ROOT, "%5d  %-6s %10s %10s  %-8s %-6s  %s%n", i + 1, "failed", "-", "-", "-", "-", row.fetch().url);
            } else {
                out.printf(Locale.ROOT, "%5d  %-6d %10s %10s  %-8s %-6s  %s%n", i + 1, r.status(), size(r.bytes()),
                        millis(r.time()), version(r), r.reused() ? "reused" : "new", row.fetch().url);
            }
        }

        void print(PrintStream out, Options options) {
            out.println();
            boolean all = options.all || rows.size() <= TABLE_ROWS;
            int head = all ? rows.size() : TABLE_ROWS / 2;      // without --all: the first and the last rows
            out.printf(Locale.ROOT, "%5s  %-6s %10s %10s  %-8s %-6s  %s%n", "#", "status", "size", "time", "version", "conn", "url");
            for (int i = 0; i < head; i++) printRow(out, i);
            if (!all) {
                out.printf(Locale.ROOT, "  ... %d more rows not shown (--all prints every row) ...%n", rows.size() - TABLE_ROWS);
                for (int i = rows.size() - (TABLE_ROWS - head); i < rows.size(); i++) printRow(out, i);
                out.printf(Locale.ROOT, "all %d transfers by status and HTTP version:%n", rows.size());
                Map<String, long[]> groups = new TreeMap<>();
                for (Row row : rows) {
                    Result r = row.result();
                    String key = r == null ? "failed" : String.format(Locale.ROOT, "%-6d %-8s", r.status(), version(r));
                    long[] g = groups.computeIfAbsent(key, k -> new long[4]);
                    g[0]++;
                    if (r != null) {
                        g[1] += r.bytes();
                        g[2] += r.reused() ? 1 : 0;
                        g[3] += r.time().toNanos();
                    }
                }
                for (Map.Entry<String, long[]> e : groups.entrySet()) {
                    long[] g = e.getValue();
                    out.printf(Locale.ROOT, "       %-15s %5d transfers %10s  %5d reused a connection, average time %s%n",
                            e.getKey(), g[0], size(g[1]), g[2], millis(Duration.ofNanos(g[0] == 0 ? 0 : g[3] / g[0])));
                }
            }
            for (Row row : rows) {
                if (row.error() != null) {
                    out.println("error: " + row.fetch().url + ": " + row.error().getMessage());
                    if (options.trace) row.error().printStackTrace(out);
                } else if (row.httpError()) {
                    out.println("error: " + row.fetch().url + ": HTTP status " + row.result().status());
                }
            }
            long reused = rows.stream().filter(r -> r.result() != null && r.result().reused()).count();
            double seconds = elapsedNanos / 1e9;
            out.printf(Locale.ROOT, "total: %d transfers, %d ok, %d failed; %s in %.2f s (%.1f MB/s); %d reused a connection%n",
                    rows.size(), rows.size() - failed(), failed(), size(bytes), seconds, bytes / 1e6 / Math.max(seconds, 1e-9),
                    reused);
        }
    }

    static String version(Result r) {
        if (r.version() == null) return r.scheme() == null ? "-" : r.scheme().toUpperCase(Locale.ROOT);
        switch (r.version()) {
            case HTTP_1_0: return "HTTP/1.0";
            case HTTP_1_1: return "HTTP/1.1";
            case HTTP_2: return "HTTP/2";
            case HTTP_3: return "HTTP/3";
            default: return r.version().name();
        }
    }

    /** Decimal units, as the rate in MB/s. */
    static String size(long bytes) {
        if (bytes < 1_000) return bytes + " B";
        if (bytes < 1_000_000) return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        if (bytes < 1_000_000_000) return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }

    /** An error as one line: a CurlError or our own message as it is, anything else with its type. */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null) return e.getClass().getSimpleName();
        boolean plain = e instanceof CurlError || e instanceof IllegalStateException || e instanceof IllegalArgumentException;
        return plain ? message : e.getClass().getSimpleName() + ": " + message;
    }

    // ---- arguments ------------------------------------------------------------------------

    static final class Options {
        boolean quiet, trace, shortRun, all, help;
        final List<String> urls = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (String a : args) {
                switch (a) {
                    case "--quiet": o.quiet = true; break;
                    case "--trace": o.trace = true; break;
                    case "--short": o.shortRun = true; break;
                    case "--all": o.all = true; break;
                    case "-h": case "--help": o.help = true; break;
                    default:
                        if (a.startsWith("-")) throw new IllegalArgumentException("unknown option " + a);
                        if (a.isBlank()) throw new IllegalArgumentException("empty URL");
                        o.urls.add(a);
                }
            }
            return o;
        }
    }
}
