package org.konnect.curl.actors;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.konnect.curl.RequestProtocol;

/**
 * Ask-style access to a {@link MultiActor} for code that is not an actor (and for tests):
 * the final result as a {@link CompletionStage}, continuing automatically after each
 * {@link MultiActor.Update} (optionally handing the update to a consumer first).
 *
 * <p>A small requester actor runs each ask, so the transfer has a live, watched requester for
 * its whole life. Failures complete the stage exceptionally with the {@link org.konnect.curl.CurlError};
 * a timeout cancels the transfer and completes it with a {@link TimeoutException}; a MultiActor
 * that stops (or is already gone) completes it with an {@link IllegalStateException}.
 */
public final class MultiAsk {
    private static final AtomicLong COUNTER = new AtomicLong();

    private MultiAsk() {}

    /**
     * The final result of {@code request}; updates are skipped.
     *
     * @param <U> the type of the request's interim updates
     * @param <R> the type of the request's final result
     * @param system the actor system the requester actor is spawned in
     * @param multiActor the {@link MultiActor} that runs the transfer
     * @param request the transfer to run
     * @param timeout the longest time until the final reply, updates included
     * @return a stage completed with the result, or exceptionally with the {@link org.konnect.curl.CurlError}
     *         or a {@link TimeoutException}
     */
    public static <U, R> CompletionStage<R> ask(ActorSystem<?> system, ActorRef<MultiActor.Command> multiActor,
                                                RequestProtocol<U, R> request, Duration timeout) {
        return ask(system, multiActor, request, timeout, update -> {});
    }

    /**
     * The final result of {@code request}; each update is handed to {@code onUpdate} (on the asker's thread).
     * If {@code onUpdate} throws, the transfer is cancelled and the stage fails with that exception.
     *
     * @param <U> the type of the request's interim updates
     * @param <R> the type of the request's final result
     * @param system the actor system the requester actor is spawned in
     * @param multiActor the {@link MultiActor} that runs the transfer
     * @param request the transfer to run
     * @param timeout the longest time until the final reply, updates included
     * @param onUpdate receives each update before the transfer continues
     * @return a stage completed with the result, or exceptionally with the {@link org.konnect.curl.CurlError},
     *         a {@link TimeoutException} or the exception {@code onUpdate} threw
     * @throws NullPointerException if {@code request} or {@code onUpdate} is {@code null}
     */
    public static <U, R> CompletionStage<R> ask(ActorSystem<?> system, ActorRef<MultiActor.Command> multiActor,
                                                RequestProtocol<U, R> request, Duration timeout,
                                                Consumer<? super U> onUpdate) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(onUpdate, "onUpdate");
        CompletableFuture<R> result = new CompletableFuture<>();
        system.systemActorOf(asker(multiActor, request, timeout, onUpdate, result),
                "konnect-curl-ask-" + COUNTER.incrementAndGet(), Props.empty());
        return result;
    }

    private enum Timeout { INSTANCE }

    /** The MultiActor stopped (or was never there): no reply will come. */
    private enum MultiActorGone { INSTANCE }

    @SuppressWarnings("unchecked")
    private static <U, R> Behavior<Object> asker(ActorRef<MultiActor.Command> multiActor, RequestProtocol<U, R> request,
                                                 Duration timeout, Consumer<? super U> onUpdate,
                                                 CompletableFuture<R> result) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ActorRef<MultiActor.Reply<U, R>> self = ctx.getSelf().narrow();
            timers.startSingleTimer(Timeout.INSTANCE, timeout);
            ctx.watchWith(multiActor, MultiActorGone.INSTANCE);
            multiActor.tell(new MultiActor.Process<>(request, self));
            return Behaviors.receive(Object.class)
                    .onMessage(MultiActor.Update.class, update -> {
                        try {
                            onUpdate.accept(((MultiActor.Update<U, R>) update).value());
                        } catch (RuntimeException e) {
                            multiActor.tell(new MultiActor.Cancel(request));
                            result.completeExceptionally(e);
                            return Behaviors.stopped();
                        }
                        multiActor.tell(new MultiActor.Process<>(request, self));
                        return Behaviors.same();
                    })
                    .onMessage(MultiActor.Completed.class, done -> {
                        result.complete(((MultiActor.Completed<U, R>) done).result());
                        return Behaviors.stopped();
                    })
                    .onMessage(MultiActor.Failed.class, failed -> {
                        result.completeExceptionally(failed.error());
                        return Behaviors.stopped();
                    })
                    .onMessage(MultiActorGone.class, gone -> {
                        result.completeExceptionally(new IllegalStateException("the MultiActor " + multiActor.path()
                                + " stopped before the final reply for " + request));
                        return Behaviors.stopped();
                    })
                    .onMessage(Timeout.class, t -> {
                        multiActor.tell(new MultiActor.Cancel(request));
                        result.completeExceptionally(new TimeoutException("no final reply for " + request + " within " + timeout));
                        return Behaviors.stopped();
                    })
                    .onSignal(PostStop.class, s -> {
                        result.completeExceptionally(new IllegalStateException("the asker stopped before a final reply"));
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
