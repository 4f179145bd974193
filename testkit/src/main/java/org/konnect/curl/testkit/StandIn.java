package org.konnect.curl.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.konnect.curl.CurlError;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.UnboundHandles;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * The behavior behind a {@link ScriptedMultiActor}: the MultiActor's protocol and lifecycle
 * (one reply per {@code Process}, updates only to a pending {@code Process}, {@code Cancel},
 * watched requesters, every pending {@code Process} answered when it stops), with scripts
 * played by a {@link StepPlayer} in place of libcurl. Its own messages (a resume, a wake-up, a
 * release, a sync) come from the scheduler, other threads and the test, through its mailbox.
 */
final class StandIn implements StepPlayer.Host {
    /** {@code ConfigHandle.pause} of a transfer, from any thread. */
    record Resume(ScriptedTransfer transfer, int bitmask) {}

    /** The end of the wait named {@code token}. */
    record Wake(ScriptedTransfer transfer, long token) {}

    /** The test releases a stall. */
    record Release(RecordedRequest request) {}

    /** A watched requester stopped. */
    record RequesterStopped(ActorRef<?> requester) {}

    /** Answered with whether every transfer waits (none is in the middle of a long upload). */
    record Sync(ActorRef<Boolean> replyTo) {}

    /** Who hears of each request the stand-in sees and each Cancel it receives (the test's side). */
    interface Observer {
        /** A new request, after it was configured and its first steps played. */
        void requested(RecordedRequest request);

        /** A Cancel arrived for {@code request}, or its requester stopped. */
        void cancelled(RecordedRequest request);
    }

    /** Matches the message a real MultiActor's refused Process carries. */
    private static final String REFUSED = "Process refused: process: this request already has a pending stage; wait for it"
            + " before processing the request again";

    private final ActorContext<Object> ctx;
    private final List<Script> scripts;
    private final int[] used;
    private final Observer observer;
    private final StepPlayer player = new StepPlayer(this);
    private final Map<RequestProtocol<?, ?>, ScriptedTransfer> live = new IdentityHashMap<>();
    /** Every request seen, so that a Cancel of one that has ended is reported with what it did. */
    private final Map<RequestProtocol<?, ?>, RecordedRequest> seen = new IdentityHashMap<>();
    private final Map<ActorRef<?>, Integer> transfersOf = new HashMap<>();
    /** In PostStop: the context no longer watches or unwatches. */
    private boolean stopping;

    private StandIn(ActorContext<Object> ctx, List<Script> scripts, Observer observer) {
        this.ctx = ctx;
        this.scripts = scripts;
        this.used = new int[scripts.size()];
        this.observer = observer;
    }

    static Behavior<MultiActor.Command> create(List<Script> scripts, Observer observer) {
        Behavior<Object> behavior = Behaviors.setup(ctx -> new StandIn(ctx, List.copyOf(scripts), observer).behavior());
        return behavior.narrow();
    }

