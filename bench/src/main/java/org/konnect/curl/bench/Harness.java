package org.konnect.curl.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs every workload in interleaved rounds of every contender (each contender in a process of
 * its own, alive across the rounds; see {@link #runPlan} and {@link Rounds}), and writes
 * {@code results.csv}, {@code wakeup.csv}, {@code idle.csv}, {@code notes.md} and
 * {@code results.png}. Started by {@code bench/run}, which provides nginx and the C program.
 */
public final class Harness {
    static final List<String> CONTENDERS = List.of("c-epoll", "c-poll", "multi", "multiactor", "pekko-http", "pekko-http-single",
            "jdk-httpclient", "vertx", "reactor-netty", "jetty-client", "apache-async", "okhttp");
    /** The other JVM HTTP clients: attempted on {@code concurrent} in the full run only, with a shorter limit. */
    static final List<String> PEERS = List.of("pekko-http", "jdk-httpclient", "vertx", "reactor-netty", "jetty-client", "apache-async",
            "okhttp");
    /** Attempted on {@code concurrent} in the full run; the required ones are the C designs, multi and multiactor. */
    static final List<String> CONCURRENT = List.of("c-epoll", "c-poll", "multi", "multiactor", "pekko-http", "jdk-httpclient", "vertx",
            "reactor-netty", "jetty-client", "okhttp");
    /**
     * Not attempted on {@code concurrent}: Apache HttpClient 5's async client ran out of heap with
     * 10,000 connections in flight (at -Xmx256m and at -Xmx1g, about 100 KB of buffers per
     * connection; 2,000 complete), and a worker past its OutOfMemoryError waits out the whole
     * limit in every round.
     */
    static final Map<String, String> NOT_CONCURRENT = Map.of("apache-async",
            "not attempted: ran out of heap with 10,000 connections in flight, at -Xmx256m and at -Xmx1g (by hand)");
    /** Contenders that take no {@code --cacert}/{@code --http2}: left out of {@code small_https} and {@code h2}. */
    static final List<String> NO_TLS = List.of("pekko-http-single");
    static final String HEADER = "workload,contender,ops_per_s,mb_per_s,ratio_to_c,ratio_min,ratio_max,cpu_ms_per_op,peak_rss_mb";
    static final List<String> JVM_FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");
    static final List<String> JVM_FLAGS_CONCURRENT = List.of("-Xms256m", "-Xmx256m", "-XX:+UseG1GC");

    /**
     * Parameters of one throughput workload: {@code runs} rounds; {@code cacert} (or null) and
     * {@code http2} are passed to every contender; {@code freshPerRound}: a process per turn.
     */
    record Plan(String workload, String path, int count, int inflight, int warmup, int runs, long timeoutSeconds,
                List<String> contenders, String description, String cacert, boolean http2, boolean freshPerRound) {
        Plan(String workload, String path, int count, int inflight, int warmup, int runs, long timeoutSeconds,
             List<String> contenders, String description) {
            this(workload, path, count, inflight, warmup, runs, timeoutSeconds, contenders, description, null, false, false);
        }

        Plan tls(String caFile, boolean h2) {
            return new Plan(workload, path, count, inflight, warmup, runs, timeoutSeconds, contenders, description, caFile, h2,
                    freshPerRound);
        }

        Plan freshEachRound() {
            return new Plan(workload, path, count, inflight, warmup, runs, timeoutSeconds, contenders, description, cacert, http2,
                    true);
        }
    }

    /** One row of results.csv plus what the notes need. */
    static final class Row {
        final String workload, contender;
        Double opsPerS, mbPerS, ratio, ratioMin, ratioMax, cpuMsPerOp, peakRssMb, allocPerOp;
        String note = "";
        /** ops/s per round, in round order (NaN: not measured in that round). */
        List<Double> runOps = new ArrayList<>();

        Row(String workload, String contender) {
            this.workload = workload;
            this.contender = contender;
        }

        String csv() {
            return String.join(",", workload, contender, fmt(opsPerS, 1), fmt(mbPerS, 1), fmt(ratio, 3), fmt(ratioMin, 3),
                    fmt(ratioMax, 3), fmt(cpuMsPerOp, 4), fmt(peakRssMb, 1));
        }
    }

    private final Map<String, String> o;
    private final boolean quick;
    private final Path out;
    private final List<Row> rows = new ArrayList<>();
    private final List<String[]> wakeups = new ArrayList<>();
    /** What the bomb load of the wake-up run did, for the notes. */
    private String bombs = "";
    private final List<String[]> idles = new ArrayList<>();
    private final List<String[]> performTimes = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final List<Plan> plans = new ArrayList<>();
    /** pool-N's ops/s over pool-1's (the median of the rounds' and their spread), or null when not measured. */
    private Rounds.Summary poolScaling;
    /** Each plan's rounds' orders, for the notes. */
    private final Map<String, List<String>> roundOrders = new LinkedHashMap<>();

    private Harness(Map<String, String> o) {
        this.o = o;
        this.quick = "quick".equals(o.get("mode"));
        this.out = Path.of(o.get("out"));
    }

    public static void main(String[] args) throws Exception {
        new Harness(Worker.options(args)).runAll();
    }

    private void runAll() throws Exception {
        long started = System.nanoTime();
        int runs = quick ? 3 : 5;
        plans.add(new Plan("small", "/100b.bin", 20_000, 64, quick ? 60_000 : 100_000, runs, 600, CONTENDERS,
                "20,000 GETs of a 100 B file, 64 in flight, 64 connections"));
        plans.add(new Plan("bulk", "/1m.bin", quick ? 1_000 : 2_000, 16, quick ? 500 : 1_000, runs, 900, CONTENDERS,
                (quick ? "1,000" : "2,000") + " GETs of a 1 MiB file, 16 in flight, 16 connections, every byte touched in a callback"));
        String cacert = o.get("cacert");
        if (cacert != null && o.get("tls-base") != null && o.get("h2-base") != null) {
            List<String> tls = CONTENDERS.stream().filter(c -> !NO_TLS.contains(c)).toList();
            // Fewer in --quick: the peers are slow here (pekko-http's HTTP/2 client about 2,000 GETs/s on 2 cores).
            int count = quick ? 10_000 : 20_000;
            String counted = quick ? "10,000" : "20,000";
            plans.add(new Plan("small_https", "/100b.bin", count, 64, quick ? 10_000 : 40_000, runs, 600, tls,
                    counted + " GETs of a 100 B file over HTTPS (TLS 1.3, HTTP/1.1, keep-alive), 64 in flight, 64 connections")
                    .tls(cacert, false));
            plans.add(new Plan("h2", "/100b.bin", count, 100, quick ? 10_000 : 40_000, runs, 600, tls,
                    counted + " GETs of a 100 B file over HTTP/2 (TLS 1.3), 100 in flight as streams multiplexed on one connection")
                    .tls(cacert, true));
        }
        // A warm-up of 48 transfers (3 GiB): after 16, CurlSource still ran a third slower than it did from
        // the third measured run on (C2 still compiling the stream path).
        plans.add(new Plan("stream", "/64m.bin", 16, 1, 48, runs, 900, List.of("c-epoll", "c-poll", "multiactor", "stream", "stream-touch"),
                "16 GETs of a 64 MiB file one after another (1 GiB): the C programs and the MultiActor touch every byte in "
                        + "the write callback; `stream` runs each as a `CurlSource` into `Sink.ignore()` (the source's copy into "
                        + "a `ByteString` reads every byte), `stream-touch` into a sink that touches every byte of every element"));
        plans.add(new Plan("concurrent", "/slow/3k.bin", 10_000, 10_000, 1_000, runs, 400,
                quick ? List.of("c-epoll", "c-poll", "multi", "multiactor") : CONCURRENT,
                "10,000 transfers in flight at once, each 3 KiB at 1 KiB/s from nginx (limit_rate), JVM heap -Xmx256m; "
                        + "a process per contender and round (warm-up included), so that no contender's 10,000 idle "
                        + "connections stay open in nginx while the others run").freshEachRound());
        plans.removeIf(plan -> !wanted(plan.workload()));
        for (Plan plan : plans) runPlan(plan, base(plan) + plan.path());
        if (wanted("pool")) runPool(runs);
        if (wanted("concurrent")) {
            for (String peer : PEERS) {
                if (!quick && !NOT_CONCURRENT.containsKey(peer)) continue;
                Row row = new Row("concurrent", peer);
                row.note = NOT_CONCURRENT.getOrDefault(peer, "skipped in --quick (attempted in the full run)");
                rows.add(row);
            }
        }
        if (wanted("concurrent")) {
            Row single = new Row("concurrent", "pekko-http-single");
            single.note = "skipped (supplementary contender; pekko-http covers Pekko HTTP here)";
            rows.add(single);
        }
        if (wanted("idle")) runIdle();
        if (wanted("wakeup")) runWakeup();
        if (wanted("perform-times")) runPerformTimes();
        writeResults();
        writeNotes((System.nanoTime() - started) / 1e9);
        Chart.draw(rows, wakeups, out.resolve("results.png"), o.get("mode"), machineLine());
        System.out.println("harness: total " + String.format(Locale.ROOT, "%.0f", (System.nanoTime() - started) / 1e9) + " s");
    }

    // ---- throughput workloads: interleaved rounds ---------------------------------------------

    /**
     * Runs a plan in rounds. Every contender's process starts once and warms up (one after the
     * other, so that warm-ups do not compete); then each round asks every live process for one
     * measured run, in the order {@link Rounds#rotation} gives that round. A process stays alive
     * across the rounds, so its JIT warm-up is done once, as in the users' long-lived services;
     * with {@code freshPerRound} (concurrent: each contender would otherwise keep its 10,000
     * idle connections open in nginx during the others' rounds) it is started, warmed up and ended
     * within its turn of each round instead. Ratios are then taken within each round
     * ({@link #summarize}).
     */
    private void runPlan(Plan plan, String url) throws Exception {
        Map<String, RoundProcess> live = new LinkedHashMap<>();
        Map<String, List<Map<String, String>>> perRound = new LinkedHashMap<>();
        Map<String, Harness.Outcome> outcomes = new HashMap<>();
        Map<String, String> problems = new HashMap<>();
        for (String contender : plan.contenders()) perRound.put(contender, new ArrayList<>());
        if (!plan.freshPerRound()) {
            for (String contender : plan.contenders()) {
                RoundProcess p = startContender(plan, contender, url);
                live.put(contender, p);
                if (!p.awaitWarmup(timeout(plan, contender))) problems.put(contender, "warm-up: " + p.problem);
            }
        }
        List<String> orders = new ArrayList<>();
        for (int round = 0; round < plan.runs(); round++) {
            List<String> order = Rounds.rotation(plan.contenders(), round);
            orders.add(String.join(" → ", order));
            System.out.println("harness: " + plan.workload() + " round " + (round + 1) + " of " + plan.runs() + ": " + order);
            for (String contender : order) {
                RoundProcess p = live.get(contender);
                if (plan.freshPerRound()) {
                    p = startContender(plan, contender, url);
                    if (!p.awaitWarmup(timeout(plan, contender))) problems.merge(contender, "warm-up: " + p.problem, Harness::and);
                }
                Map<String, String> line = p.usable() ? p.run(timeout(plan, contender)) : null;
                perRound.get(contender).add(line);   // null: no measurement in this round
                if (line == null && !p.problem.isEmpty() && !problems.containsKey(contender)) {
                    problems.put(contender, "round " + (round + 1) + ": " + p.problem);
                }
                if (plan.freshPerRound()) outcomes.merge(contender, p.finish(), Harness::merge);
            }
        }
        for (Map.Entry<String, RoundProcess> e : live.entrySet()) outcomes.put(e.getKey(), e.getValue().finish());
        roundOrders.put(plan.workload(), orders);
        summarize(plan, perRound, outcomes, problems);
    }

    /** Whether {@code --only} (a comma-separated list of workloads) leaves this one in; all are without it. */
    private boolean wanted(String workload) {
        String only = o.get("only");
        return only == null || List.of(only.split(",")).contains(workload);
    }

    /** The server a plan's GETs go to: nginx's HTTP/2 port, its HTTPS (HTTP/1.1) port, or its plain one. */
    private String base(Plan plan) {
        return plan.http2() ? o.get("h2-base") : plan.cacert() != null ? o.get("tls-base") : o.get("base");
    }

    private long timeout(Plan plan, String contender) {
        boolean required = Rounds.isC(contender) || contender.equals("multi") || contender.equals("multiactor");
        return plan.workload().equals("concurrent") && !required ? 180 : plan.timeoutSeconds();
    }

    private RoundProcess startContender(Plan plan, String contender, String url) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Rounds.isC(contender)) {
            cmd.addAll(List.of(o.get("cbench"), "run", url, "" + plan.count(), "" + plan.inflight(), "" + plan.warmup(), "0"));
            if (contender.equals("c-poll")) cmd.add("--poll");
        } else {
            cmd.addAll(java(plan.workload().equals("concurrent") ? JVM_FLAGS_CONCURRENT : JVM_FLAGS));
            cmd.addAll(List.of("org.konnect.curl.bench.Worker", "run", "--contender", contender, "--url", url,
                    "--count", "" + plan.count(), "--inflight", "" + plan.inflight(), "--warmup", "" + plan.warmup()));
        }
        if (plan.cacert() != null) cmd.addAll(List.of("--cacert", plan.cacert()));
        if (plan.http2()) cmd.add("--http2");
        cmd.add("--stdin");
        System.out.println("harness: " + plan.workload() + "/" + contender + " starting and warming up ...");
        if (!plan.freshPerRound() || !log.contains(logLine(cmd))) log.add(logLine(cmd));
        return RoundProcess.start(plan.workload() + "/" + contender, cmd, out);
    }

    private String logLine(List<String> cmd) {
        return "$ " + String.join(" ", cmd).replace(o.get("classpath"), "$CLASSPATH") + "   # stdin: run (per round), quit";
    }

    private static String and(String a, String b) {
        return a + "; " + b;
    }

    /** Two outcomes of fresh processes of one contender, as one: the last end line, the worst exit. */
    private static Harness.Outcome merge(Harness.Outcome a, Harness.Outcome b) {
        Harness.Outcome m = new Harness.Outcome();
        m.stdout.addAll(a.stdout);
        m.stdout.addAll(b.stdout);
        m.exitCode = a.exitCode != 0 ? a.exitCode : b.exitCode;
        m.timedOut = a.timedOut || b.timedOut;
        m.errorTail = b.errorTail.isEmpty() ? a.errorTail : b.errorTail;
        return m;
    }

    /**
     * The rows of a plan from its rounds: each contender's figures are medians over the rounds;
     * its ratio is the median of its per-round ratios to that round's ceiling {@code c}, the faster
     * of the C designs in the same round, with their min-max spread. The ceiling gets a row of its
     * own ({@code c}) before the contenders'.
     */
    private void summarize(Plan plan, Map<String, List<Map<String, String>>> perRound, Map<String, Harness.Outcome> outcomes,
                           Map<String, String> problems) {
        Map<String, List<Double>> ops = new LinkedHashMap<>();
        for (Map.Entry<String, List<Map<String, String>>> e : perRound.entrySet()) {
            List<Double> v = new ArrayList<>();
            for (Map<String, String> line : e.getValue()) v.add(line == null ? Double.NaN : perSecond(line, "ops"));
            ops.put(e.getKey(), v);
        }
        List<List<Double>> designs = new ArrayList<>();
        for (String c : Rounds.C_DESIGNS) if (ops.containsKey(c)) designs.add(ops.get(c));
        List<Double> ceiling = designs.isEmpty() ? null : Rounds.ceiling(designs, plan.runs());
        if (ceiling != null) {
            Row c = new Row(plan.workload(), "c");
            c.runOps.addAll(ceiling);
            Rounds.Summary s = Rounds.Summary.of(ceiling);
            c.opsPerS = nullIfNaN(s.median());
            c.ratio = s.n() > 0 ? 1.0 : null;
            List<String> fastest = new ArrayList<>();
            for (int r = 0; r < plan.runs(); r++) {
                String best = "";
                for (String d : Rounds.C_DESIGNS) {
                    Double v = ops.containsKey(d) ? ops.get(d).get(r) : null;
                    if (v != null && !v.isNaN() && v.equals(ceiling.get(r))) best = d;
                }
                fastest.add(best.isEmpty() ? "-" : best);
            }
            List<Double> mb = new ArrayList<>();
            for (int r = 0; r < plan.runs(); r++) {
                Map<String, String> line = fastest.get(r).equals("-") ? null : perRound.get(fastest.get(r)).get(r);
                mb.add(line == null ? Double.NaN : perSecond(line, "bytes") / 1e6);
            }
            c.mbPerS = nullIfNaN(Rounds.Summary.of(mb).median());
            c.note = "ceiling: the faster C design of each round (" + String.join(", ", fastest) + ")";
            rows.add(c);
        }
        for (String contender : plan.contenders()) {
            Row row = new Row(plan.workload(), contender);
            List<Map<String, String>> lines = perRound.get(contender);
            List<Double> mb = new ArrayList<>(), cpu = new ArrayList<>(), alloc = new ArrayList<>();
            long incomplete = 0;
            int measured = 0;
            for (Map<String, String> line : lines) {
                if (line == null) {
                    mb.add(Double.NaN);
                    cpu.add(Double.NaN);
                    alloc.add(Double.NaN);
                    continue;
                }
                measured++;
                double n = Double.parseDouble(line.get("ops"));
                mb.add(perSecond(line, "bytes") / 1e6);
                cpu.add(n > 0 ? Double.parseDouble(line.get("cpu_ns")) / 1e6 / n : Double.NaN);
                alloc.add(line.containsKey("alloc_bytes") && n > 0 ? Double.parseDouble(line.get("alloc_bytes")) / n : Double.NaN);
                incomplete += Long.parseLong(line.get("failed"));
            }
            row.runOps.addAll(ops.get(contender));
            row.opsPerS = nullIfNaN(Rounds.Summary.of(ops.get(contender)).median());
            row.mbPerS = nullIfNaN(Rounds.Summary.of(mb).median());
            row.cpuMsPerOp = nullIfNaN(Rounds.Summary.of(cpu).median());
            row.allocPerOp = nullIfNaN(Rounds.Summary.of(alloc).median());
            if (ceiling != null) {
                Rounds.Summary ratio = Rounds.Summary.of(Rounds.ratios(ops.get(contender), ceiling));
                row.ratio = nullIfNaN(ratio.median());
                row.ratioMin = nullIfNaN(ratio.min());
                row.ratioMax = nullIfNaN(ratio.max());
            }
            Harness.Outcome result = outcomes.get(contender);
            Map<String, String> end = result == null ? null : result.last("end");
            if (end != null) row.peakRssMb = Long.parseLong(end.get("peak_rss_kb")) / 1024.0;
            List<String> notes = new ArrayList<>();
            if (problems.containsKey(contender)) notes.add(problems.get(contender));
            if (result != null && result.exitCode != 0 && !result.timedOut) notes.add("exit code " + result.exitCode);
            if (incomplete > 0) notes.add(incomplete + " transfers did not complete with 200");
            if (measured < plan.runs()) notes.add(measured + " of " + plan.runs() + " rounds measured");
            if (!notes.isEmpty()) {
                String tail = result == null || result.errorTail.isEmpty() ? "" : " (stderr: " + result.errorTail + ")";
                row.note = String.join("; ", notes) + tail;
            } else if (plan.workload().equals("concurrent")) {
                row.note = "every transfer of every run completed (" + plan.runs() + " x 10,000)";
            }
            rows.add(row);
            System.out.println("harness: " + plan.workload() + " " + contender + ": " + fmt(row.opsPerS, 0) + " ops/s, "
                    + fmt(row.mbPerS, 1) + " MB/s, ratio " + ratioText(row) + ", rounds "
                    + row.runOps.stream().map(v -> fmt(v, 0)).toList() + (row.note.isEmpty() ? "" : " [" + row.note + "]"));
        }
    }

    private static double perSecond(Map<String, String> line, String key) {
        return Double.parseDouble(line.get(key)) / (Double.parseDouble(line.get("wall_ns")) / 1e9);
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** "0.93 (0.88-0.97)": the median of the per-round ratios and their spread. */
    static String ratioText(Row r) {
        if (r.ratio == null) return "";
        if (r.ratioMin == null || r.ratioMax == null || (r.ratioMin.equals(r.ratio) && r.ratioMax.equals(r.ratio))) {
            return fmt(r.ratio, 2);
        }
        return fmt(r.ratio, 2) + " (" + fmt(r.ratioMin, 2) + "-" + fmt(r.ratioMax, 2) + ")";
    }

    // ---- pool -------------------------------------------------------------------------------

    /** The origins of {@code pool}: bench/run's eight extra nginx server blocks, one port each. */
    static final int POOL_ORIGINS = 8;

    /**
     * {@code pool}: 100 B GETs to eight origins (eight nginx server blocks on eight ports) through a
     * MultiActorPool of 1 MultiActor and of N (the cores); the figure is pool-N's ops/s over
     * pool-1's, measured in the same run.
     */
    private void runPool(int runs) throws Exception {
        String bases = o.get("pool-bases");
        if (bases == null || bases.isEmpty()) return;
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> urls = new ArrayList<>();
        for (String base : bases.split(",")) urls.add(base + "/100b.bin");
        List<String> contenders = cores > 1 ? List.of("pool-1", "pool-" + cores) : List.of("pool-1");
        Plan plan = new Plan("pool", "/100b.bin", 20_000, 64, quick ? 60_000 : 100_000, runs, 600, contenders,
                "20,000 GETs of a 100 B file spread over " + urls.size() + " origins (nginx server blocks on "
                        + urls.size() + " ports, about 8 connections each), 64 in flight, through a MultiActorPool of 1 "
                        + "MultiActor and of " + cores + " (the cores), one requester actor");
        plans.add(plan);
        runPlan(plan, String.join(",", urls));
        Row one = find("pool", "pool-1");
        Row many = cores > 1 ? find("pool", "pool-" + cores) : null;
        if (one != null && many != null) {
            // per round, as the ratios to c are: pool-N over the pool-1 of the same round
            Rounds.Summary s = Rounds.Summary.of(Rounds.ratios(many.runOps, one.runOps));
            if (s.n() > 0) {
                poolScaling = s;
                many.note = (many.note.isEmpty() ? "" : many.note + "; ") + "scaling " + scalingText() + " x pool-1";
            }
        }
    }

    private String scalingText() {
        return fmt(poolScaling.median(), 2) + " (" + fmt(poolScaling.min(), 2) + "-" + fmt(poolScaling.max(), 2) + ")";
    }

    private Row find(String workload, String contender) {
        for (Row r : rows) if (r.workload.equals(workload) && r.contender.equals(contender)) return r;
        return null;
    }

    // ---- idle and wakeup --------------------------------------------------------------------

    private void runIdle() throws Exception {
        int seconds = 5;
        Outcome idle = exec("idle/multiactor", concat(java(JVM_FLAGS), List.of("org.konnect.curl.bench.Worker", "idle",
                "--seconds", "" + seconds)), 120);
        addIdle("idle", "multiactor", idle);
        String stallUrl = null;
        for (String contender : List.of("c-epoll", "multi", "multiactor")) {
            Outcome stalled;
            if (contender.equals("c-epoll")) {
                // The C program needs a server that never answers: a Worker-free one, nc-style, is
                // not on every machine, so the JVM's own StallServer runs in a helper process.
                try (StallHelper helper = StallHelper.start(java(List.of("-Xmx64m")))) {
                    stallUrl = helper.url;
                    stalled = exec("idle_stalled/c-epoll", List.of(o.get("cbench"), "stall", stallUrl, "1000", "2", "" + seconds), 120);
                }
            } else {
                stalled = exec("idle_stalled/" + contender, concat(java(JVM_FLAGS), List.of("org.konnect.curl.bench.Worker",
                        "stalled", "--contender", contender, "--count", "1000", "--settle", "2", "--seconds", "" + seconds)), 180);
            }
            addIdle("idle_stalled", contender, stalled);
        }
    }

    private void addIdle(String workload, String contender, Outcome result) {
        Row row = new Row(workload, contender);
        Map<String, String> line = result.last("idle");
        if (line != null) {
            double wall = Double.parseDouble(line.get("wall_ns")) / 1e9;
            double processMsPerS = Double.parseDouble(line.get("process_cpu_ns")) / 1e6 / wall;
            double threadMsPerS = Double.parseDouble(line.get("thread_cpu_ns")) / 1e6 / wall;
            row.cpuMsPerOp = processMsPerS;
            idles.add(new String[] {workload, contender, line.get("transfers"), fmt(wall, 2), fmt(processMsPerS, 3),
                    fmt(threadMsPerS, 3), line.getOrDefault("loops", "-1"), line.getOrDefault("wakeups", "-1"),
                    line.getOrDefault("thread", ""), line.getOrDefault("busiest_ms", "")});
        } else {
            row.note = "no measurement (exit " + result.exitCode + (result.timedOut ? ", timed out" : "") + "): " + result.errorTail;
        }
        Map<String, String> end = result.last("end");
        if (end != null) row.peakRssMb = Long.parseLong(end.get("peak_rss_kb")) / 1024.0;
        rows.add(row);
        System.out.println("harness: " + workload + " " + contender + ": " + fmt(row.cpuMsPerOp, 3) + " CPU ms/s (process)");
    }

    private void runWakeup() throws Exception {
        int probes = quick ? 1000 : 3000;
        Outcome result = exec("wakeup/multiactor", concat(java(JVM_FLAGS), List.of("org.konnect.curl.bench.Worker", "wakeup",
                "--probes", "" + probes, "--warmup", "" + (quick ? 500 : 1000), "--load-url", o.get("base") + "/1m.bin",
                "--bomb-url", o.get("base") + "/bomb/1g.gz")), 300);
        Map<String, String> bombLine = result.last("bombs");
        if (bombLine != null) {
            bombs = bombLine.get("bombs_completed") + " bombs inflated, " + bombLine.get("bombs_failed") + " failed";
        }
        for (Map<String, String> line : result.lines("wakeup")) {
            String kase = line.get("case");
            double wall = Double.parseDouble(line.get("wall_ns")) / 1e9;
            int samples = Integer.parseInt(line.get("samples"));
            Row row = new Row(kase.equals("blocked") ? "wakeup" : "wakeup_" + kase, "multiactor");
            row.opsPerS = samples / wall;
            row.cpuMsPerOp = Double.parseDouble(line.get("cpu_ns")) / 1e6 / samples;
            Map<String, String> end = result.last("end");
            if (end != null) row.peakRssMb = Long.parseLong(end.get("peak_rss_kb")) / 1024.0;
            rows.add(row);
            wakeups.add(new String[] {kase, "multiactor", "" + samples, us(line.get("p50_ns")), us(line.get("p90_ns")),
                    us(line.get("p99_ns")), us(line.get("p999_ns")), us(line.get("max_ns")), us(line.get("own_p50_ns")),
                    us(line.get("own_p99_ns"))});
            System.out.println("harness: wakeup " + kase + ": p50 " + us(line.get("p50_ns")) + " us, p99 " + us(line.get("p99_ns"))
                    + " us; less the owner thread's waits for a CPU: p50 " + us(line.get("own_p50_ns")) + " us, p99 "
                    + us(line.get("own_p99_ns")) + " us");
        }
        if (result.lines("wakeup").isEmpty()) {
            Row row = new Row("wakeup", "multiactor");
            row.note = "no measurement (exit " + result.exitCode + "): " + result.errorTail;
            rows.add(row);
        }
    }

    /** How long one Multi.perform call takes under load: a MultiActor reads its mailbox only between such calls. */
    private void runPerformTimes() throws Exception {
        for (String[] load : List.of(new String[] {"/100b.bin", "64", quick ? "60000" : "100000"},
                                     new String[] {"/1m.bin", "16", quick ? "1000" : "2000"})) {
            Outcome r = exec("perform-times " + load[0], concat(java(JVM_FLAGS), List.of("org.konnect.curl.bench.Worker", "perform-times",
                    "--url", o.get("base") + load[0], "--inflight", load[1], "--count", load[2])), 300);
            Map<String, String> line = r.last("perform");
            if (line != null) {
                performTimes.add(new String[] {load[0] + ", " + load[1] + " in flight", line.get("calls"), line.get("per_transfer"),
                        line.get("p50_us"), line.get("p90_us"), line.get("p99_us"), line.get("max_us")});
            }
        }
    }

    private static String us(String ns) {
        return fmt(Long.parseLong(ns) / 1000.0, 1);
    }

    // ---- processes --------------------------------------------------------------------------

    private List<String> java(List<String> flags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(o.get("java"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", o.get("classpath")));
        return cmd;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> r = new ArrayList<>(a);
        r.addAll(b);
        return r;
    }

    /** What a worker printed. */
    static final class Outcome {
        final List<String> stdout = new ArrayList<>();
        int exitCode;
        boolean timedOut;
        String errorTail = "";

        List<Map<String, String>> lines(String kind) {
            List<Map<String, String>> r = new ArrayList<>();
            for (String line : stdout) {
                if (line.startsWith("BENCH " + kind + " ")) r.add(parse(line.substring(7 + kind.length())));
            }
            return r;
        }

        Map<String, String> last(String kind) {
            List<Map<String, String>> l = lines(kind);
            return l.isEmpty() ? null : l.get(l.size() - 1);
        }

        static Map<String, String> parse(String s) {
            Map<String, String> m = new HashMap<>();
            for (String kv : s.trim().split("\\s+")) {
                int eq = kv.indexOf('=');
                if (eq > 0) m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            return m;
        }
    }

    private Outcome exec(String what, List<String> cmd, long timeoutSeconds) throws Exception {
        System.out.println("harness: " + what + " ...");
        log.add("$ " + String.join(" ", cmd).replace(o.get("classpath"), "$CLASSPATH"));
        Path err = Files.createTempFile(out, "worker-", ".err");
        ProcessBuilder pb = childProcess(cmd).redirectError(err.toFile());
        Process p = pb.start();
        Outcome result = new Outcome();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (result) {
                        result.stdout.add(line);
                    }
                    if (line.startsWith("BENCH run") || line.startsWith("BENCH warmup")) System.out.println("  " + line);
                }
            } catch (IOException e) {
                // process gone
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            result.timedOut = true;
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
        reader.join(10_000);
        result.exitCode = p.exitValue();
        List<String> errLines = Files.readAllLines(err);
        Files.deleteIfExists(err);
        if (!errLines.isEmpty()) {
            List<String> tail = errLines.subList(Math.max(0, errLines.size() - 3), errLines.size());
            result.errorTail = String.join(" | ", tail).replace(',', ';');
            if (result.exitCode != 0 || result.timedOut) System.out.println("  stderr: " + String.join("\n  ", tail));
        }
        return result;
    }

    /**
     * A contender's or helper's process, without the sanitizer runtime and options that a test JVM of
     * the sanitize profile has (README: Sanitizers): a contender is measured as users run it.
     */
    static ProcessBuilder childProcess(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // As testkit's ChildProcesses (a test-scope dependency of this module): no sanitizer runtime for children.
        pb.environment().keySet().removeAll(List.of("LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS"));
        return pb;
    }

    /** A StallServer in its own JVM, for the C program's stalled transfers. */
    static final class StallHelper implements AutoCloseable {
        final Process process;
        final String url;

        private StallHelper(Process process, String url) {
            this.process = process;
            this.url = url;
        }

        static StallHelper start(List<String> java) throws IOException {
            List<String> cmd = new ArrayList<>(java);
            cmd.add("org.konnect.curl.bench.StallMain");
            Process p = childProcess(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null || !line.startsWith("URL ")) {
                p.destroyForcibly();
                throw new IOException("the stall server did not start");
            }
            return new StallHelper(p, line.substring(4).trim());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    // ---- output -----------------------------------------------------------------------------

    private void writeResults() throws IOException {
        List<String> csv = new ArrayList<>();
        csv.add(HEADER);
        for (Row row : rows) csv.add(row.csv());
        Files.write(out.resolve("results.csv"), csv);
        List<String> w = new ArrayList<>();
        w.add("case,contender,samples,p50_us,p90_us,p99_us,p999_us,max_us,own_p50_us,own_p99_us");
        for (String[] r : wakeups) w.add(String.join(",", r));
        Files.write(out.resolve("wakeup.csv"), w);
        List<String> i = new ArrayList<>();
        i.add("workload,contender,transfers,seconds,process_cpu_ms_per_s,thread_cpu_ms_per_s,loop_iterations,thread_wakeups,"
                + "thread,busiest_threads_ms");
        for (String[] r : idles) i.add(String.join(",", r));
        Files.write(out.resolve("idle.csv"), i);
    }

    private String machineLine() throws IOException {
        Map<String, String> m = machine();
        return m.getOrDefault("nproc", "?") + " cores, " + m.getOrDefault("cpu", "?") + ", libcurl "
                + m.getOrDefault("libcurl", "?").replaceAll(" .*", "") + ", nginx " + m.getOrDefault("nginx", "?").replaceAll(" .*", "")
                + ", " + m.getOrDefault("java", "?").replaceAll(" [0-9]{4}-.*", "");
    }

    private Map<String, String> machine() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        String path = o.get("machine");
        if (path != null && Files.exists(Path.of(path))) {
            for (String line : Files.readAllLines(Path.of(path))) {
                int colon = line.indexOf(": ");
                if (colon > 0) m.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return m;
    }

    private void writeNotes(double seconds) throws IOException {
        StringBuilder n = new StringBuilder();
        n.append("# Konnect Curl benchmark — ")
                .append(quick ? "quick run (`bench/run --quick`)" : "full run (`bench/run`)").append("\n\n");
        n.append("## Machine\n\n");
        for (Map.Entry<String, String> e : machine().entrySet()) {
            n.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        n.append("- run took ").append(fmt(seconds / 60, 1)).append(" minutes\n\n");

        n.append("## Results\n\n");
        n.append("The run goes in rounds (").append(quick ? "3" : "5").append(" per workload): each round runs every ")
                .append("contender once, in an order rotated by one each round (round i starts at contender i mod n). ")
                .append("Each contender's process lives across the rounds (on `concurrent`: one process per contender and round) ")
                .append("and warmed up once, unmeasured, before the first. The ceiling `c` of a round is the faster of the two C ")
                .append("designs in that round (`c-epoll`, `c-poll`); `ratio to c` is the median of the contender's per-round ")
                .append("ratios of ops/s to that round's ceiling, with their min-max spread in brackets; the other figures are ")
                .append("medians over the rounds. The peers' `concurrent` attempts have a 180 s limit per turn. MB = 10^6 bytes ")
                .append("of response body. `cpu_ms_per_op` is the process's CPU time (user + system, all threads: GC and JIT ")
                .append("included) per transfer, in the measured run; for `idle*` rows it is CPU ms per second of wall time, for ")
                .append("`wakeup*` rows CPU ms per probe. `peak_rss_mb` is the process's VmHWM at its end (warm-up included). ")
                .append("`heap B/op` (notes only) is the Java heap allocated per transfer by all live threads ")
                .append("(`ThreadMXBean.getThreadAllocatedBytes`).\n\n");
        n.append("| workload | contender | ops/s | MB/s | ratio to c (min-max) | CPU ms/op | peak RSS MB | heap B/op | note |\n");
        n.append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            n.append("| ").append(r.workload).append(" | ").append(r.contender).append(" | ").append(fmt(r.opsPerS, 0))
                    .append(" | ").append(fmt(r.mbPerS, 1)).append(" | ").append(ratioText(r)).append(" | ")
                    .append(fmt(r.cpuMsPerOp, 4)).append(" | ").append(fmt(r.peakRssMb, 0)).append(" | ").append(fmt(r.allocPerOp, 0))
                    .append(" | ").append(r.note)
                    .append(" |\n");
        }
        n.append("\nPer-round ops/s (round 1, 2, ...; `-`: not measured):\n\n");
        for (Row r : rows) {
            if (!r.runOps.isEmpty()) {
                n.append("- ").append(r.workload).append(" / ").append(r.contender).append(": ")
                        .append(String.join(", ", r.runOps.stream().map(v -> v.isNaN() ? "-" : fmt(v, 0)).toList())).append('\n');
            }
        }
        n.append("\nThe rounds' orders:\n\n");
        for (Map.Entry<String, List<String>> e : roundOrders.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                n.append("- ").append(e.getKey()).append(" round ").append(i + 1).append(": ").append(e.getValue().get(i)).append('\n');
            }
        }

        n.append("\n## Targets (issue 19, raised from design.md §6; issue 14 for stream)\n\n");
        n.append("| target | measured | met |\n|---|---|---|\n");
        target(n, "multiactor ≥ 0.95 × c on small", ratio("small", "multiactor"), 0.95);
        target(n, "multiactor ≥ 1.0 × c on bulk", ratio("bulk", "multiactor"), 1.0);
        target(n, "multi ≥ 0.97 × c on small", ratio("small", "multi"), 0.97);
        target(n, "stream ≥ 0.90 × c (1 GiB through CurlSource into Sink.ignore)", ratio("stream", "stream"), 0.90);
        for (String workload : List.of("small", "small_https", "h2", "bulk", "concurrent")) {
            Row best = bestPeer(workload);
            Double ma = ops(workload, "multiactor");
            if (best == null || ma == null) continue;
            target(n, "multiactor ahead of the best JVM peer on " + workload + " (" + best.contender + ", " + fmt(best.opsPerS, 0)
                    + " ops/s): multiactor's ops/s over its", ma / best.opsPerS, 1.0);
        }
        Double ma = ops("small", "multiactor"), pk = ops("small", "pekko-http"), jdk = ops("small", "jdk-httpclient");
        target(n, "multiactor ≥ 8 × pekko-http on small", ma != null && pk != null ? ma / pk : null, 8);
        target(n, "multiactor ≥ 6 × jdk-httpclient on small", ma != null && jdk != null ? ma / jdk : null, 6);
        for (String[] w : wakeups) {
            double p99 = Double.parseDouble(w[5]);
            n.append("| wakeup p99 < 1 ms (").append(w[0]).append(" actor) | p50 ").append(w[3]).append(" µs, p99 ").append(w[5])
                    .append(" µs (less the waits for a CPU: p99 ").append(w[9]).append(" µs) | ").append(p99 < 1000 ? "yes" : "**no**")
                    .append(" |\n");
        }
        for (Row r : rows) {
            if (r.workload.equals("concurrent") && (r.contender.equals("multi") || r.contender.equals("multiactor")
                    || Rounds.isC(r.contender))) {
                n.append("| concurrent: all 10,000 complete (").append(r.contender).append(") | ")
                        .append(r.note.isEmpty() ? "-" : r.note).append(" | ")
                        .append(r.note.startsWith("every") ? "yes" : "**no**").append(" |\n");
            }
        }

        n.append("\n## Pool scaling\n\n");
        int cores = Runtime.getRuntime().availableProcessors();
        n.append("`pool`: the same small GETs spread over ").append(POOL_ORIGINS).append(" origins, through a MultiActorPool of ")
                .append("one MultiActor and of ").append(cores).append(" (one per core), each MultiActor on its own thread with ")
                .append("the origins the ring gives it. Scaling (pool-").append(cores).append(" ops/s over pool-1's): ")
                .append(poolScaling == null ? "not measured"
                        : "**" + scalingText() + "**, the median of the rounds' ratios and their spread").append(".\n\n")
                .append("An honest reading: nginx (one worker process), the requester actor and the MultiActors all run on these ")
                .append(cores).append(" cores. With one MultiActor its thread is the bottleneck it was on `small`; with ")
                .append(cores).append(" the client has more threads than the machine has cores to spare, and nginx's single ")
                .append("worker, which needs about as much CPU per request as the client, takes its share of the same cores. ")
                .append("So the ratio here is a floor: it says that the pool adds no contention of its own (routing is a ring ")
                .append("lookup and a forward; the MultiActors share only the DNS cache and TLS sessions, under libcurl's ")
                .append("locks), not how the pool scales on a machine where the server runs elsewhere.\n");

        n.append("\n## Wake-up latency (MultiActor)\n\n");
        n.append("Time from `tell(Process)` on the sending thread to the moment the MultiActor runs that request's ")
                .append("`configureHandle` on its own thread (a probe request records `System.nanoTime()` there and then ")
                .append("fails itself, so no transfer is started). `blocked`: one transfer to a server that never answers keeps ")
                .append("the actor blocked in `Multi.perform` (epoll_wait) between probes; probes are 1–1.5 ms apart. `busy`: ")
                .append("16 transfers of the 1 MiB file run continuously through the same actor meanwhile. `bomb`: gzip bombs ")
                .append("(1 GiB of zeros, about 1 MiB on the wire, `Content-Encoding: gzip`, `ACCEPT_ENCODING \"\"`) inflate one ")
                .append("after another through the same actor meanwhile").append(bombs.isEmpty() ? "" : " (" + bombs + ")")
                .append(".\n\n");
        n.append("`own` columns: each latency less the time the MultiActor's thread spent runnable but waiting for a CPU ")
                .append("meanwhile (the kernel's run-queue delay, `/proc/self/task/<tid>/schedstat`), so what the library ")
                .append("itself takes, apart from the machine's scheduler; on a machine whose cores are all busy (the server, ")
                .append("the load's requesters and the actor on 2 cores) the two differ.\n\n");
        n.append("| case | samples | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | own p50 µs | own p99 µs |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String[] w : wakeups) {
            n.append("| ").append(w[0]).append(" | ").append(w[2]).append(" | ").append(w[3]).append(" | ").append(w[4])
                    .append(" | ").append(w[5]).append(" | ").append(w[6]).append(" | ").append(w[7]).append(" | ").append(w[8])
                    .append(" | ").append(w[9]).append(" |\n");
        }

        n.append("\nFor context, the duration of single `Multi.perform` calls under load (the engine driven directly, ")
                .append("durations measured around each call): a MultiActor reads its mailbox between two such calls, so a ")
                .append("message that arrives while the actor is busy waits for the rest of the current one.\n\n");
        n.append("| load | perform calls | calls per transfer | p50 µs | p90 µs | p99 µs | max µs |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String[] p : performTimes) n.append("| ").append(String.join(" | ", p)).append(" |\n");

        n.append("\n## Idle CPU\n\n");
        n.append("`idle`: a MultiActor that has handled one request and then has nothing to do, over 5 s. ")
                .append("`idle_stalled`: 1,000 transfers connected to a server that accepts and never answers (a Java ")
                .append("`ServerSocket` in the worker process, or in a helper process for the C program), over 5 s after a ")
                .append("2 s settle. `process` is the whole process's CPU (for the JVM: GC, JIT and Pekko's scheduler tick ")
                .append("thread included); `thread` is the CPU of the thread that owns the Multi (the MultiActor's pinned ")
                .append("dispatcher thread, or the main thread for `multi`). `loops` is how many `perform` calls (or ")
                .append("epoll_wait iterations, for C) ran in the window (-1: not observable, inside the actor); `thread wake-ups` ")
                .append("counts the context switches of that thread in the window (each return from a blocking wait is one): ")
                .append("no ticks means a handful. Process CPU is summed from `/proc/self/task/*/schedstat` (ns resolution).\n\n");
        n.append("| workload | contender | transfers | seconds | process CPU ms/s | thread CPU ms/s | loops | thread wake-ups | thread"
                + " | busiest threads (CPU ms in the window) |\n");
        n.append("|---|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (String[] i : idles) n.append("| ").append(String.join(" | ", i).replace(";", ", ")).append(" |\n");

        n.append("\n## Workloads and contenders\n\n");
        for (Plan p : plans) n.append("- `").append(p.workload()).append("`: ").append(p.description()).append(".\n");
        n.append("- `idle`, `idle_stalled`, `wakeup`, `wakeup_busy`, `wakeup_bomb`: see above.\n\n");
        n.append("""
                - `c-epoll`: `bench/src/main/c/cbench.c`, libcurl's multi interface with `curl_multi_socket_action` on epoll \
                (the same mechanism as the engine), N easy handles re-added as they finish (connections reused), \
                `CURLMOPT_MAX_HOST_CONNECTIONS` = N, built with `gcc -O3`. Its write callback sums the body as 64-bit words \
                and then the tail, in a loop gcc vectorizes.
                - `c-poll`: the same program with `--poll`: a plain loop of `curl_multi_perform` and `curl_multi_poll` (no \
                socket or timer callbacks), the same handles, re-adding and body touching.
                - `c`: not a program but each round's ceiling, the faster of `c-epoll` and `c-poll` in that round.
                - On `small_https` and `h2` every contender gets the CA file of nginx's self-signed certificate \
                (`--cacert`); on `h2` also `--http2`: HTTP/2 over TLS by ALPN, for the libcurl contenders \
                `CURL_HTTP_VERSION_2TLS`, `CURLOPT_PIPEWAIT` and `CURLMOPT_PIPELINING` = `CURLPIPE_MULTIPLEX` (one \
                connection, 100 streams); `jdk-httpclient` `HTTP_2` (one connection per origin); `pekko-http` its HTTP/2 \
                client (`connectionTo(host).managedPersistentHttp2()`, one connection, `max-concurrent-streams` = N) instead \
                of the host pool.
                - `multi`: the engine's `Multi` on the main thread; each completion's continuation starts the next request. \
                The request (`CountingGet`) sets URL and a `WriteCallback` that sums every byte as 64-bit words, and reads \
                `RESPONSE_CODE` in `completed`. `MultiOptions.DEFAULTS.withMaxHostConnections(N)`.
                - `multiactor`: one `MultiActor` (`MultiActor.spawn`, reference.conf defaults, max-host-connections = N) and \
                one requester actor that keeps N `Process` messages outstanding with the same `CountingGet` requests.
                - `pekko-http`: Pekko HTTP 1.2.0 on the project's Pekko (1.2.1), host-level API (`Http.cachedHostConnectionPool` fed by a \
                `Source` of requests, `mapAsyncUnordered(N)` consuming each entity as it streams, every byte touched); \
                `max-connections` = N, `max-open-requests` = next power of two ≥ N, `pipelining-limit` = 1.
                - `pekko-http-single`: supplementary, Pekko HTTP's request-level API (`Http.singleRequest`, the one its docs \
                recommend "for most usages") with N permits, same pool settings; design.md's reference figures for Pekko HTTP \
                were taken with it.
                - `jdk-httpclient`: `java.net.http.HttpClient` (HTTP/1.1), `sendAsync` with N permits; the body subscriber \
                touches every byte of the buffers it receives.
                - `vertx`: Vert.x 5 `HttpClient` on one event loop, pool `http1MaxSize` = N, keep-alive, no pipelining; \
                a response handler touches every byte of every buffer.
                - `reactor-netty`: Reactor Netty `HttpClient`, `ConnectionProvider` `maxConnections` = N, one event-loop \
                worker; `Flux.flatMap(N)` keeps N in flight, each `ByteBuf` of the body is touched in place.
                - `jetty-client`: Jetty 12 `HttpClient`, HTTP/1.1 transport, `maxConnectionsPerDestination` = N; a content \
                listener touches every byte, nothing is buffered.
                - `apache-async`: Apache HttpClient 5 `CloseableHttpAsyncClient`, `PoolingAsyncClientConnectionManager` with \
                max per route = N, one I/O reactor thread, HTTP/1.1 only; an `AbstractBinResponseConsumer` touches every byte.
                - `okhttp`: OkHttp 5 `enqueue()`, `Dispatcher` of `maxRequests` = `maxRequestsPerHost` = N (a thread per call \
                in flight), `ConnectionPool` of N idle connections, HTTP/1.1 only; every byte of every segment is touched in \
                place.

                The peers' versions are in `bench/pom.xml`; each is configured as its documentation describes for throughput \
                to one server, and each keeps N transfers in flight (N permits, or `flatMap(N)`).

                All contenders use about N connections on `small` and `bulk` (libcurl's per-host limit, Pekko's \
                `max-connections`, the peers' pool limits, and the JDK client opening at most one connection per request in flight).

                """);
        n.append("## JVM flags\n\n");
        n.append("- `small`, `bulk`, `idle*`, `wakeup*`: `").append(String.join(" ", JVM_FLAGS)).append("`\n");
        n.append("- `concurrent`: `").append(String.join(" ", JVM_FLAGS_CONCURRENT)).append("`\n");
        n.append("- harness: `-Xmx256m -Djava.awt.headless=true`\n\n");
        n.append("Each JVM contender runs in its own process (warm-up included), so its JIT, CPU time and RSS are its own. ")
                .append("Warm-up, once per process: ").append(quick ? "60,000" : "100,000").append(" requests before `small`, ")
                .append(quick ? "10,000" : "40,000").append(" before `small_https` and `h2`, ")
                .append(quick ? "500" : "1,000").append(" before `bulk`, 1,000 slow transfers before `concurrent`; ")
                .append("the C programs do the same warm-ups. The processes of a workload stay alive, idle, while the others ")
                .append("run their turns: a JVM's idle threads (GC, Pekko's scheduler tick) cost well under a millisecond of CPU ")
                .append("per second (see Idle CPU).\n\n");
        n.append("## Commands\n\n```\n");
        for (String l : log) n.append(l).append('\n');
        n.append("```\n");
        Files.writeString(out.resolve("notes.md"), n.toString());
    }

    private void target(StringBuilder n, String what, Double value, double min) {
        n.append("| ").append(what).append(" | ").append(value == null ? "n/a" : fmt(value, 2) + " ×").append(" | ")
                .append(value == null ? "n/a" : value >= min ? "yes" : "**no**").append(" |\n");
    }

    private Double ratio(String workload, String contender) {
        for (Row r : rows) if (r.workload.equals(workload) && r.contender.equals(contender)) return r.ratio;
        return null;
    }

    /** The JVM peer ({@link #PEERS}) with the most ops/s on {@code workload}, or null when none was measured. */
    private Row bestPeer(String workload) {
        Row best = null;
        for (Row r : rows) {
            if (!r.workload.equals(workload) || !PEERS.contains(r.contender) || r.opsPerS == null) continue;
            if (best == null || r.opsPerS > best.opsPerS) best = r;
        }
        return best;
    }

    private Double ops(String workload, String contender) {
        for (Row r : rows) if (r.workload.equals(workload) && r.contender.equals(contender)) return r.opsPerS;
        return null;
    }

    static double median(List<double[]> runs, int column) {
        double[] v = runs.stream().mapToDouble(r -> r[column]).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static String fmt(Double v, int decimals) {
        if (v == null || v.isNaN()) return "";
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
