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
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlError;
import org.konnect.curl.WebSocket;
import org.konnect.curl.WebSocketClose;
import org.konnect.curl.WebSocketMessage;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.actors.MultiActorSettings;
import org.konnect.curl.streams.CurlWebSocket;
import org.konnect.curl.testservers.LoopbackWebSocketServer;

/**
 * A WebSocket session as a Pekko stream: numbered text messages go to an echo server through
 * {@link CurlWebSocket#flow} (one {@code MultiActor} runs the session), the echoes come back in
 * order, and the end of the messages closes the session with 1000. Offline on an embedded Jetty
 * WebSocket server unless a {@code ws://}/{@code wss://} echo URL is given. Prints the messages per
 * second. Usage: {@code WebSocketEcho [--messages N] [URL]}; exit status 0 when every echo came
 * back in order (or when the loaded libcurl has no WebSockets: it says so and which it needs), 1
 * on a failure, 2 for bad arguments.
 */
public final class WebSocketEcho {
    static final String USAGE = String.join("\n",
            "usage: WebSocketEcho [--messages N] [URL]",
            "  sends N numbered text messages (default 10000) to a WebSocket echo server and checks the echoes",
            "  URL  a ws:// or wss:// echo server (default: an embedded one)");

    private WebSocketEcho() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the sample, printing to {@code out}; returns the exit status. */
    public static int run(String[] args, PrintStream out) {
        int messages = 10_000;
        String url = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--messages")) {
                if (i + 1 == args.length || !args[i + 1].matches("\\d{1,9}")) return usage("--messages needs a number", out);
                messages = Integer.parseInt(args[++i]);
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                out.println(USAGE);
                return 0;
            } else if (url == null && (args[i].startsWith("ws://") || args[i].startsWith("wss://"))) {
                url = args[i];
            } else {
                return usage("unknown argument " + args[i], out);
            }
        }
        if (!WebSocket.isSupported()) {
            // Not an error of the sample's: ./run-sample runs on the system's libcurl, which may be older.
            out.println("WebSocketEcho: " + WebSocket.unsupportedReason() + ".");
            out.println("Run it on libcurl " + WebSocket.REQUIRED_LIBCURL + " or later (for this project's libcurl 8: "
                    + "LD_LIBRARY_PATH=~/.cache/konnect-curl/libcurl-8/usr/lib/x86_64-linux-gnu SAMPLE=WebSocketEcho ./run-sample).");
            return 0;
        }
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "websocket-echo",
                ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.log-dead-letters = off").withFallback(ConfigFactory.load()));
        LoopbackWebSocketServer server = url == null ? LoopbackWebSocketServer.start() : null;
        try {
            String target = url != null ? url : server.url("/echo");
            ActorRef<MultiActor.Command> curl = MultiActor.spawn(system, "curl", MultiActorSettings.create(system));
            out.println("WebSocketEcho on " + Curl.version().split(" ")[0] + ": " + messages + " messages to " + target);
            long started = System.nanoTime();
            Pair<CompletionStage<WebSocketClose>, CompletionStage<Long>> run = Source.range(1, messages)
                    .map(n -> WebSocketMessage.text("message " + n))
                    .viaMat(CurlWebSocket.flow(curl, target), Keep.right())
                    .zipWithIndex()
                    .toMat(Sink.fold(0L, (bad, echo) -> echo.first().text().equals("message " + (echo.second() + 1)) ? bad : bad + 1),
                            Keep.both())
                    .run(Materializer.matFromSystem(system));
            long wrong = run.second().toCompletableFuture().get(120, TimeUnit.SECONDS);
            WebSocketClose close = run.first().toCompletableFuture().get(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "echoed %d messages in %.2f s (%.0f messages/s each way), %d out of order; closed with %d%n",
                    messages, seconds, messages / seconds, wrong, close.code());
            return wrong == 0 ? 0 : 1;
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            out.println("error: " + (cause instanceof CurlError ? cause.getMessage() : cause.getClass().getSimpleName() + ": "
                    + cause.getMessage()));
            return 1;
        } finally {
            if (server != null) server.close();
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                out.println("warning: the actor system did not stop: " + e);
            }
        }
    }

    private static int usage(String problem, PrintStream out) {
        out.println("error: " + problem);
        out.println(USAGE);
        return 2;
    }
}
