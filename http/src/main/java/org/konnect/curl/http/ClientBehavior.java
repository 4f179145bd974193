package org.konnect.curl.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.CurlError;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.jni.LibcurlConstants;
import org.konnect.curl.streams.CurlSource;

/**
 * The client actor's state: calls waiting per origin, exchanges running, retries waiting for
 * their backoff. Every call is answered once: with its response, its error, or, when the client
 * or its MultiActor stops first, an {@link IllegalStateException}.
 */
final class ClientBehavior {
    private final ActorContext<HttpClientActor.Command> ctx;
    private final TimerScheduler<HttpClientActor.Command> timers;
    private final ActorRef<HttpClientActor.Command> self;
    private final ActorRef<MultiActor.Command> curl;
    private final HttpClientSettings settings;
    private final OriginQueues queues;
    private final Materializer materializer;
    private final ActorRef<MultiActor.Reply<List<ByteString>, HttpExchange.Result>> replies;
    /**
     * Each exchange and its call, until the MultiActor's final reply to the client, or, once the
     * head went out as an update, until the exchange ends (its body stream has the replies then).
     */
    private final Map<HttpExchange, Call> running = new IdentityHashMap<>();
    /**
     * The exchanges holding a slot of their origin. An exchange reports its end from its hooks
     * before the MultiActor's final reply, so the slot is freed then, the call answered at the reply.
     */
    private final Set<HttpExchange> slots = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Call> backingOff = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    ClientBehavior(ActorContext<HttpClientActor.Command> ctx, TimerScheduler<HttpClientActor.Command> timers,
                   ActorRef<MultiActor.Command> curl, HttpClientSettings settings) {
        this.ctx = ctx;
        this.timers = timers;
        this.self = ctx.getSelf();
        this.curl = curl;
        this.settings = settings;
        this.queues = new OriginQueues(settings.limits());
        this.materializer = Materializer.matFromSystem(ctx.getSystem());
        this.replies = ctx.messageAdapter(replyClass(), HttpClientActor.ExchangeReply::new);
        ctx.watchWith(curl, HttpClientActor.MultiActorGone.INSTANCE);
    }

    Behavior<HttpClientActor.Command> behavior() {
        return Behaviors.receive(HttpClientActor.Command.class)
                .onMessage(HttpClientActor.Send.class, s -> submit(new Call(s.request(), s.mode(), toActor(s.replyTo()), maxRedirects())))
                .onMessage(HttpClientActor.Ask.class, a -> submit(new Call(a.request(), a.mode(), toFuture(a.result()), maxRedirects())))
                .onMessage(HttpClientActor.ExchangeReply.class, this::onExchangeReply)
                .onMessage(HttpClientActor.ExchangeEnded.class, e -> ended(e.exchange()))
                .onMessage(HttpClientActor.RetryDue.class, this::onRetryDue)
                .onMessage(HttpClientActor.BodyTimedOut.class, t -> discard(t.exchange(), "not run within "
                        + settings.bodySubscriptionTimeout() + " (HttpClientSettings.bodySubscriptionTimeout)"))
                .onMessage(HttpClientActor.Discard.class, d -> discard(d.exchange(), "discarded"))
                .onMessage(HttpClientActor.MultiActorGone.class, g -> {
                    failAll("the MultiActor " + curl.path() + " stopped");
                    return Behaviors.stopped();
                })
                .onMessageEquals(HttpClientActor.Stop.INSTANCE, Behaviors::stopped)
                .onSignal(PostStop.class, s -> {
                    failAll("the HttpClient stopped");
                    return Behaviors.same();
                })
                .build();
    }

    private int maxRedirects() {
        return settings.redirects().maxRedirects();
    }

    private Behavior<HttpClientActor.Command> submit(Call call) {
        Origin origin = call.current.origin();
        switch (queues.admit(origin, call)) {
            case RUN:
                start(call);
                break;
            case FULL:
                call.fail(new QueueFullException(call.current, origin, settings.limits()));
                break;
            default:
                break;   // waits for an exchange of its origin to end
        }
        return Behaviors.same();
    }

