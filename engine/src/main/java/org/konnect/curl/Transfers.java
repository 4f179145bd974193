package org.konnect.curl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * The transfers of one {@link Multi} and every move of their lifecycle ({@link TransferState}):
 * start, the next update or the end delivered to a pending stage, failure, release of the handle.
 * Hooks and callbacks run inside; what they ask for that libcurl cannot take while it runs
 * (cancel, a failure) is deferred to the {@code handle*} steps the loop calls once libcurl has
 * returned. Outcomes go to {@link ReadyStages}, completed after the bookkeeping. Owner thread only.
 */
final class Transfers {
    private final Multi multi;
    private final long multiHandle;
    private final long bufferSize;
    final EasyHandlePool pool;
    final ReadyStages ready = new ReadyStages();
    private final Map<RequestProtocol<?, ?>, Transfer> byRequest = new IdentityHashMap<>();
    private int activeCount;
    /** {@link MultiOptions#maxRunningTransfers}: transfers handed to libcurl at once, 0 for no limit. */
    private final int maxRunning;
    /**
     * Processed requests waiting for a running slot, oldest first. A cancelled one leaves
     * {@link #waitingByRequest} at once, and this queue when its turn comes or the queue is compacted.
     */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final Map<RequestProtocol<?, ?>, Waiting> waitingByRequest = new IdentityHashMap<>();
    /** Cancelled entries still in {@link #waiting}; past the live ones, the queue is compacted. */
    private int staleWaiting;
    /**
     * Running transfers that hold one of the {@link #maxRunning} slots: all but WebSockets, which
     * start at once and hold none (a session lasts as long as it likes, and a Send to a session
     * that has not started would be refused).
     */
    private int slotsTaken;
    /** Transfers a callback ran for while a stage was pending: checked for an update after libcurl returns. */
    private final ArrayList<Transfer> touched = new ArrayList<>();
    /** Transfers to end once libcurl has returned (a callback threw, or cancel was called inside one). */
    private final ArrayList<Transfer> doomed = new ArrayList<>();
    /** The transfers that yielded their turn in this iteration, and those being resumed (swapped each perform). */
    private ArrayList<Transfer> yielded = new ArrayList<>();
    private ArrayList<Transfer> resuming = new ArrayList<>();
    /** {@link MultiOptions#iterationBudget} in nanoseconds, 0 for none. */
    private final long budgetNanos;
    /** When the first chunk of this iteration reached a write callback; valid while {@link #budgetStarted}. */
    private long budgetStart;
    private boolean budgetStarted;
    /** Counts performs: a transfer yields only after a chunk in the current one, so every transfer moves. */
    long iteration;
    /** > 0 while a libcurl callback runs (the {@link CallbackRouter} counts): libcurl forbids re-entry. */
    int callbackDepth;
    /** The transfer whose write callback runs (the innermost, when one nests in another), or null. */
    Transfer writing;
    /** > 0 while a RequestProtocol hook runs: process/perform refused, cancel/close deferred. */
    int hookDepth;
    /** Transfers whose pause was asked inside a write callback, applied by {@link #applyDeferredPauses}. */
    private final ArrayList<Transfer> deferredPauses = new ArrayList<>();
    /** The WebSockets' payload buffers, made at the first WebSocket (see {@link WebSocketSession}). */
    private ByteBuffer wsRecvBuffer;
    private ByteBuffer wsSendBuffer;
    /** Out-parameters of the WebSocket natives: a frame's kind, offset and bytes left, or the bytes sent. */
    final long[] wsNumbers = new long[3];

    /** {@code share}: the native share every handle uses, 0 for none. */
    Transfers(Multi multi, long multiHandle, MultiOptions options, long share) {
        this.multi = multi;
        this.multiHandle = multiHandle;
        this.bufferSize = options.bufferSize();
        this.budgetNanos = options.iterationBudget().toNanos();
        this.maxRunning = options.maxRunningTransfers();
        this.pool = new EasyHandlePool(multiHandle, options.handlePoolSize(), share);
    }

