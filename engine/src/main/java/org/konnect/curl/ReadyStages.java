package org.konnect.curl;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Stages whose outcome is known, completed in one batch once the loop's bookkeeping is done,
 * so that user continuations never run in the middle of it. A value is an {@link Outcome} or
 * the {@link CurlError} the stage fails with. Pairs are kept flat in one array: no allocation
 * per delivery. Owner thread only.
 */
final class ReadyStages {
    /** stage, value, stage, value, ... */
    private Object[] pairs = new Object[32];
    private int size;
    /** While flushing: the index of the next pair to complete; pairs before it are done. */
    private int next;
    private boolean flushing;

    /** {@code value}: an {@link Outcome}, null (a WebSocket's send stage), or the Throwable the stage fails with. */
    boolean isEmpty() {
        return size == 0;
    }

    void add(CompletableFuture<?> stage, Object value) {
        if (size == pairs.length) pairs = Arrays.copyOf(pairs, size * 2);
        pairs[size++] = stage;
        pairs[size++] = value;
    }

    /**
     * Makes {@code stage}, if it is still waiting here, fail with {@code error} instead of
     * completing with the value it was added with. Used when a transfer ends (a cancel from a
     * continuation of an earlier stage of this batch, say) after its Interim was queued: the
     * caller must see the end, not an update that would make it process a released request again.
     *
     * @return whether the stage was found still waiting
     */
    boolean replace(CompletableFuture<Outcome<Object, Object>> stage, CurlError error) {
        for (int i = flushing ? next : 0; i < size; i += 2) {
            if (pairs[i] == stage) {
                pairs[i + 1] = error;
                return true;
            }
        }
        return false;
    }

    /**
     * Completes every ready stage, those its continuations make ready included; re-entered
     * from a continuation (which may call process), it leaves the work to the outer call.
     *
     * @return the number of stages completed
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    int flush() {
        if (flushing) return 0;
        flushing = true;
        int i = 0;
        try {
            for (; i < size; i += 2) {
                next = i + 2;
                CompletableFuture stage = (CompletableFuture) pairs[i];
                Object value = pairs[i + 1];
                if (value instanceof Throwable) stage.completeExceptionally((Throwable) value);
                else stage.complete(value);
            }
        } finally {
            Arrays.fill(pairs, 0, size, null);
            size = 0;
            next = 0;
            flushing = false;
        }
        return i / 2;
    }
}