    /** Starts an exchange for {@code call}, whose slot is taken already. */
    private void start(Call call) {
        HttpExchange.Mode mode = call.mode == HttpClientActor.BodyMode.STRICT ? HttpExchange.Mode.STRICT : HttpExchange.Mode.STREAMED;
        HttpExchange exchange = new HttpExchange(call.current, settings, mode, call.credentialsAllowed, call.redirectsLeft,
                ex -> self.tell(new HttpClientActor.ExchangeEnded(ex)));
        running.put(exchange, call);
        slots.add(exchange);
        if (exchange.upload() != null) {
            RequestBody.Streamed body = (RequestBody.Streamed) call.current.body();
            try {
                body.source().runWith(Sink.fromGraph(new RequestBodyFeeder(exchange.upload(), settings.windowBytes())), materializer);
            } catch (RuntimeException e) {
                exchange.upload().fail(e);
            }
        }
        curl.tell(new MultiActor.Process<>(exchange, replies));
    }

    private Behavior<HttpClientActor.Command> onExchangeReply(HttpClientActor.ExchangeReply r) {
        MultiActor.Reply<?, ?> reply = r.reply();
        HttpExchange exchange = (HttpExchange) reply.request();
        Call call = running.get(exchange);
        if (call == null) return Behaviors.same();
        if (reply instanceof MultiActor.Update<?, ?>) {
            call.respond(streamed(exchange));
            timers.startSingleTimer(exchange, new HttpClientActor.BodyTimedOut(exchange), settings.bodySubscriptionTimeout());
        } else if (reply instanceof MultiActor.Completed<?, ?> completed) {
            HttpExchange.Result result = (HttpExchange.Result) completed.result();
            running.remove(exchange);
            ended(exchange);
            call.respond(HttpResponse.strict(result.head(), result.body(), result.trailers()));
        } else {
            running.remove(exchange);
            ended(exchange);
            failedAttempt(call, exchange, ((MultiActor.Failed<?, ?>) reply).error());
        }
        return Behaviors.same();
    }

    /** The response whose body is the rest of the exchange, as a source that takes the exchange over. */
    private HttpResponse streamed(HttpExchange exchange) {
        CompletableFuture<HttpHeaders> trailers = exchange.trailers;
        Source<ByteString, NotUsed> body = CurlSource.fromRequests(curl, exchange::claim)
                .mapError(CurlError.class, e -> ExchangeErrors.of(exchange, settings, e))
                .mapMaterializedValue(done -> {
                    done.whenComplete((result, error) -> {
                        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        if (cause instanceof CurlError e) trailers.completeExceptionally(ExchangeErrors.of(exchange, settings, e));
                        else if (cause != null) trailers.completeExceptionally(cause);
                        else trailers.complete(result.trailers());
                    });
                    return NotUsed.getInstance();
                });
        return new HttpResponse(exchange.head(), new ResponseBody.Streamed(body), trailers,
                () -> self.tell(new HttpClientActor.Discard(exchange)));
    }

    /** The exchange ended: its origin's slot goes to the next waiting call. Idempotent. */
    private Behavior<HttpClientActor.Command> ended(HttpExchange exchange) {
        if (exchange.head() != null) running.remove(exchange);   // answered; no more replies to the client
        if (!slots.remove(exchange)) return Behaviors.same();
        timers.cancel(exchange);
        if (exchange.discarded() != null) {
            exchange.trailers.completeExceptionally(new IllegalStateException("the response body of " + exchange.request()
                    + " was " + exchange.discarded() + "; its transfer was cancelled"));
        }
        Call next = queues.release(exchange.request().origin());
        if (next != null) start(next);
        return Behaviors.same();
    }

