package org.konnect.curl.streams;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.ReadCallback;

/**
 * The sending half of a back-pressured transfer: a {@link ReadCallback} fed from another thread.
 * A producer hands chunks over ({@link #offer}, {@link #finish}, {@link #fail}); libcurl's read
 * callback takes them on the MultiActor's thread. With nothing queued the callback answers
 * {@link ReadCallback#PAUSE}, and the next chunk resumes the transfer ({@link ConfigHandle#pause},
 * which hands the resume to the MultiActor's thread). A flag set before the callback pauses and
 * re-checked after means no resume is lost.
 *
 * <p>The producer bounds what waits with {@link #unreadBytes()} and {@link #onceUnreadBelow}; the
 * transfer's end {@link #close() closes} the queue, which wakes a waiting producer to stop.
 */
public final class SendQueue implements ReadCallback {
    private final ConcurrentLinkedQueue<ByteString> queue = new ConcurrentLinkedQueue<>();
    /** Set by the read callback just before it answers PAUSE; whoever clears it resumes the transfer. */
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicLong unread = new AtomicLong();
    private final AtomicReference<Runnable> waiter = new AtomicReference<>();
    private final AtomicReference<Runnable> closeHook = new AtomicReference<>();
    private volatile long waiterLimit;
    private volatile boolean finished;
    private volatile boolean closed;
    private volatile Throwable failure;
    private volatile ConfigHandle handle;
    /** The MultiActor's thread only: the chunk being read, and the bytes read. */
    private ByteString current = ByteString.emptyByteString();
    private long read;

    /** An empty queue. */
    public SendQueue() {}

    /**
     * Binds the queue to its transfer, whose handle a chunk offered later resumes; call it from
     * {@code configureHandle}, which also sets this queue as the read callback.
     *
     * @param h the transfer's handle
     */
    public void attach(ConfigHandle h) {
        handle = h;
    }

    /**
     * One more chunk to send; any thread.
     *
     * @param chunk the bytes
     */
    public void offer(ByteString chunk) {
        unread.addAndGet(chunk.length());
        queue.add(chunk);
        resumeIfPaused();
    }

    /** The body is complete: the read callback ends it once the queue is empty; any thread. */
    public void finish() {
        finished = true;
        resumeIfPaused();
    }

    /**
     * The producer failed: the read callback aborts the transfer ({@code CURLE_ABORTED_BY_CALLBACK});
     * any thread.
     *
     * @param cause why, kept for {@link #failure()}
     */
    public void fail(Throwable cause) {
        failure = cause;
        resumeIfPaused();
    }

    /**
     * Why the producer failed, or null.
     *
     * @return what {@link #fail} was given
     */
    public Throwable failure() {
        return failure;
    }

    /** The transfer has ended: nothing more is read, and a producer waiting for room is woken. */
    public void close() {
        closed = true;
        wake();
        Runnable hook = closeHook.getAndSet(null);
        if (hook != null) hook.run();
    }

    /**
     * Runs {@code hook} once when the queue is closed (at once if it is already), e.g. to cancel
     * the producer's upstream when the transfer ends before the body does. It may run on the
     * MultiActor's thread: it must only hand over. One hook at a time.
     *
     * @param hook what to run
     */
    public void onClose(Runnable hook) {
        closeHook.set(hook);
        if (closed && closeHook.compareAndSet(hook, null)) hook.run();
    }

    /**
     * Whether the transfer has ended.
     *
     * @return true after {@link #close()}
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Bytes offered and not yet read by libcurl.
     *
     * @return the count
     */
    public long unreadBytes() {
        return unread.get();
    }

    /**
     * Runs {@code wake} once, as soon as fewer than {@code limit} bytes are unread or the queue is
     * closed (at once if that is so already). {@code wake} may run on the MultiActor's thread: it
     * must only hand over (an async callback of a stream stage). One waiter at a time.
     *
     * @param limit the unread bytes below which to wake
     * @param wake what to run
     */
    public void onceUnreadBelow(long limit, Runnable wake) {
        waiterLimit = limit;
        waiter.set(wake);
        if ((closed || unread.get() < limit) && waiter.compareAndSet(wake, null)) wake.run();
    }

    private void wake() {
        Runnable w = waiter.get();
        if (w != null && (closed || unread.get() < waiterLimit) && waiter.compareAndSet(w, null)) w.run();
    }

    private void resumeIfPaused() {
        if (paused.compareAndSet(true, false)) handle.pause(ConfigHandle.PAUSE_CONT);
    }

    /**
     * Bytes libcurl has read so far; the MultiActor's thread.
     *
     * @return the count
     */
    public long bytesRead() {
        return read;
    }

    @Override
    public int read(ByteBuffer buffer) {
        while (current.isEmpty()) {
            if (failure != null) return ABORT;
            ByteString next = queue.poll();
            if (next != null) {
                current = next;
                continue;
            }
            if (finished && queue.isEmpty()) return 0;   // the end of the body
            paused.set(true);
            // A chunk (or the end, or a failure) offered between the poll and the flag is seen here, not lost.
            if (!queue.isEmpty() || finished || failure != null) {
                if (paused.compareAndSet(true, false)) continue;
            }
            return PAUSE;
        }
        int n = current.copyToBuffer(buffer);
        current = current.drop(n);
        read += n;
        unread.addAndGet(-n);
        wake();
        return n;
    }
}