    boolean insideHookOrCallback() {
        return callbackDepth > 0 || hookDepth > 0;
    }

    int count() {
        return byRequest.size() + waitingByRequest.size();
    }

    int active() {
        return activeCount;
    }

    int waitingCount() {
        return waitingByRequest.size();
    }

    /** Starts {@code request}, or hands its transfer the caller's next stage. */
    void process(RequestProtocol<?, ?> request, CompletableFuture<Outcome<Object, Object>> stage) {
        Transfer t = byRequest.get(request);
        if (t == null) {
            if (waitingByRequest.containsKey(request)) throw pendingStage();
            if (maxRunning > 0 && !(request instanceof WebSocket) && (slotsTaken >= maxRunning || !waitingByRequest.isEmpty())) {
                Waiting w = new Waiting(request, stage);
                waiting.add(w);
                waitingByRequest.put(request, w);
            } else {
                start(request, stage);
            }
            return;
        }
        if (t.stage != null) throw pendingStage();
        t.stage = stage;
        advance(t);
        if (t.ws != null && t.stage != null && t.state == TransferState.OPEN) t.ws.resumeReading();
    }

    private static IllegalStateException pendingStage() {
        return new IllegalStateException("process: this request already has a pending stage; wait for it"
                + " before processing the request again");
    }

    /**
     * Starts waiting requests while running slots are free, oldest first. Called once libcurl and
     * the hooks have returned (after process, cancel and each perform), so that a slot freed by an
     * ending transfer is taken before the caller next waits for the network.
     */
    void admitWaiting() {
        while (slotsTaken < maxRunning && !waiting.isEmpty()) {
            Waiting w = waiting.poll();
            if (waitingByRequest.get(w.request()) != w) {   // cancelled while it waited
                staleWaiting--;
                continue;
            }
            waitingByRequest.remove(w.request());
            start(w.request(), w.stage());
            // Its configureHandle cancelled it (or another): ended now, as a process() would.
            if (!doomed.isEmpty()) handleDoomed();
        }
    }

    /** A waiting request left: its entry stays in the queue, which is rebuilt once most entries are stale. */
    private void leftWaiting() {
        staleWaiting++;
        if (staleWaiting > 16 && staleWaiting > waitingByRequest.size()) {
            waiting.removeIf(w -> waitingByRequest.get(w.request()) != w);
            staleWaiting = 0;
        }
    }

    /** Ends the transfer of {@code request} (after libcurl returns, when it runs now); false when unknown. */
    boolean cancel(RequestProtocol<?, ?> request, CurlError reason) {
        Transfer t = byRequest.get(request);
        if (t == null) {
            Waiting w = waitingByRequest.remove(request);
            if (w == null) return false;
            leftWaiting();
            failWaiting(w, reason);   // libcurl never had it: nothing to defer
            return true;
        }
        if (insideHookOrCallback()) {   // end it as soon as libcurl or the hook returns
            if (t.endRequested == null) t.endRequested = reason;
            doom(t);
        } else {
            fail(t, reason);
        }
        return true;
    }

    /** Fails every transfer with {@code reason} (the multi closes). */
    void failAll(CurlError reason) {
        for (Transfer t : new ArrayList<>(byRequest.values())) fail(t, reason);
        for (Waiting w : new ArrayList<>(waiting)) {   // a failed hook may cancel another
            if (waitingByRequest.remove(w.request()) == w) failWaiting(w, reason);
        }
        waiting.clear();
        staleWaiting = 0;
    }

    /** A request that never started ends with {@code error}: its failed hook, then its stage. */
    private void failWaiting(Waiting w, CurlError error) {
        callFailedHook(w.request(), error);
        ready.add(w.stage(), error);
    }

    /** Ends the doomed transfers, if any (after process/cancel). */
    void handleDeferred() {
        if (!doomed.isEmpty()) handleDoomed();
    }

