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
    private boolean flushing;

    void add(CompletableFuture<Outcome<Object, Object>> stage, Object value) {
        if (size == pairs.length) pairs = Arrays.copyOf(pairs, size * 2);
        pairs[size++] = stage;
        pairs[size++] = value;
    }

    /**
     * Completes every ready stage, those its continuations make ready included; re-entered
     * from a continuation (which may call process), it leaves the work to the outer call.
     *
     * @return the number of stages completed
     */
    @SuppressWarnings("unchecked")
    int flush() {
        if (flushing) return 0;
        flushing = true;
        int i = 0;
        try {
            for (; i < size; i += 2) {
                CompletableFuture<Outcome<Object, Object>> stage = (CompletableFuture<Outcome<Object, Object>>) pairs[i];
                Object value = pairs[i + 1];
                if (value instanceof CurlError) stage.completeExceptionally((CurlError) value);
                else stage.complete((Outcome<Object, Object>) value);
            }
        } finally {
            Arrays.fill(pairs, 0, size, null);
            size = 0;
            flushing = false;
        }
        return i / 2;
    }
}
