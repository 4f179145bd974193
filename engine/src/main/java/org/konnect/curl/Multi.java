package org.konnect.curl;

import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * One libcurl multi handle and the event loop that drives its transfers.
 *
 * <p>A {@code Multi} is confined to the thread that opened it (its owner): every method throws
 * {@link IllegalStateException} from another thread, except {@link #wakeup()} and
 * {@link ConfigHandle#pause} (and the accessors {@link #owner()}, {@link #options()},
 * {@link #isClosed()}, {@link #transferCount()}, {@link #activeTransfers()}, which do not
 * check). {@link #process} starts or continues a transfer; {@link #perform} runs one loop
 * iteration, blocking (in the kernel, using no CPU) until a socket is ready, libcurl's timer is
 * due, {@link #wakeup()} is called or {@code maxWait} passes, and then delivers outcomes. All
 * hooks and callbacks run on the owner thread, inside {@code perform} or {@code process}.
 *
 * <pre>{@code
 * try (Multi multi = Multi.open()) {
 *     CompletionStage<Outcome<Void, Request.Response>> stage = multi.process(Request.toMemory(url));
 *     while (!stage.toCompletableFuture().isDone()) multi.perform(Duration.ofSeconds(1));
 * }
 * }</pre>
 */
public final class Multi implements AutoCloseable {
    private static final int DONE_CAPACITY = 256;
    /**
     * An int after the done pairs: 1 once a wake-up has written the eventfd, until the loop
     * clears it (in native code, right after draining the eventfd). Later wake-ups skip the
     * syscall; none is lost, since the one that wrote still wakes the wait, and one that lands
     * during the drain finds the loop already on its way back to the caller.
     */
    private static final VarHandle WAKE_PENDING = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final int WAKE_OFFSET = DONE_CAPACITY * 8;

    private final Thread owner;
    private final MultiOptions options;
    private final long handle;
    private final int eventFd;
    /** The native layer's done batch: (slot, CURLcode | flags) pairs, then the wake-pending int. */
    private final ByteBuffer done;
    private final Object wakeLock = new Object();
    private volatile boolean closed;

    /** The transfers and their lifecycle (read by the {@link CallbackRouter}). */
    final Transfers transfers;
    private final OwnerThreadTasks ownerTasks = new OwnerThreadTasks();
    /** Out-parameters for GetInfoHandle's natives, allocated once per multi. */
    final long[] getinfoLongs = new long[1];
    final double[] getinfoDoubles = new double[1];
    final Object[] getinfoObjects = new Object[1];
    private boolean performing;
    private boolean closeRequested;

    private Multi(MultiOptions options) {
        Native.ensureLoaded();
        this.owner = Thread.currentThread();
        this.options = options;
        this.done = ByteBuffer.allocateDirect(DONE_CAPACITY * 8 + 8).order(ByteOrder.nativeOrder());
        // Registered first, so that the share cannot close while a handle of this multi may use it.
        long share = options.share() == null ? 0 : options.share().attach(this);
        CallbackRouter router = new CallbackRouter();
        try {
            this.handle = Native.multiOpen(router, done, DONE_CAPACITY);
        } catch (RuntimeException e) {
            leaveShare();
            throw e;
        }
        this.eventFd = Native.multiEventFd(handle);
        this.transfers = new Transfers(this, handle, options, share);
        router.routeTo(transfers);   // before any transfer exists, so before any upcall
        try {
            setMultiOptions(options);
        } catch (RuntimeException e) {
            closed = true;
            Native.multiClose(handle);
            leaveShare();
            throw e;
        }
    }

    /** Once no handle of this multi exists any more. */
    private void leaveShare() {
        if (options.share() != null) options.share().detach(this);
    }

    private void setMultiOptions(MultiOptions o) {
        Native.multiSetopt(handle, "CURLMOPT_PIPELINING", LibcurlConstants.CURLMOPT_PIPELINING,
                o.multiplex() ? LibcurlConstants.CURLPIPE_MULTIPLEX : LibcurlConstants.CURLPIPE_NOTHING);
        // libcurl's default cache is 4 connections per easy handle in the multi, counted when a
        // connection comes back. With the others waiting in the engine, that count drops as a batch
        // of running transfers ends, and libcurl 8.14.1 closed kept-alive connections ("pool is
        // full, closing the oldest of 8/4"): the same 4 per running transfer, fixed.
        long maxConnects = o.maxConnects() > 0 ? o.maxConnects() : 4L * o.maxRunningTransfers();
        if (maxConnects > 0) {
            Native.multiSetopt(handle, "CURLMOPT_MAXCONNECTS", LibcurlConstants.CURLMOPT_MAXCONNECTS, maxConnects);
        }
        if (o.maxHostConnections() > 0) {
            Native.multiSetopt(handle, "CURLMOPT_MAX_HOST_CONNECTIONS", LibcurlConstants.CURLMOPT_MAX_HOST_CONNECTIONS,
                    o.maxHostConnections());
        }
        if (o.maxTotalConnections() > 0) {
            Native.multiSetopt(handle, "CURLMOPT_MAX_TOTAL_CONNECTIONS", LibcurlConstants.CURLMOPT_MAX_TOTAL_CONNECTIONS,
                    o.maxTotalConnections());
        }
        if (o.maxConcurrentStreams() > 0) {
            Native.multiSetopt(handle, "CURLMOPT_MAX_CONCURRENT_STREAMS", LibcurlConstants.CURLMOPT_MAX_CONCURRENT_STREAMS,
                    o.maxConcurrentStreams());
        }
    }

    /**
     * Opens a multi handle owned by the calling thread, with {@link MultiOptions#DEFAULTS}.
     *
     * @return the new multi; close it on the same thread
     * @throws IllegalStateException if libcurl cannot create the multi handle
     * @throws UncheckedIOException if the multi's event loop (epoll, eventfd) cannot be set up
     * @throws UnsatisfiedLinkError if the JNI library or libcurl cannot be loaded
     */
    public static Multi open() {
        return open(MultiOptions.DEFAULTS);
    }

    /**
     * Opens a multi handle owned by the calling thread.
     *
     * @param options the multi options ({@code CURLMOPT_*}) and the handle pool size
     * @return the new multi; close it on the same thread
     * @throws IllegalArgumentException if libcurl rejects one of the options
     * @throws IllegalStateException if libcurl cannot create the multi handle
     * @throws UncheckedIOException if the multi's event loop (epoll, eventfd) cannot be set up
     * @throws UnsatisfiedLinkError if the JNI library or libcurl cannot be loaded
     */
    public static Multi open(MultiOptions options) {
        return new Multi(Objects.requireNonNull(options, "options"));
    }

    /**
     * The thread this multi is confined to.
     *
     * @return the thread that opened it
     */
    public Thread owner() {
        return owner;
    }

    /**
     * The options this multi was opened with.
     *
     * @return the options
     */
    public MultiOptions options() {
        return options;
    }

    /**
     * Transfers started and not yet released (running, or finished with an outcome still to
     * deliver), and those waiting for a running slot ({@link MultiOptions#maxRunningTransfers}).
     *
     * @return the number of such transfers; meaningful on the owner thread
     */
    public int transferCount() {
        return transfers.count();
    }

    /**
     * Transfers libcurl is currently running.
     *
     * @return the number of easy handles in the multi; meaningful on the owner thread
     */
    public int activeTransfers() {
        return transfers.active();
    }

    /**
     * Transfers waiting for a running slot ({@link MultiOptions#maxRunningTransfers}); the next
     * {@link #perform} starts as many as slots are free.
     *
     * @return the number of waiting transfers; meaningful on the owner thread
     */
    public int waitingTransfers() {
        return transfers.waitingCount();
    }

    /**
     * Whether {@link #close()} has taken effect. Readable from any thread.
     *
     * @return {@code true} once the multi is closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Starts {@code request}, or continues it after its last outcome was an {@link Outcome.Interim}.
     * The stage completes (on the owner thread) with the next update or the final result, or
     * exceptionally with a {@link CurlError}. A request is identified by identity: process the
     * same object again to continue it.
     *
     * @param <U> the type of the request's interim updates
     * @param <R> the type of the request's final result
     * @param request the transfer to start or continue
     * @return a stage completed on the owner thread by a later {@link #perform}, {@link #cancel} or
     *         {@link #close} (or by this call, when the outcome is already known)
     * @throws IllegalStateException off the owner thread, after {@link #close()}, from inside a
     *         libcurl callback, or when the request already has a pending stage
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <U, R> CompletionStage<Outcome<U, R>> process(RequestProtocol<U, R> request) {
        Objects.requireNonNull(request, "request");
        checkUsable("process");
        CompletableFuture<Outcome<Object, Object>> stage = new CompletableFuture<>();
        transfers.process(request, stage);
        runDeferred();
        return (CompletionStage) stage;
    }

    /**
     * Ends the transfer of {@code request}: its pending stage fails with a cancelled
     * {@link CurlError} and its handle is freed. Returns {@code false} for a request this
     * multi does not know (never started, or already finished and delivered). Called from inside
     * a libcurl callback, it ends the transfer only after libcurl has returned, within {@link #perform}.
     *
     * @param request the request whose transfer to end
     * @return {@code true} if the transfer was (or is about to be) ended, {@code false} if unknown
     * @throws IllegalStateException off the owner thread, or after {@link #close()}
     */
    public boolean cancel(RequestProtocol<?, ?> request) {
        Objects.requireNonNull(request, "request");
        checkOwnerThread("cancel");
        checkOpen("cancel");
        if (!transfers.cancel(request, CurlError.cancelled("transfer cancelled by Multi.cancel"))) return false;
        // Inside a hook or callback the transfer ends once that returns (Transfers.cancel doomed it).
        if (!transfers.insideHookOrCallback()) runDeferred();
        return true;
    }

    /**
     * {@link #perform(long)} with a {@link Duration}.
     *
     * @param maxWait the longest time to block, at millisecond precision
     * @return the number of stages completed by this call
     * @throws IllegalArgumentException if {@code maxWait} is negative
     * @throws IllegalStateException as {@link #perform(long)} does
     * @throws UncheckedIOException as {@link #perform(long)} does
     */
    public int perform(Duration maxWait) {
        long ms = Objects.requireNonNull(maxWait, "maxWait").toMillis();
        return perform(ms);
    }

    /**
     * Runs the event loop once: waits at most {@code maxWaitMillis} for socket activity,
     * libcurl's timer or a {@link #wakeup()}, lets libcurl work, and delivers outcomes.
     * Pauses handed over by other threads ({@link ConfigHandle#pause}) are applied first, then
     * the transfers that yielded to the last call's {@link MultiOptions#iterationBudget} resume.
     *
     * @param maxWaitMillis the longest time to block, in milliseconds ({@code 0}: do not block)
     * @return the number of stages completed by this call
     * @throws IllegalArgumentException if {@code maxWaitMillis} is negative
     * @throws IllegalStateException off the owner thread, after {@link #close()}, from inside a
     *         libcurl callback, re-entrantly, or when libcurl's multi interface fails
     *         (a {@code CURLMcode})
     * @throws UncheckedIOException when waiting for socket events fails (an {@code errno})
     */
    public int perform(long maxWaitMillis) {
        if (maxWaitMillis < 0) throw new IllegalArgumentException("perform: maxWait must be >= 0, was " + maxWaitMillis);
        checkUsable("perform");
        if (performing) throw new IllegalStateException("perform: called re-entrantly");
        performing = true;
        int delivered;
        try {
            ownerTasks.runAll();
            transfers.applyDeferredPauses();   // asked inside a write callback that an unpause or a hook ran
            transfers.resumeYielded();
            transfers.admitWaiting();   // slots freed by the tasks (a handed-over pause that ended a transfer)
            // Not blocking when work waits: tasks, yielded transfers, or outcomes the steps above made
            // ready (a resumed WebSocket's message): delivered at the end of this call, not after a wait.
            boolean waiting = !ownerTasks.isEmpty() || transfers.hasYielded() || transfers.hasDeliveries();
            int timeout = waiting ? 0 : (int) Math.min(maxWaitMillis, Integer.MAX_VALUE);
            int n = Native.multiPerform(handle, timeout);
            transfers.handleDone(done, n);
            while (n == DONE_CAPACITY) {
                n = Native.multiPerform(handle, 0);
                transfers.handleDone(done, n);
            }
            transfers.applyDeferredPauses();
            transfers.handleDoomed();
            transfers.handleTouched();
            transfers.admitWaiting();
        } finally {
            performing = false;
            delivered = transfers.ready.flush();
        }
        if (closeRequested) close();
        return delivered;
    }

    /**
     * Makes a blocked (or the next) {@link #perform} return promptly. Thread-safe; does
     * nothing once the multi is closed.
     *
     * @throws UncheckedIOException if the wake-up cannot be signalled (an {@code errno})
     */
    public void wakeup() {
        if (!WAKE_PENDING.compareAndSet(done, WAKE_OFFSET, 0, 1)) return;
        synchronized (wakeLock) {
            if (closed) return;
            Native.eventfdWrite(eventFd);
        }
    }

    /**
     * Ends every transfer (pending stages fail with a cancelled {@link CurlError}) and frees
     * all native memory. Idempotent. Called from inside a callback or a completion handler
     * running within {@link #perform}, it takes effect when that {@code perform} returns.
     *
     * @throws IllegalStateException off the owner thread (unless already closed)
     */
    @Override
    public void close() {
        if (closed) return;
        checkOwnerThread("close");
        if (transfers.insideHookOrCallback() || performing) {
            closeRequested = true;
            return;
        }
        synchronized (wakeLock) {
            closed = true;   // from here process() refuses and wakeup() does nothing
        }
        transfers.failAll(CurlError.cancelled("Multi closed"));
        ownerTasks.runAll();   // WebSocket sends handed over before the close fail now (their sessions ended)
        transfers.pool.close();
        Native.multiClose(handle);
        leaveShare();
        transfers.ready.flush();
    }

    // ---- owner-thread internals -------------------------------------------------------------

    void checkOwnerThread(String what) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(what + ": a Multi is confined to its owner thread " + owner.getName()
                    + " but was called from " + Thread.currentThread().getName());
        }
    }

    private void checkOpen(String what) {
        if (closed) throw new IllegalStateException(what + ": the Multi is closed");
    }

    private void checkUsable(String what) {
        checkOwnerThread(what);
        checkOpen(what);
        if (transfers.callbackDepth > 0) {
            throw new IllegalStateException(what + ": cannot be called from inside a libcurl callback"
                    + " (libcurl forbids re-entrant calls); call it after the callback returns");
        }
        if (transfers.hookDepth > 0) {
            throw new IllegalStateException(what + ": cannot be called from inside a RequestProtocol hook"
                    + " (configureHandle, hasUpdate, getUpdate, completed, failed); call it from the stage's continuation");
        }
    }

    /** After process/cancel: what hooks deferred (cancels, close), then the ready stages. */
    private void runDeferred() {
        transfers.handleDeferred();
        transfers.admitWaiting();
        transfers.ready.flush();
        if (closeRequested) close();
    }

    /**
     * Hands {@code task} to the owner thread and wakes it, unless the multi is closed (checked under
     * the lock {@link #close} takes, so a task handed over is run: by a perform, or by the close).
     *
     * @return false when the multi is closed and the task was not taken
     */
    boolean submitIfOpen(Runnable task) {
        synchronized (wakeLock) {
            if (closed) return false;
            ownerTasks.submit(task);
        }
        wakeup();
        return true;
    }

    /** {@link ConfigHandle#pause}: applied at once on the owner thread, else handed to it. */
    void pause(Transfer t, int bitmask) {
        if (Thread.currentThread() == owner) {
            if (!closed && t.isRunning()) transfers.pause(t, bitmask);
            return;
        }
        ownerTasks.submit(() -> transfers.pauseHandedOver(t, bitmask));
        wakeup();
    }

    /**
     * A short description for logs.
     *
     * @return the owner thread's name, the number of transfers and whether the multi is closed
     */
    @Override
    public String toString() {
        return "Multi[owner=" + owner.getName() + ", transfers=" + transfers.count() + (closed ? ", closed]" : "]");
    }

}
