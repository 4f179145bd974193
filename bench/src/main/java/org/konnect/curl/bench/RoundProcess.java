package org.konnect.curl.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One contender's process, alive across the rounds of a workload: it warms up once, at its
 * start, then performs one measured run per {@code run} written to its stdin, and ends on
 * {@code quit} ({@link RoundCommands}; the C program reads the same). Its stdout's lines are
 * kept for the {@link Harness.Outcome}; the {@code BENCH} ones are also handed to the waiting
 * harness.
 */
final class RoundProcess {
    /** Put on the queue when stdout ends: the process is gone. */
    private static final String GONE = "";

    final String name;
    private final Process process;
    private final Path err;
    private final OutputStream stdin;
    private final LinkedBlockingQueue<String> bench = new LinkedBlockingQueue<>();
    private final Harness.Outcome outcome = new Harness.Outcome();
    private final Thread reader;
    /** Why the process is no longer usable (empty while it is). */
    String problem = "";

    private RoundProcess(String name, Process process, Path err) {
        this.name = name;
        this.process = process;
        this.err = err;
        this.stdin = process.getOutputStream();
        reader = new Thread(this::readStdout, "round-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    static RoundProcess start(String name, List<String> cmd, Path dir) throws IOException {
        Path err = Files.createTempFile(dir, "worker-", ".err");
        Process p = Harness.childProcess(cmd).redirectError(err.toFile()).start();
        return new RoundProcess(name, p, err);
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (outcome) {
                    outcome.stdout.add(line);
                }
                if (line.startsWith("BENCH ")) bench.add(line);
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            bench.add(GONE);
        }
    }

    boolean usable() {
        return problem.isEmpty();
    }

    /** Waits for the warm-up's {@code BENCH warmup} line; false (and {@link #problem} set) if none came. */
    boolean awaitWarmup(long timeoutSeconds) throws InterruptedException {
        return await("warmup", timeoutSeconds) != null;
    }

    /** One measured run: its {@code BENCH run} line, or null (and {@link #problem} set). */
    Map<String, String> run(long timeoutSeconds) throws InterruptedException {
        if (!usable()) return null;
        try {
            stdin.write("run\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        } catch (IOException e) {
            problem = "its process is gone (exit " + exitCode() + ")";
            return null;
        }
        return await("run", timeoutSeconds);
    }

    private Map<String, String> await(String kind, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (usable()) {
            String line = bench.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                problem = "timed out after " + timeoutSeconds + " s";
                outcome.timedOut = true;
                process.destroyForcibly();
            } else if (line.equals(GONE)) {
                bench.add(GONE);   // every later wait sees it too
                problem = "its process ended (exit " + exitCode() + ")";
            } else if (line.startsWith("BENCH " + kind + " ")) {
                System.out.println("  " + name + ": " + line);
                return Harness.Outcome.parse(line.substring(7 + kind.length()));
            }
        }
        return null;
    }

    private String exitCode() {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? "" + process.exitValue() : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Asks the process to quit and waits for it: everything it printed, its exit code, its stderr's tail. */
    Harness.Outcome finish() throws Exception {
        try {
            stdin.write("quit\n".getBytes(StandardCharsets.US_ASCII));
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            outcome.timedOut = true;
            process.destroyForcibly().waitFor();
        }
        reader.join(10_000);
        outcome.exitCode = process.exitValue();
        List<String> errLines = Files.readAllLines(err);
        Files.deleteIfExists(err);
        if (!errLines.isEmpty()) {
            List<String> tail = errLines.subList(Math.max(0, errLines.size() - 3), errLines.size());
            outcome.errorTail = String.join(" | ", tail).replace(',', ';');
        }
        return outcome;
    }
}