    private void start(RequestProtocol<?, ?> request, CompletableFuture<Outcome<Object, Object>> stage) {
        if (request instanceof WebSocket && !startable((WebSocket) request, stage)) return;
        EasyHandle easy;
        try {
            easy = pool.acquire();
        } catch (RuntimeException e) {
            ready.add(stage, e instanceof CurlError ? e
                    : new CurlError(LibcurlConstants.CURLE_FAILED_INIT, e.getMessage(), e));
            return;
        }
        Transfer t = new Transfer(multi, request, easy);
        t.stage = stage;
        pool.bind(t);
        byRequest.put(request, t);
        if (request instanceof WebSocket) {
            t.ws = new WebSocketSession((WebSocket) request, t, this, multi);
            ((WebSocket) request).bind(t.ws);
            t.keepsHandleState = true;   // a CONNECT_ONLY handle is cleaned up, not pooled
        }
        hookDepth++;
        try {
            if (bufferSize > 0) t.config.setopt(CurlOpt.BUFFERSIZE, bufferSize);
            t.request.configureHandle(t.config);
            LibcurlWorkarounds.apply(t.config);
            LineBreakIsolation.apply(t.config);
            t.engineDecodes = EngineContentDecoding.apply(t.config);
            t.mayYield = writesCanPause(t.config.current(CurlOpt.URL));
            if (t.ws != null) prepareWebSocket(t);
        } catch (Throwable e) {
            hookDepth--;
            t.config.endConfiguration();
            fail(t, hookFailure("configureHandle", e));
            return;
        }
        hookDepth--;
        t.config.endConfiguration();
        try {
            Native.multiAdd(multiHandle, easy.pointer);
        } catch (IllegalStateException e) {
            fail(t, new CurlError(LibcurlConstants.CURLE_FAILED_INIT, e.getMessage(), null));
            return;
        }
        t.state = TransferState.RUNNING;
        activeCount++;
        if (t.ws == null) slotsTaken++;
    }

    /**
     * A WebSocket may start: libcurl can run it, and it has no session yet. Otherwise its stage
     * fails at once (and its failed hook is called), naming why.
     */
    private boolean startable(WebSocket ws, CompletableFuture<Outcome<Object, Object>> stage) {
        String unsupported = WebSocket.unsupportedReason();
        CurlError refused = unsupported != null ? new CurlError(LibcurlConstants.CURLE_UNSUPPORTED_PROTOCOL, unsupported, null)
                : ws.hasSession() ? new CurlError(LibcurlConstants.CURLE_FAILED_INIT, ws + " was processed before: a WebSocket is"
                        + " one session (build a new one to connect again)", null) : null;
        if (refused == null) return true;
        hookDepth++;
        try {
            ws.failed(refused);
        } finally {
            hookDepth--;
        }
        ready.add(stage, refused);
        return false;
    }

    /** After configureHandle: CONNECT_ONLY 2 and the WebSocket options (ws.c), and the multi's payload buffers. */
    private void prepareWebSocket(Transfer t) {
        if (wsRecvBuffer == null) {
            ByteBuffer recv = ByteBuffer.allocateDirect(WebSocketSession.BUFFER_BYTES);
            ByteBuffer send = ByteBuffer.allocateDirect(WebSocketSession.BUFFER_BYTES);
            Native.wsBuffers(multiHandle, recv, send);
            wsRecvBuffer = recv;
            wsSendBuffer = send;
        }
        Native.wsPrepare(t.easy.pointer);
    }

    ByteBuffer wsRecvBuffer() {
        return wsRecvBuffer;
    }

    ByteBuffer wsSendBuffer() {
        return wsSendBuffer;
    }

    /** From a {@link WebSocketSession}: deliver what it has for a waiting stage (a message, or its end). */
    void wsAdvance(Transfer t) {
        if (!t.isReleased() && t.stage != null) advance(t);
    }

