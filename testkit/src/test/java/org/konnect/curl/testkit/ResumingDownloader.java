package org.konnect.curl.testkit;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.streams.CurlSource;

/**
 * A user's actor of the kind the test kit is for: it streams a download through a MultiActor
 * ({@link CurlSource}), and when the connection fails in the middle of the body it waits a
 * back-off and asks for the rest with {@code CURLOPT_RANGE}, a few times before it gives up.
 */
final class ResumingDownloader {
    private ResumingDownloader() {}

    /** Failures worth another attempt: the connection broke, or the body came short. */
    private static final Set<String> RETRYABLE = Set.of("CURLE_RECV_ERROR", "CURLE_PARTIAL_FILE", "CURLE_COULDNT_CONNECT",
            "CURLE_OPERATION_TIMEDOUT");

    sealed interface Command permits Fetch, Chunk, Ended, RetryNow {}

    /** Download {@code url}; the {@link Outcome} goes to {@code replyTo}. */
    record Fetch(String url, ActorRef<Outcome> replyTo) implements Command {}

    private record Chunk(ByteString bytes) implements Command {}

    private record Ended(Throwable error) implements Command {}

    private enum RetryNow implements Command { INSTANCE }

    /** What a fetch ended with. */
    sealed interface Outcome permits Downloaded, GaveUp {}

    /** The whole body, and how many transfers it took. */
    record Downloaded(byte[] body, int attempts) implements Outcome {}

    /** Every attempt failed; the last one with {@code codeName}. */
    record GaveUp(String codeName, int attempts) implements Outcome {}

    /** Told to the observer before each back-off: attempt {@code attempt} failed after {@code received} bytes. */
    record Retrying(int attempt, long received) {}

    static Behavior<Command> create(ActorRef<MultiActor.Command> curl, int maxAttempts, Duration backoff, ActorRef<Retrying> observer) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> idle(ctx, timers, curl, maxAttempts, backoff, observer)));
    }

    private static Behavior<Command> idle(ActorContext<Command> ctx, TimerScheduler<Command> timers, ActorRef<MultiActor.Command> curl,
                                          int maxAttempts, Duration backoff, ActorRef<Retrying> observer) {
        return Behaviors.receive(Command.class).onMessage(Fetch.class, fetch -> {
            Attempts attempts = new Attempts(ctx, timers, curl, fetch, maxAttempts, backoff, observer);
            attempts.start();
            return attempts.behavior();
        }).build();
    }

    private static final class Attempts {
        private final ActorContext<Command> ctx;
        private final TimerScheduler<Command> timers;
        private final ActorRef<MultiActor.Command> curl;
        private final Fetch fetch;
        private final int maxAttempts;
        private final Duration backoff;
        private final ActorRef<Retrying> observer;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int attempt;

        Attempts(ActorContext<Command> ctx, TimerScheduler<Command> timers, ActorRef<MultiActor.Command> curl, Fetch fetch,
                 int maxAttempts, Duration backoff, ActorRef<Retrying> observer) {
            this.ctx = ctx;
            this.timers = timers;
            this.curl = curl;
            this.fetch = fetch;
            this.maxAttempts = maxAttempts;
            this.backoff = backoff;
            this.observer = observer;
        }

        /** 16 chunks of 16 KiB: a window small enough that the test's 600,000 bytes fill it twice. */
        static final int WINDOW_BYTES = 256 * 1024;

        void start() {
            attempt++;
            long from = body.size();
            ActorRef<Command> self = ctx.getSelf();
            // Each chunk comes to this actor as a message; the stream's end follows the last one.
            ctx.pipeToSelf(CurlSource.download(curl, fetch.url(), h -> {
                if (from > 0) h.setopt(CurlOpt.RANGE, from + "-");
            }, WINDOW_BYTES).runWith(Sink.foreach(chunk -> self.tell(new Chunk(chunk))), ctx.getSystem()),
                    (done, error) -> new Ended(error));
        }

        Behavior<Command> behavior() {
            return Behaviors.receive(Command.class)
                    .onMessage(Chunk.class, c -> {
                        body.writeBytes(c.bytes().toArray());
                        return Behaviors.same();
                    })
                    .onMessage(Ended.class, this::onEnded)
                    .onMessage(RetryNow.class, r -> {
                        start();
                        return Behaviors.same();
                    })
                    .build();
        }

        private Behavior<Command> onEnded(Ended ended) {
            if (ended.error() == null) {
                fetch.replyTo().tell(new Downloaded(body.toByteArray(), attempt));
                return Behaviors.stopped();
            }
            Throwable cause = ended.error() instanceof CompletionException && ended.error().getCause() != null
                    ? ended.error().getCause() : ended.error();
            String code = cause instanceof CurlError e ? e.codeName() : cause.toString();
            if (attempt >= maxAttempts || !RETRYABLE.contains(code)) {
                fetch.replyTo().tell(new GaveUp(code, attempt));
                return Behaviors.stopped();
            }
            timers.startSingleTimer(RetryNow.INSTANCE, backoff);
            observer.tell(new Retrying(attempt, body.size()));   // after the timer: a test may let its time pass now
            return Behaviors.same();
        }
    }
}
