package org.konnect.curl.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts, per request id, the {@code Process} messages sent and the replies they got, wherever
 * a reply went: to its live requester, or to dead letters once the requester had stopped. At the
 * end of a run every id must have as many replies as Processes; a reply beyond that is a
 * duplicate and is noted the moment it arrives. Thread-safe: requesters count from their own
 * threads, the dead-letter listener from its own. It also keeps the run's drips, whose ends the
 * test checks.
 */
final class ReplyLedger {
    private final AtomicIntegerArray sent;
    private final AtomicIntegerArray answered;
    private final AtomicLong totalSent = new AtomicLong();
    private final AtomicLong totalAnswered = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicInteger problemCount = new AtomicInteger();
    /** The first problems, in full; the rest are only counted. */
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    private final Object allAnswered = new Object();
    private final Queue<LoadRequest> drips = new ConcurrentLinkedQueue<>();

    ReplyLedger(int ids) {
        sent = new AtomicIntegerArray(ids);
        answered = new AtomicIntegerArray(ids);
    }

    /** Called just before a {@code Process} for {@code id} is told. */
    void sent(int id) {
        sent.incrementAndGet(id);
        totalSent.incrementAndGet();
    }

    /** A reply for {@code id} arrived; {@code dead}: at dead letters, its requester having stopped. */
    void answered(int id, boolean dead) {
        if (dead) deadLetters.incrementAndGet();
        if (answered.incrementAndGet(id) > sent.get(id)) {
            problem("request " + id + ": " + answered.get(id) + " replies to " + sent.get(id) + " Process messages"
                    + (dead ? " (the last at dead letters)" : ""));
        }
        if (totalAnswered.incrementAndGet() >= totalSent.get()) {
            synchronized (allAnswered) {
                allAnswered.notifyAll();
            }
        }
    }

    /** Keeps a drip (a transfer that ends only by being cancelled) for the checks at the end. */
    void drip(LoadRequest r) {
        drips.add(r);
    }

    List<LoadRequest> drips() {
        return List.copyOf(drips);
    }

    void problem(String what) {
        if (problemCount.incrementAndGet() <= 20) problems.add(what);
    }

    /**
     * Waits until every Process sent so far has its reply; call it once nothing sends any more.
     *
     * @return false on timeout
     */
    boolean awaitAllAnswered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (allAnswered) {
            while (totalAnswered.get() < totalSent.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(allAnswered, left);
            }
            return true;
        }
    }

    long totalSent() {
        return totalSent.get();
    }

    long totalAnswered() {
        return totalAnswered.get();
    }

    long deadLetters() {
        return deadLetters.get();
    }

    /** The ids whose reply count differs from their Process count (the first ten), as "id: sent/answered". */
    List<String> mismatches() {
        List<String> r = new ArrayList<>();
        for (int id = 0; id < sent.length() && r.size() < 10; id++) {
            if (sent.get(id) != answered.get(id)) r.add(id + ": " + sent.get(id) + "/" + answered.get(id));
        }
        return r;
    }

    /** Everything noted as wrong, or an empty string. */
    String problems() {
        int n = problemCount.get();
        return n == 0 ? "" : n + " problem(s), the first: " + String.join("; ", problems);
    }
}
