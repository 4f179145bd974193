package org.konnect.curl.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's exchanges per origin: how many run, and the calls waiting for one of them to end
 * ({@link OriginLimits}). The client actor's own; not thread-safe.
 */
final class OriginQueues {
    /** What {@link #admit} decided. */
    enum Admission { RUN, WAIT, FULL }

    private static final class Queue {
        int running;
        final ArrayDeque<Call> waiting = new ArrayDeque<>();
    }

    private final OriginLimits limits;
    private final Map<Origin, Queue> byOrigin = new HashMap<>();

    OriginQueues(OriginLimits limits) {
        this.limits = limits;
    }

    /** Runs {@code call} now (counted as running), queues it, or refuses it. */
    Admission admit(Origin origin, Call call) {
        Queue q = byOrigin.computeIfAbsent(origin, o -> new Queue());
        if (q.running < limits.maxConnectionsPerOrigin()) {
            q.running++;
            return Admission.RUN;
        }
        if (q.waiting.size() < limits.maxQueuedPerOrigin()) {
            q.waiting.add(call);
            return Admission.WAIT;
        }
        return Admission.FULL;
    }

    /** An exchange of {@code origin} ended: the next waiting call, now counted as running, or null. */
    Call release(Origin origin) {
        Queue q = byOrigin.get(origin);
        if (q == null) return null;
        Call next = q.waiting.poll();
        if (next == null) {
            q.running--;
            if (q.running == 0) byOrigin.remove(origin);
        }
        return next;
    }

    /** Every waiting call, removed. */
    List<Call> drainWaiting() {
        List<Call> out = new ArrayList<>();
        for (Queue q : byOrigin.values()) {
            out.addAll(q.waiting);
            q.waiting.clear();
        }
        return out;
    }

    /** Exchanges running for {@code origin} (for tests and logs). */
    int running(Origin origin) {
        Queue q = byOrigin.get(origin);
        return q == null ? 0 : q.running;
    }
}
