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
import org.apache.pekko.actor.typed.javadsl.ActorContext;
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
        system.systemActorOf(Asker.create(multiActor, request, timeout, onUpdate, result),
                "konnect-curl-ask-" + COUNTER.incrementAndGet(), Props.empty());
        return result;
    }

    /**
     * The requester actor of one ask: sends {@link MultiActor.Process} until the final reply,
     * completes {@code result} and stops. Its protocol is private: only its own message adapter,
     * timer and watch send it anything.
     */
    private static final class Asker<U, R> {
        private sealed interface Message permits Replied, TimedOut, MultiActorGone {}

        /** A {@link MultiActor.Reply}, wrapped by the asker's message adapter. */
        private record Replied(MultiActor.Reply<?, ?> reply) implements Message {}

        /** The ask's timeout passed before the final reply. */
        private enum TimedOut implements Message { INSTANCE }

        /** The MultiActor stopped (or was never there): no reply will come. */
        private enum MultiActorGone implements Message { INSTANCE }

        private final ActorRef<MultiActor.Command> multiActor;
        private final RequestProtocol<U, R> request;
        private final Duration timeout;
        private final Consumer<? super U> onUpdate;
        private final CompletableFuture<R> result;
        /** Where the MultiActor replies; it also watches this ref, which ends with the asker. */
        private final ActorRef<MultiActor.Reply<U, R>> replyTo;

        static <U, R> Behavior<Message> create(ActorRef<MultiActor.Command> multiActor, RequestProtocol<U, R> request,
                                               Duration timeout, Consumer<? super U> onUpdate,
                                               CompletableFuture<R> result) {
            return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
                timers.startSingleTimer(TimedOut.INSTANCE, timeout);
                ctx.watchWith(multiActor, MultiActorGone.INSTANCE);
                return new Asker<>(ctx, multiActor, request, timeout, onUpdate, result).start();
            }));
        }

        private Asker(ActorContext<Message> ctx, ActorRef<MultiActor.Command> multiActor, RequestProtocol<U, R> request,
                      Duration timeout, Consumer<? super U> onUpdate, CompletableFuture<R> result) {
            this.multiActor = multiActor;
            this.request = request;
            this.timeout = timeout;
            this.onUpdate = onUpdate;
            this.result = result;
            this.replyTo = ctx.messageAdapter(replyClass(), Replied::new);
        }

        private Behavior<Message> start() {
            multiActor.tell(new MultiActor.Process<>(request, replyTo));
            return awaitingReply();
        }

        /** The only state: one Process is out, its reply (or the timeout, or the MultiActor's end) is due. */
        private Behavior<Message> awaitingReply() {
            return Behaviors.receive(Message.class)
                    .onMessage(Replied.class, this::onReplied)
                    .onMessage(TimedOut.class, this::onTimedOut)
                    .onMessage(MultiActorGone.class, this::onMultiActorGone)
                    .onSignal(PostStop.class, this::onPostStop)
                    .build();
        }

        private Behavior<Message> onReplied(Replied replied) {
            MultiActor.Reply<U, R> reply = ownReply(replied);
            if (reply instanceof MultiActor.Update<U, R> update) return continueAfter(update.value());
            if (reply instanceof MultiActor.Completed<U, R> completed) return succeed(completed.result());
            return fail(((MultiActor.Failed<U, R>) reply).error());
        }

        private Behavior<Message> continueAfter(U update) {
            try {
                onUpdate.accept(update);
            } catch (RuntimeException e) {
                return cancelAndFail(e);
            }
            multiActor.tell(new MultiActor.Process<>(request, replyTo));
            return Behaviors.same();
        }

        private Behavior<Message> onTimedOut(TimedOut timedOut) {
            return cancelAndFail(new TimeoutException("no final reply for " + request + " within " + timeout));
        }

        private Behavior<Message> onMultiActorGone(MultiActorGone gone) {
            return fail(new IllegalStateException("the MultiActor " + multiActor.path()
                    + " stopped before the final reply for " + request));
        }

        /** Stopped from outside (e.g. the actor system terminating): the stage must not stay pending. */
        private Behavior<Message> onPostStop(PostStop stop) {
            result.completeExceptionally(new IllegalStateException("the asker stopped before a final reply"));
            return Behaviors.same();
        }

        private Behavior<Message> succeed(R value) {
            result.complete(value);
            return Behaviors.stopped();
        }

        private Behavior<Message> cancelAndFail(Throwable error) {
            multiActor.tell(new MultiActor.Cancel(request));
            return fail(error);
        }

        private Behavior<Message> fail(Throwable error) {
            result.completeExceptionally(error);
            return Behaviors.stopped();
        }

        /** Replies reach the adapter only from Process messages carrying this asker's request. */
        @SuppressWarnings("unchecked")
        private MultiActor.Reply<U, R> ownReply(Replied replied) {
            return (MultiActor.Reply<U, R>) replied.reply();
        }

        /** A class literal cannot name type arguments: this one stands for {@code Reply<U, R>}. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private static <U, R> Class<MultiActor.Reply<U, R>> replyClass() {
            return (Class) MultiActor.Reply.class;
        }
    }
}
