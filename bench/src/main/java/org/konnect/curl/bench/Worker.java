package org.konnect.curl.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.konnect.curl.actors.MultiActor;

/**
 * One contender on one workload, in a JVM of its own (so that JIT warm-up, CPU time and peak
 * RSS are its own). Started by {@link Harness}; prints its measurements as {@code BENCH ...}
 * lines on stdout.
 *
 * <pre>
 * Worker run     --contender C --url U --count N --inflight K --warmup W --runs R [--cacert F] [--http2] [--stdin]
 *                (C = pool-N: U is one URL per origin, comma-separated; --cacert F: trust the CAs of PEM file F
 *                for https:// URLs; --http2: HTTP/2 over TLS by ALPN, multiplexed on one connection, where the
 *                contender supports it; --stdin: after the warm-up, one measured run per line "run" on stdin
 *                until "quit" or its end, the harness's rounds)
 * Worker idle    --contender multiactor --seconds S             (an idle MultiActor)
 * Worker stalled --contender multi|multiactor --count N --settle S --seconds S
 * Worker wakeup  --probes N --warmup W [--load-url U] [--bomb-url B]   (MultiActor wake-up latency)
 * </pre>
 */
public final class Worker {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Kernel thread id of the MultiActor's thread, found by {@link #actorThread}. */
    private static String actorTid;

