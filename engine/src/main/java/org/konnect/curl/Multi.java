package org.konnect.curl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.konnect.curl.jni.CurlNative;
import org.konnect.curl.jni.NativeCallbacks;

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
    // CURLMOPT_* ids
    private static final int CURLMOPT_PIPELINING = 3, CURLMOPT_MAXCONNECTS = 6, CURLMOPT_MAX_HOST_CONNECTIONS = 7,
            CURLMOPT_MAX_TOTAL_CONNECTIONS = 13, CURLMOPT_MAX_CONCURRENT_STREAMS = 16;
    private static final long CURLPIPE_NOTHING = 0, CURLPIPE_MULTIPLEX = 2;
    private static final int CURLE_FAILED_INIT = 2;
    private static final DebugCallback.InfoType[] INFO_TYPES = DebugCallback.InfoType.values();

    private final Thread owner;
    private final MultiOptions options;
    private final long handle;
    private final int eventFd;
    private final ByteBuffer done;
    private final Object wakeLock = new Object();
    /**
     * An int after the done pairs: 1 once a wake-up has written the eventfd, until the loop
     * clears it (in native code, right before draining the eventfd). Later wake-ups skip the
     * syscall; none is lost, since the one that wrote still wakes the wait.
     */
    private static final java.lang.invoke.VarHandle WAKE_PENDING =
            java.lang.invoke.MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final int WAKE_OFFSET = DONE_CAPACITY * 8;
    private volatile boolean closed;

    private final Map<RequestProtocol<?, ?>, Transfer> transfers = new IdentityHashMap<>();
    private Transfer[] slots = new Transfer[64];
    private int nextSlot;
    private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
    private final ArrayDeque<EasyHandle> idle = new ArrayDeque<>();
    private int activeCount;

    private final ConcurrentLinkedQueue<Runnable> marshalled = new ConcurrentLinkedQueue<>();
    /** Out-parameters for GetInfoHandle's natives, allocated once per multi. */
    final long[] getinfoLongs = new long[1];
    final double[] getinfoDoubles = new double[1];
    final Object[] getinfoObjects = new Object[1];
    private final ArrayList<Transfer> touched = new ArrayList<>();
    private final ArrayList<Transfer> doomed = new ArrayList<>();
    private final ArrayList<CompletableFuture<Outcome<Object, Object>>> readyStages = new ArrayList<>();
    private final ArrayList<Object> readyValues = new ArrayList<>();
    private boolean flushing;
    private int callbackDepth;
    /** > 0 while a RequestProtocol hook runs: process/perform refused, cancel/close deferred. */
    private int hookDepth;
    private boolean performing;
    private boolean closeRequested;

    private Multi(MultiOptions options) {
        CurlNative.ensureLoaded();
        this.owner = Thread.currentThread();
        this.options = options;
        this.done = ByteBuffer.allocateDirect(DONE_CAPACITY * 8 + 8).order(ByteOrder.nativeOrder());
        long h = CurlNative.multiOpen(new Dispatcher(), done, DONE_CAPACITY);
        if (h < 0) throw nativeFailure("curl_multi_init", h);
        this.handle = h;
        this.eventFd = CurlNative.multiEventFd(h);
        try {
            setMultiOption("CURLMOPT_PIPELINING", CURLMOPT_PIPELINING, options.multiplex() ? CURLPIPE_MULTIPLEX : CURLPIPE_NOTHING);
            if (options.maxConnects() > 0) setMultiOption("CURLMOPT_MAXCONNECTS", CURLMOPT_MAXCONNECTS, options.maxConnects());
            if (options.maxHostConnections() > 0) {
                setMultiOption("CURLMOPT_MAX_HOST_CONNECTIONS", CURLMOPT_MAX_HOST_CONNECTIONS, options.maxHostConnections());
            }
            if (options.maxTotalConnections() > 0) {
                setMultiOption("CURLMOPT_MAX_TOTAL_CONNECTIONS", CURLMOPT_MAX_TOTAL_CONNECTIONS, options.maxTotalConnections());
            }
            if (options.maxConcurrentStreams() > 0) {
                setMultiOption("CURLMOPT_MAX_CONCURRENT_STREAMS", CURLMOPT_MAX_CONCURRENT_STREAMS, options.maxConcurrentStreams());
            }
        } catch (RuntimeException e) {
            closed = true;
            CurlNative.multiClose(h);
            throw e;
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
     * Transfers started and not yet released (running, or finished with an outcome still to deliver).
     *
     * @return the number of such transfers; meaningful on the owner thread
     */
    public int transferCount() {
        return transfers.size();
    }

    /**
     * Transfers libcurl is currently running.
     *
     * @return the number of easy handles in the multi; meaningful on the owner thread
     */
    public int activeTransfers() {
        return activeCount;
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
        Transfer t = transfers.get(request);
        if (t == null) {
            start(request, stage);
        } else {
            if (t.stage != null) {
                throw new IllegalStateException("process: this request already has a pending stage; wait for it"
                        + " before processing the request again");
            }
            t.stage = stage;
            advance(t);
        }
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
        Transfer t = transfers.get(request);
        if (t == null) return false;
        CurlError reason = CurlError.cancelled("transfer cancelled by Multi.cancel");
        if (callbackDepth > 0 || hookDepth > 0) {
            // libcurl or a hook is running: end it as soon as that returns.
            if (t.endRequested == null) t.endRequested = reason;
            doom(t);
            return true;
        }
        fail(t, reason);
        runDeferred();
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
     * Pauses handed over by other threads ({@link ConfigHandle#pause}) are applied first.
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
            runMarshalled();
            int timeout = marshalled.isEmpty() ? (int) Math.min(maxWaitMillis, Integer.MAX_VALUE) : 0;
            int n = performNative(timeout);
            handleDone(n);
            while (n == DONE_CAPACITY) {
                n = performNative(0);
                handleDone(n);
            }
            handleDoomed();
            handleTouched();
        } finally {
            performing = false;
            delivered = flushReady();
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
            int rc = CurlNative.eventfdWrite(eventFd);
            if (rc < 0) throw nativeFailure("eventfd write", rc);
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
        if (callbackDepth > 0 || hookDepth > 0 || performing) {
            closeRequested = true;
            return;
        }
        synchronized (wakeLock) {
            closed = true;   // from here process() refuses and wakeup() does nothing
        }
        for (Transfer t : new ArrayList<>(transfers.values())) fail(t, CurlError.cancelled("Multi closed"));
        for (EasyHandle e : idle) CurlNative.easyCleanup(e.pointer);
        idle.clear();
        CurlNative.multiClose(handle);
        flushReady();
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
        if (callbackDepth > 0) {
            throw new IllegalStateException(what + ": cannot be called from inside a libcurl callback"
                    + " (libcurl forbids re-entrant calls); call it after the callback returns");
        }
        if (hookDepth > 0) {
            throw new IllegalStateException(what + ": cannot be called from inside a RequestProtocol hook"
                    + " (configureHandle, hasUpdate, getUpdate, completed, failed); call it from the stage's continuation");
        }
    }

    private void setMultiOption(String name, int option, long value) {
        int rc = CurlNative.multiSetoptLong(handle, option, value);
        if (rc != 0) {
            throw new IllegalArgumentException(name + ": libcurl rejected " + value + ": " + CurlNative.multiStrerror(rc));
        }
    }

    private void start(RequestProtocol<?, ?> request, CompletableFuture<Outcome<Object, Object>> stage) {
        EasyHandle easy = acquire();
        if (easy == null) {
            ready(stage, new CurlError(CURLE_FAILED_INIT, "curl_easy_init failed", null));
            return;
        }
        Transfer t = new Transfer(this, request, easy);
        t.stage = stage;
        slots[easy.slot] = t;
        transfers.put(request, t);
        hookDepth++;
        try {
            if (options.bufferSize() > 0) t.config.setopt(CurlOpt.BUFFERSIZE, options.bufferSize());
            t.request.configureHandle(t.config);
        } catch (Throwable e) {
            hookDepth--;
            t.config.endConfiguration();
            fail(t, hookFailure("configureHandle", e));
            return;
        }
        hookDepth--;
        t.config.endConfiguration();
        int rc = CurlNative.multiAdd(handle, easy.pointer);
        if (rc != 0) {
            fail(t, new CurlError(CURLE_FAILED_INIT, "curl_multi_add_handle: " + CurlNative.multiStrerror(rc), null));
            return;
        }
        t.active = true;
        activeCount++;
    }

    /** Delivers what a transfer with a pending stage has: its end, or an update. */
    private void advance(Transfer t) {
        if (t.endRequested != null) {
            fail(t, t.endRequested);
        } else if (t.failure != null) {
            fail(t, failureOf(t));
        } else if (t.finished && t.resultCode != 0) {
            fail(t, failureOf(t));
        } else {
            Object update;
            boolean hasUpdate;
            hookDepth++;
            try {
                hasUpdate = t.request.hasUpdate();
                update = hasUpdate ? t.request.getUpdate() : null;
            } catch (Throwable e) {
                hookDepth--;
                fail(t, hookFailure("hasUpdate/getUpdate", e));
                return;
            }
            hookDepth--;
            if (hasUpdate) {
                CompletableFuture<Outcome<Object, Object>> stage = t.stage;
                t.stage = null;
                ready(stage, new Outcome.Interim<>(update));
                return;
            }
            if (t.finished) complete(t);
        }
    }

    private void complete(Transfer t) {
        GetInfoHandle info = new GetInfoHandle(this, t.easy.pointer);
        Object result;
        hookDepth++;
        try {
            result = t.request.completed(info);
        } catch (Throwable e) {
            hookDepth--;
            info.invalidate();
            fail(t, hookFailure("completed", e));
            return;
        }
        hookDepth--;
        info.invalidate();
        CompletableFuture<Outcome<Object, Object>> stage = t.stage;
        release(t);
        ready(stage, new Outcome.Final<>(result));
    }

    /** Ends a transfer with an error: the request's failed hook, its stage, its handle. */
    private void fail(Transfer t, CurlError error) {
        if (t.released) return;
        CompletableFuture<Outcome<Object, Object>> stage = t.stage;
        release(t);
        hookDepth++;
        try {
            t.request.failed(error);
        } catch (Throwable e) {
            error.addSuppressed(e);
        } finally {
            hookDepth--;
        }
        if (stage != null) ready(stage, error);
    }

    private CurlError failureOf(Transfer t) {
        int code = t.resultCode != 0 ? t.resultCode : CurlError.CURLE_ABORTED_BY_CALLBACK;
        String detail = t.resultDetail;
        if (detail == null) {
            detail = t.failure != null ? "a callback threw " + t.failure : CurlNative.easyStrerror(code);
        }
        return new CurlError(code, detail, t.failure);
    }

    private static CurlError hookFailure(String hook, Throwable e) {
        return new CurlError(CurlError.CURLE_ABORTED_BY_CALLBACK, hook + " threw " + e, e);
    }

    private EasyHandle acquire() {
        EasyHandle easy = idle.poll();
        if (easy != null) return easy;
        Integer free = freeSlots.poll();
        int slot = free != null ? free : nextSlot++;
        long pointer = CurlNative.easyCreate(handle, slot);
        if (pointer == 0) {
            freeSlots.push(slot);
            return null;
        }
        if (slot >= slots.length) slots = Arrays.copyOf(slots, Math.max(slots.length * 2, slot + 1));
        return new EasyHandle(pointer, slot);
    }

    private void release(Transfer t) {
        t.released = true;
        t.stage = null;
        transfers.remove(t.request);
        EasyHandle easy = t.easy;
        slots[easy.slot] = null;
        boolean stillRunning = !t.finished;   // a finished one reported its exception in the done batch
        stop(t);
        if (stillRunning) {
            Throwable leftover = CurlNative.easyTakeException(easy.pointer);
            if (leftover != null && t.failure == null) t.failure = leftover;
        }
        if (idle.size() < options.handlePoolSize() && CurlNative.easyReset(easy.pointer) == 0) {
            idle.push(easy);
        } else {
            CurlNative.easyCleanup(easy.pointer);
            freeSlots.push(easy.slot);
        }
    }

    private int performNative(int timeoutMillis) {
        int n = CurlNative.multiPerform(handle, timeoutMillis);
        if (n < 0) throw nativeFailure("curl_multi_socket_action", n);
        return n;
    }

    private void handleDone(int n) {
        for (int i = 0; i < n; i++) {
            int slot = done.getInt(i * 8);
            int raw = done.getInt(i * 8 + 4);
            int code = raw & ~CurlNative.DONE_CALLBACK_THREW;
            Transfer t = slots[slot];
            if (t == null || !t.active) continue;
            t.active = false;
            activeCount--;
            t.finished = true;
            t.resultCode = code;
            if ((raw & CurlNative.DONE_CALLBACK_THREW) != 0) {
                Throwable pending = CurlNative.easyTakeException(t.easy.pointer);
                if (pending != null && t.failure == null) t.failure = pending;
            }
            if (code != 0 || t.failure != null) {
                byte[] message = CurlNative.easyErrorBuffer(t.easy.pointer);
                t.resultDetail = message != null ? new String(message, StandardCharsets.UTF_8) : null;
            }
            if (t.stage != null) advance(t);
        }
    }

    private void handleDoomed() {
        for (int i = 0; i < doomed.size(); i++) {
            Transfer t = doomed.get(i);
            t.doomed = false;
            if (t.released) continue;
            CurlError reason = t.endRequested != null ? t.endRequested : t.failure != null ? failureOf(t) : null;
            if (reason == null) continue;
            if (t.stage != null || reason.isCancelled()) {
                fail(t, reason);   // a cancel ends the transfer whether or not a stage waits
            } else {
                // Nobody is waiting (an Update was delivered last): stop the transfer now and
                // report the failure to the next process() of this request.
                stop(t);
            }
        }
        doomed.clear();
    }

    private void handleTouched() {
        for (int i = 0; i < touched.size(); i++) {
            Transfer t = touched.get(i);
            t.touched = false;
            if (!t.released && t.stage != null && !t.finished) advance(t);
        }
        touched.clear();
    }

    private void stop(Transfer t) {
        if (t.active) {
            t.active = false;
            activeCount--;
            CurlNative.multiRemove(handle, t.easy.pointer);
        }
        t.finished = true;
    }

    /** After process/cancel: what hooks deferred (cancels, close), then the ready stages. */
    private void runDeferred() {
        if (!doomed.isEmpty()) handleDoomed();
        flushReady();
        if (closeRequested) close();
    }

    private void doom(Transfer t) {
        if (!t.doomed) {
            t.doomed = true;
            doomed.add(t);
        }
    }

    private void runMarshalled() {
        Runnable task;
        while ((task = marshalled.poll()) != null) task.run();
    }

    void pause(Transfer t, int bitmask) {
        if (Thread.currentThread() == owner) {
            if (closed || !t.active) return;
            int rc = CurlNative.easyPause(t.easy.pointer, bitmask);
            if (rc != 0) throw CurlError.of(rc);
            return;
        }
        marshalled.add(() -> {
            if (!t.active) return;
            int rc = CurlNative.easyPause(t.easy.pointer, bitmask);
            if (rc == 0 && t.failure == null) return;
            // Refused, or a callback threw while the unpause delivered buffered data. With a
            // stage waiting, it fails now; otherwise the next process() of the request reports it.
            CurlError error = new CurlError(rc != 0 ? rc : CurlError.CURLE_ABORTED_BY_CALLBACK,
                    rc != 0 ? "curl_easy_pause from another thread: " + CurlNative.easyStrerror(rc)
                            : "a callback threw " + t.failure, t.failure);
            if (t.stage != null) {
                fail(t, error);
            } else {
                t.endRequested = error;
                stop(t);
            }
        });
        wakeup();
    }

    private void ready(CompletableFuture<Outcome<Object, Object>> stage, Object value) {
        readyStages.add(stage);
        readyValues.add(value);
    }

    /** Completes ready stages; user continuations run here, after the loop's bookkeeping. */
    private int flushReady() {
        if (flushing) return 0;
        flushing = true;
        int count = 0;
        try {
            for (; count < readyStages.size(); count++) {
                Object value = readyValues.get(count);
                if (value instanceof CurlError) {
                    readyStages.get(count).completeExceptionally((CurlError) value);
                } else {
                    @SuppressWarnings("unchecked")
                    Outcome<Object, Object> outcome = (Outcome<Object, Object>) value;
                    readyStages.get(count).complete(outcome);
                }
            }
        } finally {
            readyStages.clear();
            readyValues.clear();
            flushing = false;
        }
        return count;
    }

    private static RuntimeException nativeFailure(String what, long rc) {
        if (rc <= CurlNative.MULTI_ERROR_BASE) {
            int code = (int) (CurlNative.MULTI_ERROR_BASE - rc);
            return new IllegalStateException(what + " failed: " + CurlNative.multiStrerror(code) + " (CURLMcode " + code + ")");
        }
        int errno = (int) -rc;
        return new UncheckedIOException(new IOException(what + " failed: " + CurlNative.errnoMessage(errno) + " (errno " + errno + ")"));
    }

    /**
     * Upcalls from libcurl's callbacks, on the owner thread inside perform/process/pause. The
     * native layer hands each a view of exactly the callback's bytes (position 0, limit =
     * capacity = length) and empties it again afterwards.
     */
    private final class Dispatcher implements NativeCallbacks {
        @Override
        public int onWrite(int slot, ByteBuffer data, int length) {
            Transfer t = slots[slot];
            if (t == null || t.write == null) return 0;
            callbackDepth++;
            try {
                int r = t.write.write(data);
                touch(t);
                return r;
            } catch (Throwable e) {
                return threw(t, e, 0);
            } finally {
                callbackDepth--;
            }
        }

        @Override
        public int onRead(int slot, ByteBuffer buffer, int length) {
            Transfer t = slots[slot];
            if (t == null || t.read == null) return ReadCallback.ABORT;
            callbackDepth++;
            try {
                int r = t.read.read(buffer);
                touch(t);
                return r;
            } catch (Throwable e) {
                return threw(t, e, ReadCallback.ABORT);
            } finally {
                callbackDepth--;
            }
        }

        @Override
        public int onHeader(int slot, ByteBuffer data, int length) {
            Transfer t = slots[slot];
            if (t == null || t.header == null) return 0;
            callbackDepth++;
            try {
                int r = t.header.header(data);
                touch(t);
                return r;
            } catch (Throwable e) {
                return threw(t, e, 0);
            } finally {
                callbackDepth--;
            }
        }

        @Override
        public int onXferInfo(int slot, long dlTotal, long dlNow, long ulTotal, long ulNow) {
            Transfer t = slots[slot];
            if (t == null || t.xferinfo == null) return 1;
            callbackDepth++;
            try {
                int r = t.xferinfo.progress(dlTotal, dlNow, ulTotal, ulNow);
                touch(t);
                return r;
            } catch (Throwable e) {
                return threw(t, e, 1);
            } finally {
                callbackDepth--;
            }
        }

        @Override
        public void onDebug(int slot, int type, ByteBuffer data, int length) {
            Transfer t = slots[slot];
            if (t == null || t.debug == null || type < 0 || type >= INFO_TYPES.length) return;
            callbackDepth++;
            try {
                t.debug.debug(INFO_TYPES[type], data);
            } catch (Throwable e) {
                threw(t, e, 0);
            } finally {
                callbackDepth--;
            }
        }

        private void touch(Transfer t) {
            if (t.stage != null && !t.touched) {
                t.touched = true;
                touched.add(t);
            }
        }

        private int threw(Transfer t, Throwable e, int abortValue) {
            if (t.failure == null) t.failure = e;
            doom(t);
            return abortValue;
        }
    }

    /**
     * A short description for logs.
     *
     * @return the owner thread's name, the number of transfers and whether the multi is closed
     */
    @Override
    public String toString() {
        return "Multi[owner=" + owner.getName() + ", transfers=" + transfers.size() + (closed ? ", closed]" : "]");
    }

}