    private void failedAttempt(Call call, HttpExchange exchange, CurlError error) {
        if (exchange.hop() != null) {
            follow303(call, exchange);
        } else if (retryable(call, error)) {
            call.retries++;
            backingOff.add(call);
            timers.startSingleTimer(call, new HttpClientActor.RetryDue(call), settings.retries().backoff(call.retries));
        } else {
            call.fail(ExchangeErrors.of(exchange, settings, error));
        }
    }

    private boolean retryable(Call call, CurlError error) {
        RetryPolicy p = settings.retries();
        HttpRequest r = call.current;
        return call.retries < p.maxRetries() && RetryPolicy.isConnectionLevel(error) && r.body().isReplayable()
                && (r.method().idempotent() || p.retryNonIdempotent());
    }

    /**
     * A 303 libcurl would have followed with the custom method: the client follows it with a GET,
     * keeping the original origin's credentials, Authorization and Cookie headers to that origin.
     */
    private void follow303(Call call, HttpExchange exchange) {
        URI target = exchange.hop();
        Origin to;
        try {
            to = Origin.of(target);
        } catch (IllegalArgumentException e) {
            call.fail(new CurlError(LibcurlConstants.CURLE_UNSUPPORTED_PROTOCOL, call.current + ": the 303 leads to " + target
                    + ", which is not http or https", null));
            return;
        }
        HttpRequest next = call.current.withUri(target).withMethod(HttpMethod.GET, RequestBody.empty());
        if (!to.equals(call.original.origin())) {
            call.credentialsAllowed = false;
            next = next.withHeaders(next.headers().without("Authorization").without("Cookie"));
        } else {
            call.credentialsAllowed = true;
        }
        call.redirectsLeft -= exchange.redirectsFollowed() + 1;
        call.current = next;
        submit(call);
    }

    private Behavior<HttpClientActor.Command> onRetryDue(HttpClientActor.RetryDue due) {
        if (backingOff.remove(due.call())) submit(due.call());
        return Behaviors.same();
    }

    private Behavior<HttpClientActor.Command> discard(HttpExchange exchange, String why) {
        if (exchange.discard(why)) curl.tell(new MultiActor.Cancel(exchange));   // its end fails the trailers
        return Behaviors.same();
    }

    /** Fails every call not answered yet, and cancels the exchanges whose bodies no stream runs. */
    private void failAll(String why) {
        List<Call> calls = new ArrayList<>(queues.drainWaiting());
        calls.addAll(backingOff);
        backingOff.clear();
        for (Map.Entry<HttpExchange, Call> e : running.entrySet()) {
            calls.add(e.getValue());
            if (e.getKey().discard(why)) {
                e.getKey().trailers.completeExceptionally(new IllegalStateException(why));
                curl.tell(new MultiActor.Cancel(e.getKey()));
            }
        }
        running.clear();
        slots.clear();
        for (Call c : calls) c.fail(new IllegalStateException(why + " before " + c + " was answered"));
    }

    private static Call.Answer toActor(ActorRef<HttpClientActor.Reply> replyTo) {
        return new Call.Answer() {
            @Override
            public void respond(HttpRequest request, HttpResponse response) {
                replyTo.tell(new HttpClientActor.Responded(request, response));
            }

            @Override
            public void fail(HttpRequest request, Throwable error) {
                replyTo.tell(new HttpClientActor.Failed(request, error));
            }
        };
    }

    private static Call.Answer toFuture(CompletableFuture<HttpResponse> result) {
        return new Call.Answer() {
            @Override
            public void respond(HttpRequest request, HttpResponse response) {
                result.complete(response);
            }

            @Override
            public void fail(HttpRequest request, Throwable error) {
                result.completeExceptionally(error);
            }
        };
    }

    /** A class literal cannot name type arguments: this one stands for {@code Reply<List<ByteString>, Result>}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<MultiActor.Reply<List<ByteString>, HttpExchange.Result>> replyClass() {
        return (Class) MultiActor.Reply.class;
    }
}