    private Worker() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) throw new IllegalArgumentException("usage: Worker run|idle|stalled|wakeup --option value ...");
        Map<String, String> o = options(Arrays.copyOfRange(args, 1, args.length));
        int status = 0;
        try {
            switch (args[0]) {
                case "run" -> status = run(o);
                case "idle" -> idle(o);
                case "stalled" -> stalled(o);
                case "wakeup" -> wakeup(o);
                case "perform-times" -> performTimes(o);
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
            System.out.println("BENCH end peak_rss_kb=" + peakRssKb());
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        // Some peers leave non-daemon threads behind; the measurements are printed. With
        // -Dbench.exit=normal (profiling: a JFR recording is written at exit) shutdown hooks run.
        if ("normal".equals(System.getProperty("bench.exit"))) System.exit(status);
        Runtime.getRuntime().halt(status);
    }

    // ---- throughput (small, bulk, concurrent) ----------------------------------------------

    static Contender create(String name, int inflight) {
        return switch (name) {
            case "multi" -> new MultiContender(inflight);
            case "multiactor" -> new MultiActorContender(inflight);
            case "stream" -> new StreamContender(false);
            case "stream-touch" -> new StreamContender(true);
            case "pekko-http" -> new PekkoHttpContender(inflight);
            case "pekko-http-single" -> new PekkoSingleRequestContender(inflight);
            case "jdk-httpclient" -> new JdkHttpClientContender();
            case "vertx" -> new VertxContender(inflight);
            case "reactor-netty" -> new ReactorNettyContender(inflight);
            case "jetty-client" -> new JettyClientContender(inflight);
            case "apache-async" -> new ApacheAsyncContender(inflight);
            case "okhttp" -> new OkHttpContender(inflight);
            default -> {
                // pool-N: a MultiActorPool of N MultiActors, for runs whose URL is one URL per origin, comma-separated
                if (!name.matches("pool-[1-9][0-9]*")) throw new IllegalArgumentException("unknown contender " + name);
                yield new PoolContender(Integer.parseInt(name.substring(5)), inflight);
            }
        };
    }

    private static int run(Map<String, String> o) throws Exception {
        String url = o.get("url");
        int count = Integer.parseInt(o.get("count"));
        int inflight = Integer.parseInt(o.get("inflight"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "0"));
        int runs = Integer.parseInt(o.getOrDefault("runs", "1"));
        Spec spec = new Spec(url, count, inflight, o.get("cacert"), o.containsKey("http2"));
        boolean rounds = o.containsKey("stdin");
        BufferedReader commands = rounds ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)) : null;
        int failedRuns = 0;
        try (Contender c = create(o.get("contender"), inflight)) {
            if (warmup > 0) {
                Contender.Result w = c.run(spec.withCount(warmup));
                System.out.println("BENCH warmup ops=" + w.ok() + " failed=" + w.failed());
            } else if (rounds) {
                System.out.println("BENCH warmup ops=0 failed=0");
            }
            System.out.flush();
            for (int r = 0; rounds || r < runs; r++) {
                if (rounds && !RoundCommands.next(commands)) break;
                String tid = ThreadCpu.currentTid();
                long switches0 = ThreadCpu.contextSwitches(tid);
                Map<String, Object[]> tasks0 = ThreadCpu.snapshot();
                long alloc0 = allocatedBytes();
                long cpu0 = processCpuNanos(), t0 = System.nanoTime();
                Contender.Result res = c.run(spec);
                long wall = System.nanoTime() - t0, cpu = processCpuNanos() - cpu0;
                long alloc = allocatedBytes() - alloc0;
                long switches = ThreadCpu.contextSwitches(tid) - switches0;
                Object[] threads = ThreadCpu.delta(tasks0, ThreadCpu.snapshot(), 4, null, 0);
                System.out.println("BENCH run ops=" + res.ok() + " bytes=" + res.bytes() + " wall_ns=" + wall
                        + " cpu_ns=" + cpu + " failed=" + (count - res.ok()) + " main_thread_switches=" + switches
                        + " alloc_bytes=" + alloc + " busiest_ms=" + threads[1]
                        + (c.protocol() == null ? "" : " protocol=" + c.protocol()));
                System.out.flush();
                if (res.ok() != count) failedRuns++;
            }
        }
        return failedRuns == 0 ? 0 : 3;
    }

    // ---- idle ------------------------------------------------------------------------------

    /** An idle MultiActor: it has run one probe (so its thread exists), then nothing. */
    private static void idle(Map<String, String> o) throws Exception {
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "5"));
        try (MultiActorContender c = new MultiActorContender(0)) {
            Thread actorThread = actorThread(c);
            Thread.sleep(1000);
            measureIdle("idle", 0, actorThread, seconds, null);
        }
    }

    /** {@code count} transfers to a server that never answers; CPU while waiting on them. */
    private static void stalled(Map<String, String> o) throws Exception {
        int count = Integer.parseInt(o.getOrDefault("count", "1000"));
        int settle = Integer.parseInt(o.getOrDefault("settle", "2"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "5"));
        try (StallServer server = new StallServer()) {
            String contender = o.get("contender");
            if (contender.equals("multiactor")) {
                try (MultiActorContender c = new MultiActorContender(0)) {
                    Thread actorThread = actorThread(c);
                    ActorRef<Object> sink = c.system().systemActorOf(Behaviors.ignore(), "sink", Props.empty());
                    for (int i = 0; i < count; i++) {
                        c.curl().tell(new MultiActor.Process<>(new CountingGet(server.url()), sink.narrow()));
                    }
                    if (!server.awaitAccepted(count, 60_000)) throw new IllegalStateException("only " + server.accepted() + " connected");
                    Thread.sleep(settle * 1000L);
                    measureIdle("stalled", count, actorThread, seconds, null);
                }
            } else if (contender.equals("multi")) {
                try (MultiContender c = new MultiContender(0)) {
                    var multi = c.multi();
                    for (int i = 0; i < count; i++) multi.process(new CountingGet(server.url()));
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (server.accepted() < count && System.nanoTime() < deadline) multi.perform(100);
                    if (server.accepted() < count) throw new IllegalStateException("only " + server.accepted() + " connected");
                    long settleEnd = System.nanoTime() + settle * 1_000_000_000L;
                    while (System.nanoTime() < settleEnd) multi.perform(Math.max(1, (settleEnd - System.nanoTime()) / 1_000_000));
                    long[] loops = new long[1];
                    measureIdle("stalled", count, Thread.currentThread(), seconds, end -> {
                        while (System.nanoTime() < end) {
                            multi.perform(Math.max(1, (end - System.nanoTime()) / 1_000_000));
                            loops[0]++;
                        }
                        return loops[0];
                    });
                }
            } else {
                throw new IllegalArgumentException("stalled: contender must be multi or multiactor");
            }
        }
    }

    private interface Waiter {
        long waitUntil(long endNanos) throws Exception;
    }

    private static void measureIdle(String name, int transfers, Thread thread, int seconds, Waiter waiter) throws Exception {
        // Readings on the measured thread itself (for multi) are taken innermost, so their own
        // cost stays out of the window as far as possible.
        String tid = thread == Thread.currentThread() ? ThreadCpu.currentTid() : actorTid;
        Map<String, Object[]> tasks0 = ThreadCpu.snapshot();
        long switches0 = ThreadCpu.contextSwitches(tid);
        long threadCpu0 = THREADS.getThreadCpuTime(thread.getId());
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        long loops = -1;
        if (waiter == null) {
            while (System.nanoTime() < end) Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
        } else {
            loops = waiter.waitUntil(end);
        }
        long wall = System.nanoTime() - t0;
        long threadCpu = THREADS.getThreadCpuTime(thread.getId()) - threadCpu0;
        long switches = switches0 < 0 ? -1 : ThreadCpu.contextSwitches(tid) - switches0;
        // The measuring (main) thread's own /proc reads are left out: it counts with its CPU
        // inside the window (ThreadMXBean), which is the Multi's CPU for multi and ~0 otherwise.
        String self = ThreadCpu.currentTid();
        long selfCpu = thread == Thread.currentThread() ? threadCpu : 0;
        Object[] process = ThreadCpu.delta(tasks0, ThreadCpu.snapshot(), 5, self, selfCpu);
        System.out.println("BENCH idle case=" + name + " transfers=" + transfers + " wall_ns=" + wall + " process_cpu_ns=" + process[0]
                + " thread_cpu_ns=" + threadCpu + " loops=" + loops + " wakeups=" + switches
                + " thread=" + thread.getName().replaceAll("\\s", "_")
                + " busiest_ms=" + process[1]);
    }

    /** The MultiActor's own thread, found by a probe whose hook runs on it. */
    private static Thread actorThread(MultiActorContender c) throws Exception {
        LinkedBlockingQueue<Object> replies = new LinkedBlockingQueue<>();
        ActorRef<Object> collector = collector(c, replies, "thread-probe");
        Probe probe = new Probe(true);
        c.curl().tell(new MultiActor.Process<>(probe, collector.narrow()));
        if (replies.poll(30, TimeUnit.SECONDS) == null) throw new IllegalStateException("no reply to the thread probe");
        actorTid = probe.tid;
        return probe.thread;
    }

    private static ActorRef<Object> collector(MultiActorContender c, LinkedBlockingQueue<Object> queue, String name) {
        return c.system().systemActorOf(Behaviors.receive(Object.class).onAnyMessage(m -> {
            queue.add(m);
            return Behaviors.same();
        }).build(), name, Props.empty());
    }

    // ---- wakeup ----------------------------------------------------------------------------

    /**
     * Wake-up latency: the time from {@code tell(Process)} to the moment the MultiActor runs
     * that request's {@code configureHandle}. Case {@code blocked}: one stalled transfer keeps
     * the actor blocked in {@code perform} between probes. Case {@code busy} (with
     * {@code --load-url}): 16 transfers of that URL run continuously meanwhile. Case {@code bomb}
     * (with {@code --bomb-url}): gzip bombs inflate one after another meanwhile.
     */
    private static void wakeup(Map<String, String> o) throws Exception {
        int probes = Integer.parseInt(o.getOrDefault("probes", "2000"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "500"));
        String loadUrl = o.get("load-url");
        String bombUrl = o.get("bomb-url");
        try (StallServer server = new StallServer(); MultiActorContender c = new MultiActorContender(16)) {
            ActorRef<Object> sink = c.system().systemActorOf(Behaviors.ignore(), "sink", Props.empty());
            c.curl().tell(new MultiActor.Process<>(new CountingGet(server.url()), sink.narrow()));
            if (!server.awaitAccepted(1, 30_000)) throw new IllegalStateException("the stalled transfer did not connect");
            LinkedBlockingQueue<Object> replies = new LinkedBlockingQueue<>();
            ActorRef<Object> collector = collector(c, replies, "probe-replies");
            probeRun(c, collector, replies, warmup, null);
            probeRun(c, collector, replies, probes, "blocked");
            if (bombUrl != null) {
                try (BombLoad bombs = new BombLoad(c, bombUrl)) {
                    probeRun(c, collector, replies, warmup, null);
                    probeRun(c, collector, replies, probes, "bomb");
                    System.out.println("BENCH bombs " + bombs.summary());
                }
            }
            if (loadUrl != null) {
                CompletableFuture<Contender.Result> load = CompletableFuture.supplyAsync(() -> {
                    try {
                        return c.run(new Spec(loadUrl, Integer.MAX_VALUE, 16));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(500);
                probeRun(c, collector, replies, warmup, null);
                probeRun(c, collector, replies, probes, "busy");
                if (load.isDone()) load.join();   // surfaces a load failure
            }
        }
    }

    private static void probeRun(MultiActorContender c, ActorRef<Object> collector, LinkedBlockingQueue<Object> replies,
                                 int probes, String name) throws Exception {
        long[] latencies = new long[probes];
        // The same latencies less the time the owner thread spent runnable but off the CPU
        // meanwhile (the kernel's run-queue delay): what is left is the library's own part.
        long[] own = new long[probes];
        String ownerTid = ownerTid(c, collector, replies);
        long cpu0 = processCpuNanos(), t0 = System.nanoTime();
        for (int i = 0; i < probes; i++) {
            // Let the actor go back to its blocking wait: 1 to 1.5 ms between probes.
            LockSupport.parkNanos(1_000_000 + ThreadLocalRandom.current().nextInt(500_000));
            Probe probe = new Probe(ownerTid);
            long delay0 = ThreadCpu.runDelayNanos(ownerTid);
            long sent = System.nanoTime();
            c.curl().tell(new MultiActor.Process<>(probe, collector.narrow()));
            if (replies.poll(30, TimeUnit.SECONDS) == null) throw new IllegalStateException("no reply to probe " + i);
            latencies[i] = probe.handledAt - sent;
            long waited = delay0 < 0 || probe.runDelayAtHandle < 0 ? 0 : probe.runDelayAtHandle - delay0;
            own[i] = latencies[i] - Math.max(0, Math.min(latencies[i], waited));
        }
        long wall = System.nanoTime() - t0, cpu = processCpuNanos() - cpu0;
        if (name == null) return;
        Arrays.sort(latencies);
        Arrays.sort(own);
        System.out.println("BENCH wakeup case=" + name + " samples=" + probes + " p50_ns=" + pct(latencies, 0.50)
                + " p90_ns=" + pct(latencies, 0.90) + " p99_ns=" + pct(latencies, 0.99) + " p999_ns=" + pct(latencies, 0.999)
                + " max_ns=" + latencies[probes - 1] + " wall_ns=" + wall + " cpu_ns=" + cpu
                + " own_p50_ns=" + pct(own, 0.50) + " own_p99_ns=" + pct(own, 0.99) + " cpu_wait_known=" + (ownerTid != null));
    }

    /** The kernel thread id of the MultiActor's thread, from one identifying probe (null where /proc is missing). */
    private static String ownerTid(MultiActorContender c, ActorRef<Object> collector, LinkedBlockingQueue<Object> replies)
            throws InterruptedException {
        Probe probe = new Probe(true);
        c.curl().tell(new MultiActor.Process<>(probe, collector.narrow()));
        if (replies.poll(30, TimeUnit.SECONDS) == null) throw new IllegalStateException("no reply to the identifying probe");
        return probe.tid;
    }

    /**
     * Diagnostics for the wake-up figures: how long one {@code Multi.perform} call takes while
     * N transfers of {@code url} run (a MultiActor checks its mailbox only between such calls).
     */
    private static void performTimes(Map<String, String> o) throws Exception {
        String url = o.get("url");
        int inflight = Integer.parseInt(o.getOrDefault("inflight", "16"));
        int count = Integer.parseInt(o.getOrDefault("count", "2000"));
        try (MultiContender c = new MultiContender(inflight)) {
            c.run(new Spec(url, count, inflight));   // warm-up
            c.performNanos = new long[1_000_000];
            c.run(new Spec(url, count, inflight));
            long[] t = Arrays.copyOf(c.performNanos, c.performCalls);
            Arrays.sort(t);
            System.out.println("BENCH perform calls=" + t.length + " per_transfer=" + String.format(java.util.Locale.ROOT, "%.2f",
                    t.length / (double) count) + " p50_us=" + pct(t, 0.5) / 1000 + " p90_us=" + pct(t, 0.9) / 1000 + " p99_us="
                    + pct(t, 0.99) / 1000 + " max_us=" + t[t.length - 1] / 1000);
        }
    }

    static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Heap bytes allocated so far by the live threads (threads that ended meanwhile are missed). */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) THREADS;
        long sum = 0;
        for (long a : t.getThreadAllocatedBytes(t.getAllThreadIds())) if (a > 0) sum += a;
        return sum;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** VmHWM of this process, in KiB (-1 where /proc is missing). */
    static long peakRssKb() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.substring(6).replace("kB", "").trim());
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option, got " + args[i]);
            String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) o.put(key, args[++i]);
            else o.put(key, "true");
        }
        return o;
    }
}