    /**
     * From a {@link WebSocketSession}: it ended, cleanly ({@code error} null: the final outcome is
     * its {@link WebSocketClose}) or with {@code error}. The connection is closed now; the outcome
     * goes to the waiting stage, or to the next process of the session.
     */
    void wsEnded(Transfer t, CurlError error) {
        if (t.isReleased()) return;
        if (error != null && t.endRequested == null) t.endRequested = error;
        stop(t);
        if (t.stage != null) advance(t);
    }

    /** From a {@link WebSocketSession}: it yielded to the iteration budget; the next perform resumes it. */
    void wsYield(Transfer t) {
        yielded.add(t);
    }

    /**
     * Delivers what a transfer with a pending stage has: an update, or its end. A transfer that
     * libcurl ended with an error first hands over the updates its callbacks made before the
     * error (the chunks a stream's window still holds), as a finished one does before its
     * completion; a cancel, or a hook or callback that threw, ends it at once.
     */
    private void advance(Transfer t) {
        if (t.endRequested != null) {
            fail(t, t.endRequested);
        } else if (t.failure != null) {
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
            if (t.endRequested != null) {
                // Cancelled from inside hasUpdate/getUpdate: the pending stage fails, as a cancel's
                // does; an Interim instead would have the caller process again and start anew.
                fail(t, t.endRequested);
            } else if (hasUpdate) {
                CompletableFuture<Outcome<Object, Object>> stage = t.stage;
                t.stage = null;
                t.interimStage = stage;
                ready.add(stage, new Outcome.Interim<>(update));
            } else if (t.isFinished()) {
                if (t.resultCode != 0) fail(t, failureOf(t));
                else complete(t);
            }
        }
    }

    private void complete(Transfer t) {
        GetInfoHandle info = new GetInfoHandle(multi, t.easy.pointer);
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
        ready.add(stage, new Outcome.Final<>(result));
    }

    /** Ends a transfer with an error: the request's failed hook, its stage, its handle. */
    private void fail(Transfer t, CurlError error) {
        if (t.isReleased()) return;
        if (t.ws != null) t.ws.abandon(error);
        CompletableFuture<Outcome<Object, Object>> stage = t.stage;
        release(t);
        callFailedHook(t.request, error);
        if (stage != null) {
            ready.add(stage, error);
        } else if (t.interimStage != null) {
            ready.replace(t.interimStage, error);   // an Interim not yet handed out becomes the end
        }
    }

    /** The request's failed hook; what it throws is kept as suppressed by {@code error}. */
    private void callFailedHook(RequestProtocol<?, ?> request, CurlError error) {
        hookDepth++;
        try {
            request.failed(error);
        } catch (Throwable e) {
            error.addSuppressed(e);
        } finally {
            hookDepth--;
        }
    }

    private CurlError failureOf(Transfer t) {
        int code = t.resultCode != 0 ? t.resultCode : CurlError.CURLE_ABORTED_BY_CALLBACK;
        String detail = t.resultDetail;
        if (detail == null) detail = t.failure != null ? "a callback threw " + t.failure : Native.easyStrerror(code);
        return new CurlError(code, detail, t.failure);
    }

    private static CurlError hookFailure(String hook, Throwable e) {
        return new CurlError(CurlError.CURLE_ABORTED_BY_CALLBACK, hook + " threw " + e, e);
    }

    private void release(Transfer t) {
        boolean stillRunning = !t.isFinished();   // a finished one reported its exception in the done batch
        stop(t);
        t.state = TransferState.RELEASED;
        t.stage = null;
        byRequest.remove(t.request);
        if (t.decoder != null) {
            t.decoder.end();
            t.decoder = null;
        }
        if (stillRunning) {
            Throwable leftover = Native.easyTakeException(t.easy.pointer);
            if (leftover != null && t.failure == null) t.failure = leftover;
        }
        pool.release(t.easy, t.doneByLibcurl && t.resultCode == 0 && !t.keepsHandleState);
    }

