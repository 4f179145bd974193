package org.konnect.curl;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The multi's easy handles: idle ones kept for reuse (reset, so a transfer starts from libcurl's
 * defaults), the slot numbers that name handles across the JNI boundary, and which transfer
 * holds each slot. Owner thread only.
 */
final class EasyHandlePool {
    private final long multi;
    private final int capacity;
    private final ArrayDeque<EasyHandle> idle = new ArrayDeque<>();
    private Transfer[] bySlot = new Transfer[64];
    /** Slots of handles that were cleaned up, for reuse: a stack. */
    private int[] freeSlots = new int[16];
    private int freeCount;
    private int nextSlot;

    /** The native share every handle uses from its creation ({@code curl_easy_reset} keeps it), 0 for none. */
    private final long share;

    EasyHandlePool(long multi, int capacity, long share) {
        this.multi = multi;
        this.capacity = capacity;
        this.share = share;
    }

    /**
     * An idle handle, or a new one.
     *
     * @throws CurlError or {@link java.io.UncheckedIOException} when the native layer cannot make one
     */
    EasyHandle acquire() {
        EasyHandle easy = idle.poll();
        if (easy != null) return easy;
        int slot = freeCount > 0 ? freeSlots[--freeCount] : nextSlot++;
        long pointer;
        try {
            pointer = Native.easyCreate(multi, slot);
        } catch (RuntimeException e) {
            freeSlot(slot);
            throw e;
        }
        if (share != 0) {
            try {
                Native.easySetShare(pointer, share);
            } catch (RuntimeException e) {
                Native.easyCleanup(pointer);
                freeSlot(slot);
                throw e;
            }
        }
        if (slot >= bySlot.length) bySlot = Arrays.copyOf(bySlot, Math.max(bySlot.length * 2, slot + 1));
        return new EasyHandle(pointer, slot);
    }

    void bind(Transfer t) {
        bySlot[t.easy.slot] = t;
    }

    /** The transfer holding {@code slot}, or null. */
    Transfer transferAt(int slot) {
        return slot >= 0 && slot < bySlot.length ? bySlot[slot] : null;
    }

    /**
     * Takes the handle back: reset and kept while the pool has room, cleaned up otherwise. Only a
     * handle whose transfer libcurl finished with {@code CURLE_OK} is kept ({@code reusable}):
     * after a failure, libcurl 7.x may keep state that {@code curl_easy_reset} does not clear.
     * A transfer it failed before connecting (a malformed URL) keeps the handle's receive buffer,
     * and a handle with a buffer refuses {@code CURLOPT_BUFFERSIZE}, so every later transfer on it
     * that sets one (each, with {@link MultiOptions#bufferSize}) would fail. A transfer that ends
     * well keeps it too when another transfer still uses its connection (an HTTP/2 stream next to
     * others; found by the fuzzer, seed 329081590381630374 batch 4325): so after the reset, the
     * default {@code BUFFERSIZE} is set again (which changes nothing on a clean handle), and a
     * handle that refuses it is cleaned up.
     */
    void release(EasyHandle easy, boolean reusable) {
        bySlot[easy.slot] = null;
        Arrays.fill(easy.callbacks, null);
        if (reusable && idle.size() < capacity) {
            try {
                Native.easyReset(easy.pointer);
                Native.easySetLong(easy.pointer, CurlOpt.BUFFERSIZE, 0, 0L);   // 0: libcurl's default size
                idle.push(easy);
                return;
            } catch (RuntimeException resetFailed) {
                // a handle libcurl could not reset, or that keeps its receive buffer, is not reused
            }
        }
        Native.easyCleanup(easy.pointer);
        freeSlot(easy.slot);
    }

    /** Cleans up the idle handles; the handles lent out were released before. */
    void close() {
        for (EasyHandle easy : idle) Native.easyCleanup(easy.pointer);
        idle.clear();
    }

    private void freeSlot(int slot) {
        if (freeCount == freeSlots.length) freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        freeSlots[freeCount++] = slot;
    }
}
