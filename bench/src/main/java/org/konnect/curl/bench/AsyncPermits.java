package org.konnect.curl.bench;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A semaphore whose acquire is a future, for stream stages ({@code mapAsync(1, i -> permits.acquire())}):
 * it keeps a stream from sending more than N requests into a flow that does not bound them itself.
 */
final class AsyncPermits {
    private final ArrayDeque<CompletableFuture<Integer>> waiting = new ArrayDeque<>();
    private int available;

    AsyncPermits(int permits) {
        this.available = permits;
    }

    /** Completes (with {@code value}) once a permit is free; the permit is the caller's until {@link #release}. */
    synchronized CompletionStage<Integer> acquire(int value) {
        if (available > 0) {
            available--;
            return CompletableFuture.completedFuture(value);
        }
        CompletableFuture<Integer> f = new CompletableFuture<>();
        waiting.add(f);
        return f.thenApply(ignored -> value);
    }

    void release() {
        CompletableFuture<Integer> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                available++;
                return;
            }
        }
        next.complete(0);   // the permit passes straight to the next waiter
    }
}
