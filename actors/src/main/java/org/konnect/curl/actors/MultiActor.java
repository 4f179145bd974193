package org.konnect.curl.actors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.konnect.curl.CurlError;
import org.konnect.curl.Multi;
import org.konnect.curl.Outcome;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WebSocket;
import org.konnect.curl.WebSocketMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A libcurl multi handle owned by a Pekko typed actor, on its own pinned dispatcher thread.
 *
 * <p>Send {@link Process} to start a transfer or to continue it after an {@link Update}; every
 * {@code Process} is answered with exactly one {@link Reply}: the next {@link Update}, or the
 * final {@link Completed} or {@link Failed}. {@link Cancel} ends a transfer. Requesters are
 * watched: when one stops, its transfers are cancelled. While transfers run, the actor blocks
 * in {@link Multi#perform}; its {@link WakingMailbox} wakes it the moment a message arrives.
 *
 * <p>Spawn it with {@link #spawn(ActorContext, String)} (or with {@link #props()}), which applies
 * the dispatcher and mailbox it needs.
 */
public final class MultiActor {
    private MultiActor() {}

    // ---- protocol -------------------------------------------------------------------------

    /** Messages a MultiActor accepts. */
    public sealed interface Command permits Process, Cancel, Send, Close, Perform, RequesterStopped, CompletedElsewhere {}

    /**
     * Start {@code request}, or continue it after an {@link Update}; the reply goes to {@code replyTo}.
     * A {@code Process} for a request that already has one pending is answered at once with
     * {@link Failed}; the pending one is kept. The {@code replyTo} of the latest {@code Process}
     * is watched while the transfer lasts: when it stops, the transfer is cancelled.
     *
     * @param <U> the type of the request's interim updates
     * @param <R> the type of the request's final result
     * @param request the transfer, identified by identity: send the same object to continue it
     * @param replyTo who gets the {@link Reply}
     */
    public record Process<U, R>(RequestProtocol<U, R> request, ActorRef<Reply<U, R>> replyTo) implements Command {
        /**
         * Validates the fields.
         *
         * @param request the transfer to start or continue
         * @param replyTo who gets the one reply to this Process
         * @throws NullPointerException naming the missing field: a Process without either could
         *         not be answered
         */
        public Process {
            java.util.Objects.requireNonNull(request, "Process.request");
            java.util.Objects.requireNonNull(replyTo, "Process.replyTo");
        }
    }

    /**
     * End the transfer of {@code request}; a pending {@link Process} is answered with {@link Failed}.
     * Ignored for a request the actor does not know.
     *
     * @param request the request whose transfer to end
     */
    public record Cancel(RequestProtocol<?, ?> request) implements Command {
        /**
         * Validates the field.
         *
         * @param request the transfer to end
         * @throws NullPointerException when {@code request} is null
         */
        public Cancel {
            java.util.Objects.requireNonNull(request, "Cancel.request");
        }
    }

    /**
     * Send {@code message} on a {@link WebSocket} session that this actor runs (after a
     * {@link Process} of it): answered with {@link Sent} once the frame is handed to the socket,
     * or {@link SendFailed}. Messages go out in the order the actor gets them.
     *
     * @param session the WebSocket
     * @param message text, binary, a part or a ping
     * @param replyTo who gets the one {@link SendReply}
     */
    public record Send(WebSocket session, WebSocketMessage message, ActorRef<SendReply> replyTo) implements Command {
        /**
         * Validates the fields.
         *
         * @param session the WebSocket
         * @param message what to send
         * @param replyTo who gets the reply
         * @throws NullPointerException naming the missing field
         */
        public Send {
            java.util.Objects.requireNonNull(session, "Send.session");
            java.util.Objects.requireNonNull(message, "Send.message");
            java.util.Objects.requireNonNull(replyTo, "Send.replyTo");
        }
    }

    /**
     * Start a {@link WebSocket} session's closing handshake with {@code code} and {@code reason}
     * (after the messages sent before): answered with {@link Sent} (its message null) once the close
     * frame is out, or {@link SendFailed}. Processing the session goes on as before: the messages the
     * server still sends come first, then {@link Completed} with the server's answering close.
     *
     * @param session the WebSocket
     * @param code a status code a client may send (1000, 4000...)
     * @param reason at most 123 bytes as UTF-8
     * @param replyTo who gets the one {@link SendReply}
     */
    public record Close(WebSocket session, int code, String reason, ActorRef<SendReply> replyTo) implements Command {
        /**
         * Validates the fields.
         *
         * @param session the WebSocket
         * @param code the status code
         * @param reason the reason
         * @param replyTo who gets the reply
         * @throws NullPointerException naming the missing field
         */
        public Close {
            java.util.Objects.requireNonNull(session, "Close.session");
            java.util.Objects.requireNonNull(reason, "Close.reason");
            java.util.Objects.requireNonNull(replyTo, "Close.replyTo");
        }
    }

    /** Replies to a {@link Send} or a {@link Close}; each names its session. */
    public sealed interface SendReply permits Sent, SendFailed {
        /**
         * The session the frame was for.
         *
         * @return the WebSocket
         */
        WebSocket session();
    }

    /**
     * The frame is handed to the socket.
     *
     * @param session the WebSocket
     * @param message the message sent, or null for a {@link Close}
     */
    public record Sent(WebSocket session, WebSocketMessage message) implements SendReply {}

    /**
     * The frame was not sent: the session ended first (its {@link CurlError}), it is closing, or it
     * never started ({@link IllegalStateException}), or the close's arguments were refused.
     *
     * @param session the WebSocket
     * @param message the message, or null for a {@link Close}
     * @param error why
     */
    public record SendFailed(WebSocket session, WebSocketMessage message, Throwable error) implements SendReply {}

    /** Internal: run the event loop once. */
    enum Perform implements Command { INSTANCE }

    /** Internal: a watched requester stopped. */
    record RequesterStopped(ActorRef<?> requester) implements Command {}

    /**
     * Internal: a stage that completed on another thread than the actor's, handed back to the
     * actor to reply from its own thread. Never sent while {@link Multi} keeps its contract.
     */
    record CompletedElsewhere(RequestProtocol<Object, Object> request, ActorRef<Reply<Object, Object>> replyTo,
                              Outcome<Object, Object> outcome, Throwable error) implements Command {}

    /**
     * Replies to a {@link Process}; each names its request.
     *
     * @param <U> the type of the request's interim updates
     * @param <R> the type of the request's final result
     */
    public sealed interface Reply<U, R> permits Update, Completed, Failed {
        /**
         * The request this reply is about.
         *
         * @return the request of the {@link Process} answered
         */
        RequestProtocol<U, R> request();
    }

    /**
     * An interim value; send {@link Process} with the same request to continue.
     *
     * @param <U> the type of the request's interim updates
     * @param <R> the type of the request's final result
     * @param request the request
     * @param value the update, from {@link RequestProtocol#getUpdate()}
     */
    public record Update<U, R>(RequestProtocol<U, R> request, U value) implements Reply<U, R> {}

    /**
     * The final result.
     *
     * @param <U> the type of the request's interim updates
     * @param <R> the type of the request's final result
     * @param request the request
     * @param result the result, from {@link RequestProtocol#completed}
     */
    public record Completed<U, R>(RequestProtocol<U, R> request, R result) implements Reply<U, R> {}

    /**
     * The transfer failed, was cancelled, or the MultiActor stopped.
     *
     * @param <U> the type of the request's interim updates
     * @param <R> the type of the request's final result
     * @param request the request
     * @param error the failure; {@link CurlError#isCancelled()} when cancelled or stopped
     */
    public record Failed<U, R>(RequestProtocol<U, R> request, CurlError error) implements Reply<U, R> {}

    /** Answers a Process, Send or Close left in the mailbox of a stopped MultiActor; false for any other message. */
    static boolean answeredAtStop(Object message) {
        if (message instanceof Process<?, ?> process) {
            unhandledAtStop(process);
        } else if (message instanceof Send send) {
            send.replyTo().tell(new SendFailed(send.session(), send.message(),
                    CurlError.cancelled("the MultiActor stopped before it handled this Send")));
        } else if (message instanceof Close close) {
            close.replyTo().tell(new SendFailed(close.session(), null,
                    CurlError.cancelled("the MultiActor stopped before it handled this Close")));
        } else {
            return false;
        }
        return true;
    }

    private static <U, R> void unhandledAtStop(Process<U, R> process) {
        process.replyTo().tell(new Failed<>(process.request(),
                CurlError.cancelled("the MultiActor stopped before it handled this Process")));
    }

    // ---- creation -------------------------------------------------------------------------

    /**
     * The behavior, with the settings under {@code konnect.curl}. Spawn it with {@link #props()}.
     * Spawned without its mailbox, the actor fails at start with an {@link IllegalStateException};
     * on a dispatcher that is not a {@code PinnedDispatcher}, it fails once it runs on another
     * thread than the one that opened its multi.
     *
     * @return the behavior, which opens its {@link Multi} when the actor starts
     */
    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> start(ctx, MultiActorSettings.create(ctx.getSystem())));
    }

    /**
     * The behavior with explicit settings. Spawn it with {@link #props(MultiActorSettings)}.
     *
     * @param settings the multi options and the longest blocking wait
     * @return the behavior, which opens its {@link Multi} when the actor starts
     */
    public static Behavior<Command> create(MultiActorSettings settings) {
        return Behaviors.setup(ctx -> start(ctx, settings));
    }

    /**
     * The dispatcher and mailbox under {@code konnect.curl}; a MultiActor does not work without them.
     *
     * @return props selecting {@code konnect.curl.dispatcher} and {@code konnect.curl.mailbox}
     */
    public static Props props() {
        return props(MultiActorSettings.CONFIG_PATH + ".dispatcher", MultiActorSettings.CONFIG_PATH + ".mailbox");
    }

    /**
     * The dispatcher and mailbox named by {@code settings}.
     *
     * @param settings names the dispatcher and mailbox config sections
     * @return props selecting them
     */
    public static Props props(MultiActorSettings settings) {
        return props(settings.dispatcherPath(), settings.mailboxPath());
    }

    private static Props props(String dispatcher, String mailbox) {
        return Props.empty().withDispatcherFromConfig(dispatcher).withMailboxFromConfig(mailbox);
    }

    /**
     * Spawns a MultiActor as a child of {@code ctx}, with the configured settings.
     *
     * @param ctx the parent's context (use it on the parent's thread only, as Pekko requires)
     * @param name the child's name, unique among the parent's children
     * @return the new actor
     */
    public static ActorRef<Command> spawn(ActorContext<?> ctx, String name) {
        return ctx.spawn(create(), name, props());
    }

    /**
     * Spawns a MultiActor as a child of {@code ctx}, with {@code settings}.
     *
     * @param ctx the parent's context (use it on the parent's thread only, as Pekko requires)
     * @param name the child's name, unique among the parent's children
     * @param settings the settings, including the dispatcher and mailbox to spawn with
     * @return the new actor
     */
    public static ActorRef<Command> spawn(ActorContext<?> ctx, String name, MultiActorSettings settings) {
        return ctx.spawn(create(settings), name, props(settings));
    }

    /**
     * Spawns a top-level MultiActor in {@code system} (under {@code /system}), for code outside actors.
     *
     * @param system the actor system
     * @param name the actor's name, unique among the system's top-level system actors
     * @param settings the settings, including the dispatcher and mailbox to spawn with
     * @return the new actor; stop it (or the system) to close its {@link Multi}
     */
    public static ActorRef<Command> spawn(ActorSystem<?> system, String name, MultiActorSettings settings) {
        return system.systemActorOf(create(settings), name, props(settings));
    }

    // ---- behavior -------------------------------------------------------------------------

    private static Behavior<Command> start(ActorContext<Command> ctx, MultiActorSettings settings) {
        WakingMailbox.Queue mailbox = WakingMailbox.queueOf(Adapter.toClassic(ctx.getSelf()));
        if (mailbox == null) {
            throw new IllegalStateException("MultiActor " + ctx.getSelf().path() + " needs the mailbox "
                    + WakingMailbox.class.getName() + ": spawn it with MultiActor.spawn(...) or MultiActor.props()");
        }
        Multi multi = Multi.open(settings.multiOptions());
        return new Running(ctx, settings, mailbox, multi).behavior();
    }

    /**
     * The actor's state; touched only by the actor, on its own thread.
     *
     * <p>Replies are sent, and the state updated, from inside the completion of {@link Multi}'s
     * stages. That is safe only because a {@code Multi} completes its stages on its owner thread,
     * inside {@code process}, {@code perform}, {@code cancel} or {@code close}: here always within
     * one of this actor's message handlers. {@link #onStageCompleted} checks that, and hands a
     * stage completed elsewhere back to the actor as a {@link CompletedElsewhere} message.
     */
    private static final class Running {
        /** For what may be logged off the actor's thread, where its context must not be used. */
        private static final Logger OFF_THREAD_LOG = LoggerFactory.getLogger(MultiActor.class);
        /** Loop iterations within one Perform message, so that Pekko's own bookkeeping runs now and then. */
        private static final int MAX_LOOPS_PER_MESSAGE = 64;
        private final ActorContext<Command> ctx;
        /** The actor's own ref, safe to use from any thread (unlike {@link #ctx}). */
        private final ActorRef<Command> self;
        private final WakingMailbox.Queue mailbox;
        private final Multi multi;
        private final long maxBlockMillis;
        /** The requester answering for each transfer: the sender of its latest Process. */
        private final Map<RequestProtocol<?, ?>, ActorRef<?>> requesterOf = new IdentityHashMap<>();
        /** How many transfers each watched requester answers for. */
        private final Map<ActorRef<?>, Integer> transfersOf = new HashMap<>();
        private boolean performQueued;
        /** In PostStop: the context no longer watches or unwatches. */
        private boolean stopping;

        Running(ActorContext<Command> ctx, MultiActorSettings settings, WakingMailbox.Queue mailbox, Multi multi) {
            this.ctx = ctx;
            this.self = ctx.getSelf();
            this.mailbox = mailbox;
            this.multi = multi;
            this.maxBlockMillis = settings.maxBlock().toMillis();
        }

        Behavior<Command> behavior() {
            return Behaviors.receive(Command.class)
                    .onMessage(Process.class, this::onProcess)
                    .onMessage(Cancel.class, this::onCancel)
                    .onMessage(Send.class, this::onSend)
                    .onMessage(Close.class, this::onClose)
                    .onMessage(Perform.class, p -> onPerform())
                    .onMessage(RequesterStopped.class, this::onRequesterStopped)
                    .onMessage(CompletedElsewhere.class, this::onCompletedElsewhere)
                    .onSignal(PostStop.class, s -> onStop())
                    .onSignal(PreRestart.class, s -> onRestart())
                    .build();
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Behavior<Command> onProcess(Process p) {
            checkThread();
            RequestProtocol<Object, Object> request = p.request();
            ActorRef<Reply<Object, Object>> replyTo = p.replyTo();
            CompletionStage<Outcome<Object, Object>> stage;
            try {
                stage = multi.process(request);
            } catch (RuntimeException e) {
                // e.g. a second Process while one is pending: answer this one, keep the other.
                replyTo.tell(new Failed<>(request, new CurlError(CurlError.CURLE_ABORTED_BY_CALLBACK,
                        "Process refused: " + e.getMessage(), e)));
                return Behaviors.same();
            }
            answerFor(request, replyTo);
            // Runs on this thread: now if the outcome is known, else in a later perform/cancel/close.
            stage.whenComplete((outcome, error) -> onStageCompleted(request, replyTo, outcome, error));
            queuePerform();
            return Behaviors.same();
        }

        private Behavior<Command> onCancel(Cancel c) {
            checkThread();
            multi.cancel(c.request());   // a pending Process is answered through its stage
            release(c.request());
            return Behaviors.same();
        }

        private Behavior<Command> onSend(Send send) {
            checkThread();
            // On the multi's owner thread: sent now as far as the socket takes it; the stage
            // completes in this call or in a later perform, on this thread either way.
            answer(send.session(), send.message(), send.session().send(send.message()), send.replyTo());
            queuePerform();
            return Behaviors.same();
        }

        private Behavior<Command> onClose(Close close) {
            checkThread();
            CompletionStage<Void> sent;
            try {
                sent = close.session().close(close.code(), close.reason());
            } catch (IllegalArgumentException e) {
                close.replyTo().tell(new SendFailed(close.session(), null, e));
                return Behaviors.same();
            }
            answer(close.session(), null, sent, close.replyTo());
            queuePerform();
            return Behaviors.same();
        }

        private static void answer(WebSocket session, WebSocketMessage message, CompletionStage<Void> sent,
                                   ActorRef<SendReply> replyTo) {
            sent.whenComplete((ok, error) -> {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                replyTo.tell(cause == null ? new Sent(session, message) : new SendFailed(session, message, cause));
            });
        }

        private Behavior<Command> onRequesterStopped(RequesterStopped stopped) {
            checkThread();
            List<RequestProtocol<?, ?>> orphans = new ArrayList<>();
            requesterOf.forEach((request, requester) -> {
                if (requester.equals(stopped.requester())) orphans.add(request);
            });
            for (RequestProtocol<?, ?> request : orphans) {
                multi.cancel(request);
                release(request);
            }
            return Behaviors.same();
        }

        /**
         * Runs the event loop while transfers are active and nothing waits in the mailbox,
         * blocking in between; returns to the mailbox as soon as a message (or a system
         * message) is queued, after queueing the next Perform behind it.
         */
        private Behavior<Command> onPerform() {
            checkThread();
            performQueued = false;
            for (int i = 0; i < MAX_LOOPS_PER_MESSAGE && hasWork(); i++) {
                if (!mailbox.aboutToBlock(multi)) {
                    if (i == 0) multi.perform(0);   // messages keep coming: still make progress
                    break;
                }
                try {
                    multi.perform(maxBlockMillis);
                } finally {
                    mailbox.unblocked();
                }
            }
            queuePerform();
            return Behaviors.same();
        }

        private Behavior<Command> onStop() {
            stopping = true;
            multi.close();   // every pending stage fails: each pending Process gets its Failed
            return Behaviors.same();
        }

        /**
         * Restarted after a failure, under a restarting supervisor (as in a {@link MultiActorPool}):
         * this incarnation's transfers end here, each pending Process answered with Failed and its
         * requester unwatched; the next incarnation opens a new Multi on the same thread and
         * handles the messages still in the mailbox.
         */
        private Behavior<Command> onRestart() {
            multi.close();
            return Behaviors.same();
        }

        private Behavior<Command> onCompletedElsewhere(CompletedElsewhere c) {
            checkThread();
            reply(c.request(), c.replyTo(), c.outcome(), c.error());
            return Behaviors.same();
        }

        /** Transfers libcurl runs, or ones waiting for a slot, which the next perform starts. */
        private boolean hasWork() {
            return multi.activeTransfers() > 0 || multi.waitingTransfers() > 0;
        }

        private void queuePerform() {
            if (!performQueued && hasWork()) {
                performQueued = true;
                self.tell(Perform.INSTANCE);
            }
        }

        /**
         * A stage's completion. {@link #reply} touches the actor's state and context, so it runs
         * only on the actor's thread, which is the multi's owner; should a stage ever complete on
         * another thread, that is logged as the bug it is and the reply goes through the mailbox.
         */
        private void onStageCompleted(RequestProtocol<Object, Object> request, ActorRef<Reply<Object, Object>> replyTo,
                                      Outcome<Object, Object> outcome, Throwable error) {
            if (Thread.currentThread() == multi.owner()) {
                reply(request, replyTo, outcome, error);
                return;
            }
            OFF_THREAD_LOG.error("MultiActor {}: the stage for {} completed on thread {}, not on the multi's owner {};"
                    + " replying through the mailbox", self.path(), request, Thread.currentThread().getName(),
                    multi.owner().getName());
            self.tell(new CompletedElsewhere(request, replyTo, outcome, error));
        }

        /** Answers a Process from its stage's outcome; on the actor's thread only. */
        private void reply(RequestProtocol<Object, Object> request, ActorRef<Reply<Object, Object>> replyTo,
                           Outcome<Object, Object> outcome, Throwable error) {
            // Usually runs inside the stage's completion, where an exception would vanish into
            // the dependent stage: it is logged instead.
            try {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    CurlError curlError = cause instanceof CurlError ? (CurlError) cause
                            : new CurlError(CurlError.CURLE_ABORTED_BY_CALLBACK, String.valueOf(cause), cause);
                    replyTo.tell(new Failed<>(request, curlError));
                    release(request);
                } else if (outcome instanceof Outcome.Interim) {
                    replyTo.tell(new Update<>(request, ((Outcome.Interim<Object, Object>) outcome).value()));
                } else {
                    replyTo.tell(new Completed<>(request, ((Outcome.Final<Object, Object>) outcome).result()));
                    release(request);
                }
            } catch (RuntimeException e) {
                ctx.getLog().error("MultiActor could not reply to {} for {}", replyTo, request, e);
            }
        }

        /** Makes {@code requester} answer for {@code request}, watching it while it has transfers. */
        private void answerFor(RequestProtocol<?, ?> request, ActorRef<?> requester) {
            ActorRef<?> previous = requesterOf.put(request, requester);
            if (requester.equals(previous)) return;
            if (previous != null) forget(previous);
            int count = transfersOf.merge(requester, 1, Integer::sum);
            if (count == 1) ctx.watchWith(requester, new RequesterStopped(requester));
        }

        private void release(RequestProtocol<?, ?> request) {
            ActorRef<?> requester = requesterOf.remove(request);
            if (requester != null) forget(requester);
        }

        private void forget(ActorRef<?> requester) {
            int left = transfersOf.merge(requester, -1, Integer::sum);
            if (left <= 0) {
                transfersOf.remove(requester);
                if (!stopping) ctx.unwatch(requester);
            }
        }

        private void checkThread() {
            if (Thread.currentThread() != multi.owner()) {
                throw new IllegalStateException("MultiActor " + ctx.getSelf().path() + " must run on a PinnedDispatcher"
                        + " (it moved from thread " + multi.owner().getName() + " to " + Thread.currentThread().getName()
                        + "): spawn it with MultiActor.spawn(...) or MultiActor.props()");
            }
        }
    }
}