    private Behavior<Object> behavior() {
        return Behaviors.receive(Object.class)
                .onMessage(MultiActor.Process.class, this::onProcess)
                .onMessage(MultiActor.Cancel.class, this::onCancel)
                .onMessage(Resume.class, m -> {
                    if (!m.transfer().ended) player.pause(m.transfer(), m.bitmask());
                    return Behaviors.same();
                })
                .onMessage(Wake.class, m -> {
                    ScriptedTransfer t = m.transfer();
                    if (!t.ended && m.token() == t.waitToken) player.wake(t);
                    return Behaviors.same();
                })
                .onMessage(Release.class, m -> {
                    ScriptedTransfer t = live.get(m.request().request());
                    if (t != null && t.recorded == m.request()) player.release(t);   // not a later transfer of the same request
                    return Behaviors.same();
                })
                .onMessage(RequesterStopped.class, this::onRequesterStopped)
                .onMessage(Sync.class, m -> {
                    m.replyTo().tell(live.values().stream().noneMatch(t -> t.wait == ScriptedTransfer.Wait.BUSY));
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, s -> {
                    stopping = true;
                    for (ScriptedTransfer t : new ArrayList<>(live.values())) end(t, CurlError.cancelled("Multi closed"));
                    return Behaviors.same();
                })
                .build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Behavior<Object> onProcess(MultiActor.Process p) {
        RequestProtocol<Object, Object> request = p.request();
        ActorRef<MultiActor.Reply<Object, Object>> replyTo = p.replyTo();
        ScriptedTransfer t = live.get(request);
        if (t != null && t.pending != null) {
            replyTo.tell(new MultiActor.Failed<>(request, new CurlError(CurlError.CURLE_ABORTED_BY_CALLBACK, REFUSED, null)));
            return Behaviors.same();
        }
        if (t == null) {
            start(request, replyTo);
            return Behaviors.same();
        }
        t.pending = replyTo;
        t.recorded.processed();
        answerFor(t, replyTo);
        advance(t);
        return Behaviors.same();
    }

    private void start(RequestProtocol<Object, Object> request, ActorRef<MultiActor.Reply<Object, Object>> replyTo) {
        RecordedRequest recorded = new RecordedRequest(request, r -> ctx.getSelf().tell(new Release(r)));
        seen.put(request, recorded);
        ScriptedTransfer t = new ScriptedTransfer(request, recorded, ctx.getSelf());
        live.put(request, t);
        t.pending = replyTo;
        recorded.processed();
        answerFor(t, replyTo);
        try {
            UnboundHandles.configure(request, t);
        } catch (Throwable e) {
            end(t, hookFailure("configureHandle", e));
            observer.requested(recorded);
            return;
        }
        Script script;
        try {
            script = match(recorded);
        } catch (RuntimeException e) {
            end(t, new CurlError(LibcurlConstants.CURLE_COULDNT_CONNECT, "ScriptedMultiActor: a script's predicate threw on "
                    + recorded.method() + " " + recorded.url() + ": " + e, e));
            observer.requested(recorded);
            return;
        }
        if (script == null) {
            CurlError unscripted = new CurlError(LibcurlConstants.CURLE_COULDNT_CONNECT, unscriptedMessage(recorded), null);
            ctx.getLog().warn(unscripted.getMessage());
            end(t, unscripted);
            observer.requested(recorded);
            return;
        }
        t.begin(script);
        player.play(t);
        // After the first steps: a delay or timeout they reached is scheduled before the test sees the request.
        observer.requested(recorded);
    }

    private Script match(RecordedRequest recorded) {
        for (int i = 0; i < scripts.size(); i++) {
            if (used[i] < scripts.get(i).uses() && scripts.get(i).matches(recorded)) {
                used[i]++;
                return scripts.get(i);
            }
        }
        return null;
    }

    private String unscriptedMessage(RecordedRequest recorded) {
        StringBuilder m = new StringBuilder("ScriptedMultiActor: no script for ").append(recorded.method()).append(' ')
                .append(recorded.url()).append("; the scripts:");
        if (scripts.isEmpty()) m.append(" none");
        for (int i = 0; i < scripts.size(); i++) {
            m.append(i == 0 ? " " : "; ").append(i + 1).append(". ").append(scripts.get(i).description());
            if (used[i] >= scripts.get(i).uses()) m.append(" [used up]");
        }
        return m.toString();
    }

    /**
     * A Process arrived for a running transfer, as {@code Transfers.advance} handles it: an update,
     * or its end (a failed transfer, too, hands over the updates made before it failed).
     */
    private void advance(ScriptedTransfer t) {
        boolean callbackThrew = t.failure != null && t.failure.getCause() != null;   // ends at once, as in the engine
        if (!callbackThrew && deliverUpdate(t)) return;
        if (t.failure != null) {
            end(t, t.failure);
        } else if (t.done) {
            complete(t);
        }
    }

    /** Hands a pending Process the request's update, if it has one; true when the Process was answered. */
    private boolean deliverUpdate(ScriptedTransfer t) {
        Object update;
        try {
            if (!t.request.hasUpdate()) return false;
            update = t.request.getUpdate();
        } catch (Throwable e) {
            end(t, hookFailure("hasUpdate/getUpdate", e));
            return true;
        }
        ActorRef<MultiActor.Reply<Object, Object>> replyTo = t.pending;
        t.pending = null;
        replyTo.tell(new MultiActor.Update<>(t.request, update));
        return true;
    }

    private void complete(ScriptedTransfer t) {
        Object result;
        try {
            result = UnboundHandles.complete(t.request, t);
        } catch (Throwable e) {
            end(t, hookFailure("completed", e));
            return;
        }
        ActorRef<MultiActor.Reply<Object, Object>> replyTo = t.pending;
        release(t);
        t.recorded.outcome("completed");
        replyTo.tell(new MultiActor.Completed<>(t.request, result));
    }

    /** Ends a transfer with {@code error}: its {@code failed} hook, then the pending Process's {@code Failed}. */
    private void end(ScriptedTransfer t, CurlError error) {
        if (t.ended) return;
        ActorRef<MultiActor.Reply<Object, Object>> replyTo = t.pending;
        release(t);
        try {
            t.request.failed(error);
        } catch (Throwable e) {
            error.addSuppressed(e);
        }
        t.recorded.outcome(error.isCancelled() ? "cancelled" : "failed: " + error.getMessage());
        if (replyTo != null) replyTo.tell(new MultiActor.Failed<>(t.request, error));
    }

    private void release(ScriptedTransfer t) {
        t.ended = true;
        t.pending = null;
        t.wait = ScriptedTransfer.Wait.FINISHED;
        live.remove(t.request);
        if (t.requester != null) forget(t.requester);
        t.requester = null;
    }

    private static CurlError hookFailure(String hook, Throwable e) {
        return new CurlError(CurlError.CURLE_ABORTED_BY_CALLBACK, hook + " threw " + e, e);
    }

    private Behavior<Object> onCancel(MultiActor.Cancel c) {
        ScriptedTransfer t = live.get(c.request());
        if (t != null) end(t, CurlError.cancelled("transfer cancelled by Multi.cancel"));
        RecordedRequest recorded = seen.get(c.request());
        observer.cancelled(recorded != null ? recorded : neverProcessed(c.request()));
        return Behaviors.same();
    }

    private RecordedRequest neverProcessed(RequestProtocol<?, ?> request) {
        RecordedRequest r = new RecordedRequest(request, x -> {});
        r.outcome("never processed");
        return r;
    }

    private Behavior<Object> onRequesterStopped(RequesterStopped stopped) {
        for (ScriptedTransfer t : new ArrayList<>(live.values())) {
            if (stopped.requester().equals(t.requester)) {
                end(t, CurlError.cancelled("transfer cancelled by Multi.cancel"));
                observer.cancelled(t.recorded);
            }
        }
        return Behaviors.same();
    }

    private void answerFor(ScriptedTransfer t, ActorRef<?> requester) {
        ActorRef<?> previous = t.requester;
        t.requester = requester;
        if (requester.equals(previous)) return;
        if (previous != null) forget(previous);
        if (transfersOf.merge(requester, 1, Integer::sum) == 1) ctx.watchWith(requester, new RequesterStopped(requester));
    }

    private void forget(ActorRef<?> requester) {
        int left = transfersOf.merge(requester, -1, Integer::sum);
        if (left <= 0) {
            transfersOf.remove(requester);
            if (!stopping) ctx.unwatch(requester);
        }
    }

    // ---- StepPlayer.Host ------------------------------------------------------------------

    @Override
    public void touched(ScriptedTransfer t) {
        if (t.pending != null && !t.ended) deliverUpdate(t);
    }

    @Override
    public void failed(ScriptedTransfer t, CurlError error) {
        if (t.pending != null) {
            end(t, error);
        } else {
            t.failure = error;   // as a Multi keeps a failure until the request is processed again
        }
    }

    @Override
    public void scriptEnded(ScriptedTransfer t) {
        t.done = true;
        if (t.pending != null) advance(t);
    }

    @Override
    public void wakeAfter(ScriptedTransfer t, long token, Duration delay) {
        Wake wake = new Wake(t, token);
        if (delay == null) ctx.getSelf().tell(wake);
        else ctx.scheduleOnce(delay, ctx.getSelf(), wake);
    }
}