    /** Takes the handle out of libcurl's hands (if it was running); the outcome stays to deliver. */
    private void stop(Transfer t) {
        if (t.isRunning() || t.state == TransferState.OPEN) {
            activeCount--;
            if (t.ws == null) slotsTaken--;
            Native.multiRemove(multiHandle, t.easy.pointer);
        }
        if (!t.isFinished()) t.state = TransferState.FINISHED;
    }

    /** The done batch of one loop iteration: {@code n} (slot, code) pairs in {@code done}. */
    void handleDone(ByteBuffer done, int n) {
        for (int i = 0; i < n; i++) {
            Transfer t = pool.transferAt(done.getInt(i * 8));
            int entry = done.getInt(i * 8 + 4);
            if ((entry & LibcurlConstants.KM_DONE_WS_EVENT) != 0) {
                if (t != null && t.ws != null && t.state == TransferState.OPEN) t.ws.ready(entry & ~LibcurlConstants.KM_DONE_WS_EVENT);
                continue;
            }
            if (t == null || !t.isRunning()) continue;
            if ((entry & LibcurlConstants.KM_DONE_WS_OPEN) != 0 && t.ws != null) {
                t.state = TransferState.OPEN;   // the handle stays in the multi, still counted active
                t.doneByLibcurl = true;
                t.ws.opened();
                continue;
            }
            activeCount--;   // the native layer removed the handle from the multi already
            if (t.ws == null) slotsTaken--;
            t.state = TransferState.FINISHED;
            t.doneByLibcurl = true;
            t.resultCode = entry & LibcurlConstants.KM_DONE_CODE_MASK;
            if ((entry & LibcurlConstants.KM_DONE_CALLBACK_THREW) != 0) {
                Throwable pending = Native.easyTakeException(t.easy.pointer);
                if (pending != null && t.failure == null) t.failure = pending;
            }
            if (t.resultCode != 0 || t.failure != null) {
                byte[] message = Native.easyErrorBuffer(t.easy.pointer);
                t.resultDetail = message != null ? new String(message, StandardCharsets.UTF_8) : null;
            }
            if (t.stage != null) advance(t);
        }
    }

    /** Ends the transfers doomed while libcurl or a hook ran. */
    void handleDoomed() {
        for (int i = 0; i < doomed.size(); i++) {
            Transfer t = doomed.get(i);
            t.doomed = false;
            if (t.isReleased()) continue;
            CurlError reason = t.endRequested != null ? t.endRequested : t.failure != null ? failureOf(t) : null;
            if (reason == null) continue;
            if (t.stage != null || reason.isCancelled()) {
                fail(t, reason);   // a cancel ends the transfer whether or not a stage waits
            } else {
                // Nobody is waiting (an Interim was delivered last): stop the transfer now and
                // report the failure to the next process() of this request.
                stop(t);
            }
        }
        doomed.clear();
    }

    /** Delivers updates of the transfers whose callbacks ran while a stage was pending. */
    void handleTouched() {
        for (int i = 0; i < touched.size(); i++) {
            Transfer t = touched.get(i);
            t.touched = false;
            if (!t.isReleased() && t.stage != null && !t.isFinished()) advance(t);
        }
        touched.clear();
    }

    private void doom(Transfer t) {
        if (!t.doomed) {
            t.doomed = true;
            doomed.add(t);
        }
    }

    /** From the {@link CallbackRouter}: a callback of {@code t} ran. */
    void touch(Transfer t) {
        if (t.stage != null && !t.touched) {
            t.touched = true;
            touched.add(t);
        }
    }

    /** From the {@link CallbackRouter}: the body would pass {@link Transfer#maxBodyBytes}; the transfer ends once libcurl returns. */
    void bodyTooLarge(Transfer t) {
        if (t.endRequested == null) {
            t.endRequested = new CurlError(LibcurlConstants.CURLE_FILESIZE_EXCEEDED, "the body would exceed the "
                    + t.maxBodyBytes + " bytes this transfer accepts (ConfigHandle.maxBodyBytes; " + t.bodyBytes
                    + " bytes taken so far)", null);
        }
        doom(t);
    }

