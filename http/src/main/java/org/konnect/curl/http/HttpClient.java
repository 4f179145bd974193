package org.konnect.curl.http;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.actors.MultiActorSettings;

/**
 * The HTTP client for code outside actors: each request's response as a {@link CompletionStage}.
 * It wraps an {@link HttpClientActor} (its {@link #actor()}, for code inside actors) that runs the
 * exchanges through a {@link MultiActor}: the client's own, or a shared one.
 *
 * <pre>{@code
 * HttpClient http = HttpClient.create(system, HttpClientSettings.defaults());
 * http.send(HttpRequest.get("https://example.org/").withHeader("Accept", "text/html"))
 *     .thenAccept(r -> System.out.println(r.status() + " " + r.bodyText()));
 * }</pre>
 *
 * The stages complete on the actor system's dispatcher, never on the MultiActor's thread.
 */
public final class HttpClient implements AutoCloseable {
    private static final AtomicLong COUNTER = new AtomicLong();

    private final ActorSystem<?> system;
    private final ActorRef<HttpClientActor.Command> actor;
    private final ActorRef<MultiActor.Command> ownCurl;
    private final Executor executor;

    private HttpClient(ActorSystem<?> system, ActorRef<HttpClientActor.Command> actor, ActorRef<MultiActor.Command> ownCurl) {
        this.system = system;
        this.actor = actor;
        this.ownCurl = ownCurl;
        this.executor = system.executionContext();
    }

    /**
     * A client with a MultiActor of its own (the settings under {@code konnect.curl}), both stopped by {@link #close()}.
     *
     * @param system the actor system
     * @param settings the client's settings
     * @return the client
     */
    public static HttpClient create(ActorSystem<?> system, HttpClientSettings settings) {
        long n = COUNTER.incrementAndGet();
        ActorRef<MultiActor.Command> curl = MultiActor.spawn(system, "konnect-http-curl-" + n, MultiActorSettings.create(system));
        return new HttpClient(system, spawnClient(system, curl, settings, n), curl);
    }

    /**
     * A client over a MultiActor of the caller's, which {@link #close()} leaves running.
     *
     * @param system the actor system
     * @param curl the MultiActor
     * @param settings the client's settings
     * @return the client
     */
    public static HttpClient create(ActorSystem<?> system, ActorRef<MultiActor.Command> curl, HttpClientSettings settings) {
        return new HttpClient(system, spawnClient(system, curl, settings, COUNTER.incrementAndGet()), null);
    }

    private static ActorRef<HttpClientActor.Command> spawnClient(ActorSystem<?> system, ActorRef<MultiActor.Command> curl,
                                                                 HttpClientSettings settings, long n) {
        return system.systemActorOf(HttpClientActor.create(curl, settings), "konnect-http-client-" + n, Props.empty());
    }

    /**
     * Sends {@code request}; the response comes with its whole body ({@link ResponseBody.Strict}).
     *
     * @param request the request
     * @return the response, or a failure (see {@link HttpClientActor.Failed})
     */
    public CompletionStage<HttpResponse> send(HttpRequest request) {
        return ask(request, HttpClientActor.BodyMode.STRICT);
    }

    /**
     * Sends {@code request}; the response comes once its head is known, its body a stream to run
     * once ({@link ResponseBody.Streamed}).
     *
     * @param request the request
     * @return the response, or a failure (see {@link HttpClientActor.Failed})
     */
    public CompletionStage<HttpResponse> stream(HttpRequest request) {
        return ask(request, HttpClientActor.BodyMode.STREAMED);
    }

    private CompletionStage<HttpResponse> ask(HttpRequest request, HttpClientActor.BodyMode mode) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<HttpResponse> result = new CompletableFuture<>();
        actor.tell(new HttpClientActor.Ask(request, mode, result));
        // Continuations run on the dispatcher, not on the client actor that completes `result`.
        return result.whenCompleteAsync((r, e) -> {}, executor);
    }

    /**
     * The client actor, for code inside actors ({@link HttpClientActor.Send}).
     *
     * @return the actor
     */
    public ActorRef<HttpClientActor.Command> actor() {
        return actor;
    }

    /**
     * Stops the client (requests not answered fail) and its own MultiActor, if it has one.
     *
     * @return completes once they have stopped
     */
    public CompletionStage<Void> shutdown() {
        ActorRef<?>[] stopping = ownCurl == null ? new ActorRef<?>[] {actor} : new ActorRef<?>[] {actor, ownCurl};
        CompletionStage<Void> done = Termination.of(system, stopping);
        actor.tell(HttpClientActor.Stop.INSTANCE);
        if (ownCurl != null) Adapter.toClassic(system).stop(Adapter.toClassic(ownCurl));
        return done;
    }

    /** {@link #shutdown()}, without waiting. */
    @Override
    public void close() {
        shutdown();
    }
}
