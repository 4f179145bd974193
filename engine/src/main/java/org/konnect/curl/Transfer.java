package org.konnect.curl;

import java.util.concurrent.CompletableFuture;

/** One request's state inside a {@link Multi}; touched only on the owner thread. */
final class Transfer {
    final RequestProtocol<Object, Object> request;
    final EasyHandle easy;
    final ConfigHandle config;

    TransferState state = TransferState.CONFIGURING;
    /** The caller's pending stage, or null between an Interim outcome and the next process(). */
    CompletableFuture<Outcome<Object, Object>> stage;

    /** The stage the last Interim went to: if it still waits in ReadyStages when the transfer ends, it gets the end instead. */
    CompletableFuture<Outcome<Object, Object>> interimStage;
    /** libcurl's result, once {@link TransferState#FINISHED} by libcurl. */
    int resultCode;
    /** libcurl itself finished the transfer (its done message came), rather than a cancel or a failure of Konnect's. */
    boolean doneByLibcurl;
    /**
     * The transfer set an option whose state lives in the easy handle beyond {@code curl_easy_reset}
     * (cookies, the HSTS and alt-svc caches): its handle is cleaned up, not pooled, so that the
     * next transfer starts without them, and libcurl writes the cookie jar and the caches' files.
     */
    boolean keepsHandleState;
    /** libcurl's error buffer for a failed result, or null. */
    String resultDetail;
    /** The first exception a hook or callback threw; fails the transfer. */
    Throwable failure;
    /** A reason to end the transfer that arrived while libcurl was running (cancel, marshalled pause error). */
    CurlError endRequested;
    /**
     * The application paused receiving ({@link ConfigHandle#PAUSE_RECV}) and has not resumed:
     * the write callback answers {@code CURL_WRITEFUNC_PAUSE} for libcurl while this is set, so
     * that no data is delivered on any libcurl version (8.x keeps delivering after a
     * {@code curl_easy_pause} made outside a callback; 7.88 does not).
     */
    boolean recvPaused;
    /** The application's last {@link ConfigHandle#pause} bitmask: what a resume after a yield restores. */
    int pauseBits;
    /** A receive pause asked inside this transfer's write callback waits for libcurl to return ({@link Transfers#pause}). */
    boolean pauseDeferred;
    /**
     * The write callback paused the transfer because the loop's iteration budget was spent
     * ({@link MultiOptions#iterationBudget}); the next {@code perform} resumes it first.
     */
    boolean yielded;
    /** Whether libcurl lets this transfer's write callback pause it (not for file://, see {@link Transfers#writesCanPause}). */
    boolean mayYield = true;
    /** The last {@link Transfers#iteration} a chunk of this transfer reached its write callback in. */
    long deliveredIn = -1;
    /** {@link ConfigHandle#maxBodyBytes}: the most body bytes the write callback may be handed. */
    long maxBodyBytes = Long.MAX_VALUE;
    /** Body bytes the write callback has taken so far (decoded bytes, when the engine decodes). */
    long bodyBytes;
    /**
     * The engine decodes this transfer's body itself ({@link EngineContentDecoding}): libcurl
     * hands it over as sent, and the response's Content-Encoding is read at its first body chunk.
     */
    boolean engineDecodes;
    /** The Content-Encoding was read: {@link #decoder} is set, or null when there is nothing to decode. */
    boolean codingRead;
    /** The decoder of the body's content codings; ended (its native memory freed) when the transfer is released. */
    ContentDecoder decoder;
    /** The engine's side of a {@link WebSocket}, or null for any other request. */
    WebSocketSession ws;
    /** Queued on the multi's touched list (a callback ran while a stage was pending). */
    boolean touched;
    /** Queued on the multi's doomed list (to be ended once libcurl has returned). */
    boolean doomed;

    @SuppressWarnings("unchecked")
    Transfer(Multi multi, RequestProtocol<?, ?> request, EasyHandle easy) {
        this.request = (RequestProtocol<Object, Object>) request;
        this.easy = easy;
        this.config = new ConfigHandle(multi, this);
    }

    boolean isRunning() {
        return state == TransferState.RUNNING;
    }

    /** Finished or released: libcurl no longer runs it. */
    boolean isFinished() {
        return state.compareTo(TransferState.FINISHED) >= 0;
    }

    /**
     * A callback threw or asked to end the transfer, which ends once libcurl returns: until then
     * its callbacks are not called, and libcurl gets their abort values.
     */
    boolean endsOnceLibcurlReturns() {
        return failure != null || endRequested != null;
    }

    boolean isReleased() {
        return state == TransferState.RELEASED;
    }

    /** Forgets the callbacks set so far (the handle was reset). */
    void clearCallbacks() {
        java.util.Arrays.fill(easy.callbacks, null);
    }
}