    /** From the {@link CallbackRouter}: {@code t} fails with {@code error} (its body cannot be decoded) once libcurl returns. */
    void endInCallback(Transfer t, CurlError error) {
        if (t.endRequested == null) t.endRequested = error;
        doom(t);
    }

    /** From the {@link CallbackRouter}: a callback of {@code t} threw; the transfer ends once libcurl returns. */
    void callbackThrew(Transfer t, Throwable e) {
        if (t.failure == null) t.failure = e;
        doom(t);
    }

    /**
     * A pause asked on the owner thread. A transfer that pauses receiving from inside its own
     * write callback gets its {@code curl_easy_pause} once libcurl has returned to the engine:
     * libcurl 8.14.1, paused that way, keeps its timer at zero for as long as the transfer stays
     * paused, and the loop spins at full CPU (7.88.1 does not; a pause from outside the
     * transfer's write callback is fine on both). Meanwhile the write callback answers PAUSE for
     * any further chunk ({@link Transfer#recvPaused}), which pauses libcurl the way it expects
     * from a callback. Everything else, resuming another transfer from inside a callback
     * included, is applied at once.
     */
    void pause(Transfer t, int bitmask) {
        if (writing != t || (bitmask & ConfigHandle.PAUSE_RECV) == 0) {
            applyPause(t, bitmask);
            return;
        }
        t.recvPaused = (bitmask & ConfigHandle.PAUSE_RECV) != 0;
        t.pauseBits = bitmask;
        if (!t.pauseDeferred) {
            t.pauseDeferred = true;
            deferredPauses.add(t);
        }
    }

    /** The pauses asked inside write callbacks, now that libcurl has returned. */
    void applyDeferredPauses() {
        for (int i = 0; i < deferredPauses.size(); i++) {
            Transfer t = deferredPauses.get(i);
            t.pauseDeferred = false;
            if (!t.isRunning() || t.doomed) continue;
            try {
                Native.easyPause(t.easy.pointer, t.pauseBits);
            } catch (CurlError e) {
                if (t.endRequested == null) {
                    t.endRequested = new CurlError(e.code(), "curl_easy_pause, asked inside a write callback: "
                            + Native.easyStrerror(e.code()), t.failure);
                }
                doom(t);
            }
        }
        deferredPauses.clear();
    }

    /**
     * From the {@link CallbackRouter}: a callback whose abort libcurl is not told of (progress,
     * debug) threw; {@code t} ends with {@code CURLE_ABORTED_BY_CALLBACK} once libcurl returns,
     * whatever libcurl's own result, since the data callbacks it calls meanwhile get their abort values.
     */
    void abortedInCallback(Transfer t, Throwable e) {
        callbackThrew(t, e);
        if (t.endRequested == null) t.endRequested = new CurlError(CurlError.CURLE_ABORTED_BY_CALLBACK, "a callback threw " + e, e);
    }

    /** {@code curl_easy_pause}, and the receive pause the write callback enforces (see {@link Transfer#recvPaused}). */
    static void applyPause(Transfer t, int bitmask) {
        t.recvPaused = (bitmask & ConfigHandle.PAUSE_RECV) != 0;
        t.pauseBits = bitmask;
        try {
            Native.easyPause(t.easy.pointer, bitmask);
        } catch (CurlError e) {
            // An unpause hands kept data to the callbacks inside curl_easy_pause. When that ended the
            // transfer (a body past maxBodyBytes, a body that does not decode, a callback that threw),
            // the transfer fails for that reason; libcurl's refusal of the pause only follows from it.
            if (t.endRequested != null || t.failure != null) return;
            throw e;
        }
    }

