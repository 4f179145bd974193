package org.konnect.curl.samples;

import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Compression;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.actors.MultiActorSettings;
import org.konnect.curl.streams.CurlSink;
import org.konnect.curl.streams.CurlSource;
import org.konnect.curl.streams.TransferInfo;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackSshServer;

/**
 * Download → transform → upload as one Pekko stream, with no file in between and bounded
 * memory: an HTTP download from an embedded Jetty server is gzip-compressed on the fly and
 * uploaded over SFTP to an embedded MINA SSHD server; both transfers run in one MultiActor.
 * Then the sample streams the uploaded file back over SFTP, gunzips it and checks it against
 * what the HTTP server sent. Usage: {@code StreamCopy [--size BYTES] [--trace]}; exit status 0
 * when the copy verifies, 1 when not (or on a failure), 2 for bad arguments.
 */
public final class StreamCopy {
    static final String USAGE = String.join("\n",
            "usage: StreamCopy [--size BYTES] [--trace]",
            "  streams an HTTP download through gzip into an SFTP upload, then reads it back to verify",
            "  --size   body size in bytes (default 20000000)",
            "  --trace  print stack traces of errors");

    private StreamCopy() {}

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
                    if (i + 1 == args.length || !args[i + 1].matches("\\d{1,12}")) return usage("--size needs a number of bytes", out);
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
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "stream-copy",
                ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.log-dead-letters = off").withFallback(ConfigFactory.load()));
        try (LoopbackHttpServer http = LoopbackHttpServer.start(); LoopbackSshServer ssh = LoopbackSshServer.start()) {
            ActorRef<MultiActor.Command> curl = MultiActor.spawn(system, "curl", MultiActorSettings.create(system));
            Materializer materializer = Materializer.matFromSystem(system);
            String from = http.url("/bytes/" + size);
            String to = ssh.sftpUrl("/copy.gz");
            out.println("StreamCopy: " + from + "  →  gzip  →  " + to);

            long started = System.nanoTime();
            Pair<CompletionStage<TransferInfo>, CompletionStage<TransferInfo>> copy = CurlSource.download(curl, from)
                    .via(Compression.gzip())
                    .toMat(CurlSink.upload(curl, to, login(ssh)), Keep.both())
                    .run(materializer);
            TransferInfo downloaded = copy.first().toCompletableFuture().get(120, TimeUnit.SECONDS);
            TransferInfo uploaded = copy.second().toCompletableFuture().get(120, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "downloaded %,d bytes (HTTP %d, %s), uploaded %,d gzip bytes (%s) in %.2f s%n",
                    downloaded.bytesDownloaded(), downloaded.responseCode(), downloaded.httpVersion(), uploaded.bytesUploaded(),
                    uploaded.scheme(), seconds);

            // Read it back: SFTP download → gunzip → compare with the pattern the HTTP server sends.
            long[] checked = CurlSource.download(curl, to, login(ssh))
                    .via(Compression.gunzip(64 * 1024))
                    .runWith(Sink.fold(new long[] {0, 0}, StreamCopy::compare), materializer)
                    .toCompletableFuture().get(120, TimeUnit.SECONDS);
            if (checked[0] == size && checked[1] == 0) {
                out.printf(Locale.ROOT, "verified: the SFTP file gunzips to the %,d bytes the HTTP server sent%n", size);
                return 0;
            }
            out.printf(Locale.ROOT, "error: the copy differs: %,d bytes back, %,d differing, %,d expected%n", checked[0], checked[1], size);
            return 1;
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            out.println("error: " + (cause instanceof CurlError ? cause.getMessage() : cause.getClass().getSimpleName() + ": "
                    + cause.getMessage()));
            if (trace) cause.printStackTrace(out);
            return 1;
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                out.println("warning: the actor system did not stop: " + e);
            }
        }
    }

    private static java.util.function.Consumer<ConfigHandle> login(LoopbackSshServer ssh) {
        return h -> {
            h.setopt(CurlOpt.USERNAME, LoopbackSshServer.USER);
            h.setopt(CurlOpt.PASSWORD, LoopbackSshServer.PASSWORD);
            h.setopt(CurlOpt.byName("SSH_HOST_PUBLIC_KEY_SHA256"), ssh.hostKeySha256());   // no unchecked host keys
        };
    }

    /** Counts the bytes seen so far ({@code state[0]}) and those that differ from the servers' pattern ({@code state[1]}). */
    private static long[] compare(long[] state, ByteString chunk) {
        long offset = state[0];
        for (int i = 0; i < chunk.length(); i++) {
            if (chunk.apply(i) != (byte) ((offset + i) % 251)) state[1]++;
        }
        state[0] += chunk.length();
        return state;
    }

    private static int usage(String problem, PrintStream out) {
        out.println("error: " + problem);
        out.println(USAGE);
        return 2;
    }
}
