package org.konnect.curl.samples;

import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.javadsl.FileIO;
import org.konnect.curl.CurlError;
import org.konnect.curl.http.HttpClient;
import org.konnect.curl.http.HttpClientSettings;
import org.konnect.curl.http.HttpRequest;
import org.konnect.curl.http.HttpResponse;
import org.konnect.curl.http.RequestBody;
import org.konnect.curl.testservers.LoopbackHttpServer;

/**
 * The HTTP client's three everyday tasks, offline against an embedded Jetty server: a GET with
 * headers, a streamed upload of a file, and a download with progress into a file (the body as a
 * back-pressured stream). Usage: {@code HttpTour [--size BYTES] [--trace]}; exit status 0 when
 * every task checks out, 1 when not (or on a failure), 2 for bad arguments.
 */
public final class HttpTour {
    static final String USAGE = String.join("\n",
            "usage: HttpTour [--size BYTES] [--trace]",
            "  a GET with headers, a streamed file upload and a download with progress, on an embedded server",
            "  --size   size of the uploaded and downloaded files in bytes (default 20000000)",
            "  --trace  print stack traces of errors");
    private static final long WAIT_SECONDS = 120;

    private HttpTour() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the sample, printing to {@code out}; returns the exit status. */
    public static int run(String[] args, PrintStream out) {
        long size = 20_000_000;
        boolean trace = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trace" -> trace = true;
                case "--size" -> {
                    if (i + 1 == args.length || !args[i + 1].matches("\\d{1,10}")) return usage("--size needs a number of bytes", out);
                    size = Long.parseLong(args[++i]);
                }
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    return usage("unknown argument " + args[i], out);
                }
            }
        }
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "http-tour",
                ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.log-dead-letters = off").withFallback(ConfigFactory.load()));
        Path dir = null;
        HttpClient http = HttpClient.create(system, HttpClientSettings.defaults());
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            dir = Files.createTempDirectory("http-tour");
            boolean ok = get(http, server, out) & upload(http, server, dir, size, out) & download(http, system, server, dir, size, out);
            out.println(ok ? "all three tasks checked out" : "error: a task did not check out");
            return ok ? 0 : 1;
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            out.println("error: " + (cause instanceof CurlError ? cause.getMessage() : cause.getClass().getSimpleName() + ": "
                    + cause.getMessage()));
            if (trace) cause.printStackTrace(out);
            return 1;
        } finally {
            try {
                http.shutdown().toCompletableFuture().get(30, TimeUnit.SECONDS);
                if (dir != null) deleteTree(dir);
            } catch (Exception e) {
                out.println("warning: cleaning up failed: " + e);
            }
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                out.println("warning: the actor system did not stop: " + e);
            }
        }
    }

    /** 1. A GET with headers; the server's /echo names each X- header it got. */
    private static boolean get(HttpClient http, LoopbackHttpServer server, PrintStream out) throws Exception {
        HttpResponse r = http.send(HttpRequest.get(server.url("/echo"))
                        .withHeader("Accept", "application/octet-stream")
                        .withHeader("X-Request-Id", "tour-1"))
                .toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        String echoed = r.headers().first("X-Echo-X-Request-Id").orElse("(none)");
        out.printf(Locale.ROOT, "GET /echo: %d %s over %s, the server saw X-Request-Id: %s%n", r.status(), r.reason(), r.version(), echoed);
        return r.status() == 200 && echoed.equals("tour-1");
    }

    /** 2. A file uploaded as a stream: read while it is sent, never whole in memory. */
    private static boolean upload(HttpClient http, LoopbackHttpServer server, Path dir, long size, PrintStream out) throws Exception {
        Path file = dir.resolve("upload.bin");
        Files.write(file, LoopbackHttpServer.pattern((int) size));
        HttpResponse r = http.stream(HttpRequest.put(server.url("/echo"), RequestBody.ofFile(file)))
                .toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        r.discardBody();   // the echo of the upload is not needed
        String seen = r.headers().first("X-Body-Length").orElse("?");
        out.printf(Locale.ROOT, "PUT /echo: %d, uploaded %,d bytes from %s, the server read %s%n", r.status(), size,
                file.getFileName(), seen);
        return r.status() == 200 && seen.equals(String.valueOf(size));
    }

    /** 3. A download into a file with progress: the body is a stream, demand drives the transfer. */
    private static boolean download(HttpClient http, ActorSystem<?> system, LoopbackHttpServer server, Path dir, long size,
                                    PrintStream out) throws Exception {
        Path file = dir.resolve("download.bin");
        HttpResponse r = http.stream(HttpRequest.get(server.url("/bytes/" + size)))
                .toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        long total = r.headers().first("Content-Length").map(Long::parseLong).orElse(-1L);
        AtomicLong received = new AtomicLong();
        AtomicInteger shown = new AtomicInteger();
        IOResult written = r.body().source()
                .map(chunk -> {
                    long now = received.addAndGet(chunk.length());
                    int percent = total > 0 ? (int) (now * 100 / total) : 0;
                    if (percent / 25 > shown.get()) {
                        shown.set(percent / 25);
                        out.printf(Locale.ROOT, "  progress: %3d%% (%,d of %,d bytes)%n", percent, now, total);
                    }
                    return chunk;
                })
                .runWith(FileIO.toPath(file), system)
                .toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        boolean same = LoopbackHttpServer.isPattern(Files.readAllBytes(file));
        out.printf(Locale.ROOT, "GET /bytes: %d, %,d bytes written to %s, %s%n", r.status(), written.count(), file.getFileName(),
                same ? "identical to what the server sent" : "DIFFERENT from what the server sent");
        return r.status() == 200 && written.count() == size && same;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static int usage(String problem, PrintStream out) {
        out.println("error: " + problem);
        out.println(USAGE);
        return 2;
    }
}
