package org.konnect.curl.actors;

import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A requester of the load test: sends exactly {@code budget} {@code Process} messages to one
 * MultiActor, keeping up to {@code inFlight} transfers going, counts every reply in the
 * {@link ReplyLedger}, and stops. Mostly small GETs; now and then a drip that it cancels once it
 * runs. A stopping requester spends its last two Processes on a drip: when the drip's first
 * {@code Update} shows it running, it sends the continuing Process and stops at once, with that
 * Process and maybe a few GETs still pending, so the MultiActor's watch must cancel the drip
 * and the pending replies go to dead letters.
 */
final class LoadRequester extends AbstractBehavior<MultiActor.Reply<Long, Integer>> {
    /** Every 25th new request of a requester with budget left for it is a drip it cancels. */
    private static final int CANCEL_EVERY = 25;
    private static final long[] SIZES = {100, 1_000, 4_000, 20_000};
    /** 64 MiB at 1 KiB per 20 ms: twenty minutes, so a drip only ends by being cancelled. */
    private static final String DRIP = "/drip/67108864";

    /**
     * What one requester does.
     *
     * @param firstId its first request id; it uses ids {@code firstId .. firstId + budget - 1}
     * @param budget the Process messages it sends in all
     * @param inFlight the transfers it keeps going at once
     * @param stops whether it stops while its last drip runs
     */
    record Plan(int firstId, int budget, int inFlight, boolean stops) {}

    private final ActorRef<MultiActor.Command> curl;
    private final ReplyLedger ledger;
    private final IntFunction<String> url;
    private final Plan plan;
    private final CountDownLatch stopped;
    private int sent;      // Process messages told
    private int started;   // requests created
    private int running;   // requests not yet finished
    private int reserved;  // continuing Processes owed to drips that have not reported yet
    private boolean orphanStarted;

    private LoadRequester(ActorContext<MultiActor.Reply<Long, Integer>> ctx, ActorRef<MultiActor.Command> curl,
                          ReplyLedger ledger, IntFunction<String> url, Plan plan, CountDownLatch stopped) {
        super(ctx);
        this.curl = curl;
        this.ledger = ledger;
        this.url = url;
        this.plan = plan;
        this.stopped = stopped;
    }

    /**
     * A requester that starts sending as soon as it is spawned.
     *
     * @param url maps a size (or -1 for a drip) to the URL to fetch
     * @param stopped counted down when the requester has stopped, whichever way
     */
    static Behavior<MultiActor.Reply<Long, Integer>> create(ActorRef<MultiActor.Command> curl, ReplyLedger ledger,
                                                           IntFunction<String> url, Plan plan, CountDownLatch stopped) {
        return Behaviors.setup(ctx -> {
            LoadRequester r = new LoadRequester(ctx, curl, ledger, url, plan, stopped);
            r.startMore();
            return r;
        });
    }

    /** Size -1 in {@link #url} means the drip. */
    static String path(int size) {
        return size < 0 ? DRIP : "/bytes/" + size;
    }

    @Override
    public Receive<MultiActor.Reply<Long, Integer>> createReceive() {
        return newReceiveBuilder()
                .onAnyMessage(this::onReply)
                .onSignal(PostStop.class, s -> {
                    stopped.countDown();
                    return this;
                })
                .build();
    }

    private Behavior<MultiActor.Reply<Long, Integer>> onReply(MultiActor.Reply<Long, Integer> reply) {
        if (reply instanceof MultiActor.Completed<Long, Integer> c) return onCompleted(c);
        if (reply instanceof MultiActor.Update<Long, Integer> u) return onUpdate(u);
        return onFailed((MultiActor.Failed<Long, Integer>) reply);
    }

    private Behavior<MultiActor.Reply<Long, Integer>> onCompleted(MultiActor.Completed<Long, Integer> c) {
        LoadRequest r = answered(c);
        if (r.kind != LoadRequest.Kind.SMALL) {
            ledger.problem(r + " (a drip) completed");
        } else if (c.result() != 200 || r.received() != r.expectedBytes) {
            ledger.problem(r + ": HTTP " + c.result() + ", " + r.received() + " of " + r.expectedBytes + " bytes");
        }
        return finished();
    }

    private Behavior<MultiActor.Reply<Long, Integer>> onUpdate(MultiActor.Update<Long, Integer> u) {
        LoadRequest r = answered(u);
        if (r.kind == LoadRequest.Kind.SMALL) {
            ledger.problem(r + ": an Update for a request that has none");
            return this;
        }
        reserved--;
        r.continued = true;
        process(r);   // continue: this Process is answered by the cancellation
        if (r.kind == LoadRequest.Kind.ORPHANED_DRIP) return Behaviors.stopped();
        curl.tell(new MultiActor.Cancel(r));
        return this;
    }

    private Behavior<MultiActor.Reply<Long, Integer>> onFailed(MultiActor.Failed<Long, Integer> f) {
        LoadRequest r = answered(f);
        if (r.kind != LoadRequest.Kind.SMALL && !r.continued) reserved--;   // failed before it ran: the budget is free again
        if (r.kind != LoadRequest.Kind.CANCELLED_DRIP || !f.error().isCancelled()) {
            ledger.problem(r + " failed: " + f.error().codeName() + " " + f.error().getMessage());
        }
        return finished();
    }

    private LoadRequest answered(MultiActor.Reply<Long, Integer> reply) {
        LoadRequest r = (LoadRequest) reply.request();
        ledger.answered(r.id, false);
        return r;
    }

    private Behavior<MultiActor.Reply<Long, Integer>> finished() {
        running--;
        startMore();
        // An orphaned drip that failed before it ran was noted as a problem: stop all the same.
        return running == 0 && (sent == plan.budget() || orphanStarted) ? Behaviors.stopped() : this;
    }

    /** Starts requests while there is room in flight and budget to spend. */
    private void startMore() {
        while (running < plan.inFlight() && !orphanStarted) {
            int left = plan.budget() - sent - reserved;
            LoadRequest.Kind kind;
            if (plan.stops() && left == 2) {
                // Not while a cancelled drip still owes its continuing Process: stopping would leave it unsent.
                if (reserved > 0) return;
                kind = LoadRequest.Kind.ORPHANED_DRIP;
                orphanStarted = true;
            } else if (left > (plan.stops() ? 2 : 0)) {
                boolean cancel = left >= 2 + (plan.stops() ? 2 : 0) && started % CANCEL_EVERY == CANCEL_EVERY / 2;
                kind = cancel ? LoadRequest.Kind.CANCELLED_DRIP : LoadRequest.Kind.SMALL;
            } else {
                return;
            }
            int id = plan.firstId() + started;
            long size = SIZES[started % SIZES.length];
            LoadRequest r = kind == LoadRequest.Kind.SMALL
                    ? new LoadRequest(id, ledger, kind, url.apply((int) size), size)
                    : new LoadRequest(id, ledger, kind, url.apply(-1), -1);
            started++;
            running++;
            if (kind != LoadRequest.Kind.SMALL) {
                reserved++;
                ledger.drip(r);
            }
            process(r);
        }
    }

    private void process(LoadRequest r) {
        ledger.sent(r.id);
        sent++;
        curl.tell(new MultiActor.Process<>(r, getContext().getSelf()));
    }
}
