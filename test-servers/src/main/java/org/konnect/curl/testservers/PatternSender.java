package org.konnect.curl.testservers;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Writes {@code total} pattern bytes to a Jetty response in pieces, optionally pausing between pieces.
 * Fully non-blocking: each piece is written asynchronously and pauses use the server's scheduler, so
 * no thread is held while a slow transfer is in progress. A failed write (client gone) or an
 * {@link #abort(Throwable)} stops the transfer and fails the request callback. Each piece is
 * counted with the gauge before it is written, and the gauge's {@code finished} runs exactly
 * once, just before the request callback is completed either way. A write that Jetty did not
 * complete before {@code write} returned (the socket's send buffer was full) is reported to the
 * gauge as blocked until it completes or fails.
 */
final class PatternSender extends IteratingCallback {
    private static final int IDLE = 0;
    private static final int WRITING = 1;
    private static final int BLOCKED = 2;

    private final Response response;
    private final Callback callback;
    private final TransferGauge gauge;
    private final Scheduler scheduler;
    private final long total;
    private final int pieceSize;
    private final long delayMs;

    private long offset;
    private boolean lastWritten;
    private boolean pauseNext;
    private volatile Scheduler.Task timer;
    /** The current write: none, made (its completion may come on another thread at any time), or blocked. */
    private final AtomicInteger write = new AtomicInteger(IDLE);

    PatternSender(Response response, Callback callback, TransferGauge gauge,
                  Scheduler scheduler, long total, int pieceSize, long delayMs) {
        this.response = response;
        this.callback = callback;
        this.gauge = gauge;
        this.scheduler = scheduler;
        this.total = total;
        this.pieceSize = Math.max(1, Math.min(pieceSize, PatternBytes.MAX_PIECE));
        this.delayMs = Math.max(0, delayMs);
    }

    @Override
    protected Action process() {
        if (lastWritten) {
            return Action.SUCCEEDED;
        }
        if (pauseNext) {
            pauseNext = false;
            timer = scheduler.schedule(this::succeeded, delayMs, TimeUnit.MILLISECONDS);
            return Action.SCHEDULED;
        }
        int length = (int) Math.min(pieceSize, total - offset);
        ByteBuffer piece = length == 0 ? BufferUtil.EMPTY_BUFFER : PatternBytes.slice(offset, length);
        offset += length;
        lastWritten = offset >= total;
        pauseNext = delayMs > 0 && !lastWritten;
        gauge.sent(length);
        write.set(WRITING);
        response.write(lastWritten, piece, this);
        // Still WRITING: Jetty could not flush the piece and waits for the socket to take more.
        if (write.compareAndSet(WRITING, BLOCKED)) gauge.blocked(true);
        return Action.SCHEDULED;
    }

    /** A write (or the pause timer, for which this does nothing) completed. */
    @Override
    protected void onSuccess() {
        writeEnded();
    }

    @Override
    protected void onFailure(Throwable cause) {
        writeEnded();
    }

    private void writeEnded() {
        if (write.getAndSet(IDLE) == BLOCKED) gauge.blocked(false);
    }

    @Override
    protected void onAborted(Throwable cause) {
        // If we are only waiting for the pause timer, fail that "pending operation" right away
        // instead of waiting for the timer; a pending write is failed by Jetty itself.
        Scheduler.Task pending = timer;
        if (pending != null && pending.cancel()) {
            failed(cause);
        }
    }

    @Override
    protected void onCompleteSuccess() {
        writeEnded();
        gauge.finished();
        callback.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        Scheduler.Task pending = timer;
        if (pending != null) {
            pending.cancel();
        }
        writeEnded();
        gauge.finished();
        callback.failed(cause);
    }
}
