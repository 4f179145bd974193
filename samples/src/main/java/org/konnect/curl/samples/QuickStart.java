package org.konnect.curl.samples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlError;
import org.konnect.curl.Multi;
import org.konnect.curl.MultiOptions;
import org.konnect.curl.Outcome;
import org.konnect.curl.Request;
import org.konnect.curl.testservers.LoopbackHttpServer;

/**
 * The smallest useful program: fetches many URLs concurrently on one {@link Multi} and prints
 * a summary. With no arguments it serves 200 generated files from a loopback server it starts
 * itself (works offline); with URLs as arguments it fetches those (any protocol libcurl speaks).
 * Exit status 0 when every transfer succeeded, 1 otherwise. For the same job through a
 * {@code MultiActor}, with a progress bar and a summary table, see {@link ParallelFetch}.
 */
public final class QuickStart {
    private QuickStart() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the sample, printing to {@code out}; returns the exit status. */
    public static int run(String[] args, PrintStream out) {
        LoopbackHttpServer server = args.length == 0 ? LoopbackHttpServer.start() : null;
        List<String> urls = new ArrayList<>(List.of(args));
        if (server != null) {
            for (int i = 0; i < 200; i++) urls.add(server.url("/bytes/" + (10_000 + 997 * i)));
        }
        out.println("Konnect Curl on " + Curl.version());
        out.println("fetching " + urls.size() + " URLs concurrently on one Multi...");
        long start = System.nanoTime();
        List<CompletableFuture<Outcome<Void, Request.Response>>> stages = new ArrayList<>();
        int failed = 0;
        long bytes = 0;
        int reused = 0;
        // At most 16 connections per host: the other transfers queue and reuse them.
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withMaxHostConnections(16))) {
            for (String url : urls) stages.add(multi.process(Request.toMemory(url)).toCompletableFuture());
            CompletableFuture<Void> all = CompletableFuture.allOf(stages.toArray(new CompletableFuture[0]));
            while (!all.isDone()) multi.perform(Duration.ofMillis(200));
        }
        for (int i = 0; i < stages.size(); i++) {
            CompletableFuture<Outcome<Void, Request.Response>> stage = stages.get(i);
            if (stage.isCompletedExceptionally()) {
                failed++;
                out.println("  FAILED " + urls.get(i) + ": " + cause(stage).getMessage());
                continue;
            }
            Request.Response r = ((Outcome.Final<Void, Request.Response>) stage.join()).result();
            bytes += r.bodyBytes();
            if (r.connectionReused()) reused++;
            if (server == null) {
                out.printf("  %3d %9d bytes %6.1f ms %-8s %s%n", r.responseCode(), r.bodyBytes(),
                        r.totalTime().toNanos() / 1e6, r.httpVersion(), r.effectiveUrl());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("done: %d ok, %d failed, %.1f MB in %.2f s, %d of %d transfers reused a connection%n",
                stages.size() - failed, failed, bytes / 1e6, seconds, reused, stages.size());
        if (server != null) {
            out.println("the loopback server accepted " + server.acceptedConnections() + " connection(s)");
            server.close();
        }
        return failed == 0 ? 0 : 1;
    }

    private static Throwable cause(CompletableFuture<?> stage) {
        try {
            stage.join();
            return null;
        } catch (RuntimeException e) {
            return e.getCause() instanceof CurlError ? e.getCause() : e;
        }
    }
}
