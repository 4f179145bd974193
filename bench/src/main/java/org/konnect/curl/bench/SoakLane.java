package org.konnect.curl.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.actors.MultiActor;

/**
 * One workload of the soak, as a requester actor: it starts transfers at a steady rate (paced
 * by a timer, up to a number in flight) on one MultiActor and counts what comes back. A lane
 * either lets its transfers complete, cancels each a while after it started, or hands each to
 * a child requester that stops itself once its transfer runs, leaving the MultiActor's watch
 * to cancel it.
 */
final class SoakLane {
    private SoakLane() {}

    /** What a lane does with its transfers. */
    enum Kind {
        /** Each must complete with 200. */
        COMPLETE,
        /** Each is cancelled {@code cancelAfter} after it started (unless it completed first). */
        CANCEL,
        /** Each runs in a child requester that stops on the transfer's first bytes. */
        STOP
    }

    /**
     * A lane's workload.
     *
     * @param version the HTTP version to ask for, or null for libcurl's default
     * @param caFile the CA to verify the server with (HTTPS), or null
     * @param perSecond transfers started per second
     * @param maxInFlight transfers pending at most (the rate yields to it)
     * @param cancelAfter for {@link Kind#CANCEL}: how long a transfer runs before its Cancel
     */
    record Spec(String name, Kind kind, String url, HttpVersion version, String caFile, double perSecond, int maxInFlight,
                Duration cancelAfter) {}

    /** A lane's counts; written by the lane, read by the sampler. */
    static final class Stats {
        final Spec spec;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final AtomicLong cancelled = new AtomicLong();
        final AtomicLong stoppers = new AtomicLong();
        final AtomicLong unexpected = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong pending = new AtomicLong();
        /** The first unexpected failures, in full. */
        final Queue<String> problems = new ConcurrentLinkedQueue<>();

        Stats(Spec spec) {
            this.spec = spec;
        }

        void problem(String what) {
            unexpected.incrementAndGet();
            if (problems.size() < 5) problems.add(what);
        }
    }

    private enum Tick { INSTANCE }

    private record CancelIt(SoakRequest request) {}

    /** Stop starting transfers; {@code done} completes once none of the lane's is pending. */
    record Drain(CompletableFuture<Void> done) {}

    private static final Duration TICK = Duration.ofMillis(100);

    static Behavior<Object> create(ActorRef<MultiActor.Command> curl, Stats stats) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerAtFixedRate(Tick.INSTANCE, TICK);
            return new State(ctx, timers, curl, stats).behavior();
        }));
    }

    /** The lane's state; touched on its own actor's turn only. */
    private static final class State {
        private final ActorContext<Object> ctx;
        private final TimerScheduler<Object> timers;
        private final ActorRef<MultiActor.Command> curl;
        private final Stats stats;
        private final ActorRef<MultiActor.Reply<Long, Long>> self;
        private final Set<SoakRequest> pending = Collections.newSetFromMap(new IdentityHashMap<>());
        private double allowance;
        private CompletableFuture<Void> drained;

        State(ActorContext<Object> ctx, TimerScheduler<Object> timers, ActorRef<MultiActor.Command> curl, Stats stats) {
            this.ctx = ctx;
            this.timers = timers;
            this.curl = curl;
            this.stats = stats;
            this.self = ctx.getSelf().narrow();
        }

        @SuppressWarnings("unchecked")
        Behavior<Object> behavior() {
            return Behaviors.receive(Object.class)
                    .onMessageEquals(Tick.INSTANCE, this::onTick)
                    .onMessage(CancelIt.class, c -> {
                        curl.tell(new MultiActor.Cancel(c.request()));   // ignored if it completed meanwhile
                        return Behaviors.same();
                    })
                    .onMessage(Drain.class, this::onDrain)
                    .onMessage(MultiActor.Reply.class, r -> onReply((MultiActor.Reply<Long, Long>) r))
                    .build();
        }

        private Behavior<Object> onTick() {
            Spec spec = stats.spec;
            // At most one burst's worth saved up: a lane that was held back does not rush afterwards.
            double cap = Math.max(1, spec.kind() == Kind.STOP ? spec.perSecond() : spec.maxInFlight());
            allowance = Math.min(allowance + spec.perSecond() * TICK.toMillis() / 1000.0, cap);
            while (allowance >= 1 && (spec.kind() == Kind.STOP || pending.size() < spec.maxInFlight())) {
                allowance--;
                start();
            }
            return Behaviors.same();
        }

        private void start() {
            Spec spec = stats.spec;
            SoakRequest request = new SoakRequest(spec.url(), spec.version(), spec.caFile(), spec.kind() == Kind.STOP);
            stats.sent.incrementAndGet();
            if (spec.kind() == Kind.STOP) {
                stats.stoppers.incrementAndGet();
                ctx.spawnAnonymous(stopper(curl, request));
                return;
            }
            pending.add(request);
            stats.pending.set(pending.size());
            curl.tell(new MultiActor.Process<>(request, self));
            if (spec.kind() == Kind.CANCEL) timers.startSingleTimer(request, new CancelIt(request), spec.cancelAfter());
        }

        private Behavior<Object> onReply(MultiActor.Reply<Long, Long> reply) {
            SoakRequest request = (SoakRequest) reply.request();
            if (!pending.remove(request)) {
                stats.duplicates.incrementAndGet();
                return Behaviors.same();
            }
            stats.answered.incrementAndGet();
            stats.pending.set(pending.size());
            timers.cancel(request);
            if (reply instanceof MultiActor.Completed<Long, Long> c) {
                if (c.result() < 0) stats.problem(request + ": not 200");
                else {
                    stats.completed.incrementAndGet();
                    stats.bytes.addAndGet(c.result());
                }
            } else if (reply instanceof MultiActor.Failed<Long, Long> f) {
                if (f.error().isCancelled() && stats.spec.kind() == Kind.CANCEL) stats.cancelled.incrementAndGet();
                else stats.problem(request + ": " + f.error().codeName() + " " + f.error().getMessage());
            } else {
                stats.problem(request + ": an Update for a request that has none");
            }
            if (drained != null && pending.isEmpty()) drained.complete(null);
            return Behaviors.same();
        }

        private Behavior<Object> onDrain(Drain d) {
            timers.cancel(Tick.INSTANCE);
            drained = d.done();
            if (pending.isEmpty()) drained.complete(null);
            return Behaviors.same();
        }
    }

    /**
     * A requester that starts one transfer and, when its first bytes are reported, asks for more
     * and stops at once: the continuing Process is answered by the cancellation, at dead letters.
     */
    private static Behavior<MultiActor.Reply<Long, Long>> stopper(ActorRef<MultiActor.Command> curl, SoakRequest request) {
        return Behaviors.setup(ctx -> {
            curl.tell(new MultiActor.Process<>(request, ctx.getSelf()));
            return Behaviors.receive((c, reply) -> {
                if (reply instanceof MultiActor.Update) curl.tell(new MultiActor.Process<>(request, ctx.getSelf()));
                return Behaviors.stopped();
            });
        });
    }
}