    /**
     * From the {@link CallbackRouter}, for each chunk of {@code t}: whether {@code t} must yield,
     * because this iteration's budget is spent and {@code t} already had a chunk in it. The
     * clock starts at the iteration's first chunk, so waiting for events never counts; every
     * transfer gets at least one chunk an iteration, so none starves behind a busy one.
     */
    boolean mustYield(Transfer t) {
        if (budgetNanos == 0 || !t.mayYield) return false;
        boolean first = t.deliveredIn != iteration;   // a transfer's first chunk of an iteration is always taken
        t.deliveredIn = iteration;
        long now = System.nanoTime();
        if (!budgetStarted) {
            budgetStarted = true;
            budgetStart = now;
            return false;
        }
        return !first && now - budgetStart > budgetNanos;
    }

    /**
     * libcurl refuses a write callback's PAUSE for protocols that work without the network
     * (PROTOPT_NONETWORK: file:// only), failing the transfer with CURLE_WRITE_ERROR "Write
     * callback asked for PAUSE when not supported"; it reads such a file in one call anyway. So a
     * file:// transfer never yields to the budget.
     */
    static boolean writesCanPause(Object url) {
        return !(url instanceof String u && u.regionMatches(true, 0, "file:", 0, 5));
    }

    /** Whether outcomes wait to be delivered, or transfers to be checked for them (so that perform must not block). */
    boolean hasDeliveries() {
        return !ready.isEmpty() || !touched.isEmpty() || !doomed.isEmpty();
    }

    /** Whether a transfer waits for the next perform to resume it (so that perform must not block). */
    boolean hasYielded() {
        return !yielded.isEmpty();
    }

    /** From the {@link CallbackRouter}: {@code t} answered PAUSE for the budget; resumed by the next {@link #resumeYielded}. */
    void yieldTurn(Transfer t) {
        if (!t.yielded) {
            t.yielded = true;
            yielded.add(t);
        }
    }

    /**
     * At the start of a {@code perform}: a new budget, and every transfer that yielded in the last
     * one resumed, with the application's own pause bits. The resume may deliver the chunks
     * libcurl kept, and a transfer that spends the new budget doing so yields again.
     */
    void resumeYielded() {
        budgetStarted = false;
        iteration++;
        if (yielded.isEmpty()) return;
        ArrayList<Transfer> list = yielded;
        yielded = resuming;
        resuming = list;
        for (int i = 0; i < list.size(); i++) {
            Transfer t = list.get(i);
            if (t.ws != null) {
                if (t.state == TransferState.OPEN && t.ws.isYielded()) t.ws.resumeYielded();
                continue;
            }
            t.yielded = false;
            if (!t.isRunning() || t.doomed) continue;
            try {
                Native.easyPause(t.easy.pointer, t.pauseBits);
            } catch (CurlError e) {
                if (t.endRequested == null) {
                    t.endRequested = new CurlError(e.code(), "curl_easy_pause, resuming a transfer that yielded to the"
                            + " iteration budget: " + Native.easyStrerror(e.code()), t.failure);
                }
                doom(t);
            }
        }
        list.clear();
    }

    /** A pause handed over from another thread, applied on the owner thread. */
    void pauseHandedOver(Transfer t, int bitmask) {
        if (!t.isRunning()) return;
        CurlError refused = null;
        try {
            applyPause(t, bitmask);
        } catch (CurlError e) {
            refused = new CurlError(e.code(), "curl_easy_pause from another thread: " + Native.easyStrerror(e.code()), t.failure);
        }
        if (refused == null && t.failure == null) return;
        // Refused, or a callback threw while the unpause delivered buffered data. With a stage
        // waiting, it fails now; otherwise the next process() of the request reports it.
        CurlError error = refused != null ? refused
                : new CurlError(CurlError.CURLE_ABORTED_BY_CALLBACK, "a callback threw " + t.failure, t.failure);
        if (t.stage != null) {
            fail(t, error);
        } else {
            t.endRequested = error;
            stop(t);
        }
    }

    /** A processed request waiting for a running slot ({@link MultiOptions#maxRunningTransfers}), and its stage. */
    private record Waiting(RequestProtocol<?, ?> request, CompletableFuture<Outcome<Object, Object>> stage) {}
}
