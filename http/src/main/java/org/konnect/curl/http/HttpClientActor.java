package org.konnect.curl.http;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.konnect.curl.actors.MultiActor;

/**
 * The HTTP client as an actor, for code inside actors: send it {@link Send}, get exactly one
 * {@link Reply} per {@code Send}: {@link Responded} or {@link Failed}. It runs every exchange
 * through a {@link MultiActor}, keeps the per-origin queue ({@link OriginLimits}), retries
 * ({@link RetryPolicy}), and hands streamed bodies to the stream that runs them. Code outside
 * actors uses {@link HttpClient}, which wraps one.
 */
public final class HttpClientActor {
    private HttpClientActor() {}

    /** How a response's body is handed over. */
    public enum BodyMode {
        /** Collected first (at most {@link HttpClientSettings#maxBodyBytes()}): a {@link ResponseBody.Strict}. */
        STRICT,
        /** As it arrives, once the head is known: a {@link ResponseBody.Streamed}, to be run once. */
        STREAMED
    }

    /** Messages the client accepts. */
    public sealed interface Command permits Send, Stop, Internal {}

    /**
     * Send {@code request}; the one reply goes to {@code replyTo}.
     *
     * @param request the request
     * @param mode strict or streamed body
     * @param replyTo who gets the {@link Reply}
     */
    public record Send(HttpRequest request, BodyMode mode, ActorRef<Reply> replyTo) implements Command {
        /**
         * Checks the fields.
         *
         * @param request the request
         * @param mode the body mode
         * @param replyTo the requester
         */
        public Send {
            Objects.requireNonNull(request, "Send.request");
            Objects.requireNonNull(mode, "Send.mode");
            Objects.requireNonNull(replyTo, "Send.replyTo");
        }
    }

    /** Stop the client: every request not answered yet fails; its running exchanges are cancelled. */
    public enum Stop implements Command {
        /** The one stop message. */
        INSTANCE
    }

    /** The client's own messages (replies of its MultiActor, timers, ends of exchanges). */
    sealed interface Internal extends Command
            permits Ask, ExchangeReply, ExchangeEnded, RetryDue, BodyTimedOut, Discard, MultiActorGone {}

    /** From {@link HttpClient}: a request answered through a future. */
    record Ask(HttpRequest request, BodyMode mode, CompletableFuture<HttpResponse> result) implements Internal {}

    /** The MultiActor's reply about an exchange. */
    record ExchangeReply(MultiActor.Reply<?, ?> reply) implements Internal {}

    /** An exchange ended (sent from its hooks, on the MultiActor's thread). */
    record ExchangeEnded(HttpExchange exchange) implements Internal {}

    /** A retry's backoff is over. */
    record RetryDue(Call call) implements Internal {}

    /** A streamed body was not run in time. */
    record BodyTimedOut(HttpExchange exchange) implements Internal {}

    /** {@link HttpResponse#discardBody()}. */
    record Discard(HttpExchange exchange) implements Internal {}

    /** The MultiActor stopped. */
    enum MultiActorGone implements Internal { INSTANCE }

    /**
     * Replies to a {@link Send}; each names its request.
     */
    public sealed interface Reply permits Responded, Failed {
        /** @return the request of the {@link Send} answered */
        HttpRequest request();
    }

    /**
     * The response (a status of 400 or more included).
     *
     * @param request the request
     * @param response the response
     */
    public record Responded(HttpRequest request, HttpResponse response) implements Reply {}

    /**
     * No response: a libcurl error ({@link org.konnect.curl.CurlError}), {@link QueueFullException},
     * {@link BodyTooLargeException}, or an {@link IllegalStateException} when the client or its
     * MultiActor stopped first.
     *
     * @param request the request
     * @param error why
     */
    public record Failed(HttpRequest request, Throwable error) implements Reply {}

    /**
     * The client's behavior.
     *
     * @param curl the MultiActor that runs the exchanges; the client stops when it does
     * @param settings the client's settings
     * @return the behavior
     */
    public static Behavior<Command> create(ActorRef<MultiActor.Command> curl, HttpClientSettings settings) {
        Objects.requireNonNull(curl, "curl");
        Objects.requireNonNull(settings, "settings");
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ClientBehavior(ctx, timers, curl, settings).behavior()));
    }
}
