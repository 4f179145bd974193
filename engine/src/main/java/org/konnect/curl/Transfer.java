package org.konnect.curl;

import java.util.concurrent.CompletableFuture;

/**
 * One request's state inside a {@link Multi}; touched only on the owner thread.
 * Lifecycle: active (its easy handle is in the multi) → finished (libcurl is done; the
 * outcome may wait for the next {@code process}) → released (handle back in the pool).
 */
final class Transfer {
    final RequestProtocol<Object, Object> request;
    final EasyHandle easy;
    final ConfigHandle config;

    /** The caller's pending stage, or null between an Update and the next process(). */
    CompletableFuture<Outcome<Object, Object>> stage;

    WriteCallback write;
    ReadCallback read;
    HeaderCallback header;
    XferInfoCallback xferinfo;
    DebugCallback debug;

    boolean active;
    boolean finished;
    boolean released;
    int resultCode;
    String resultDetail;
    /** The first exception a hook or callback threw; fails the transfer. */
    Throwable failure;
    /** A reason to end the transfer that arrived while libcurl was running (cancel, marshalled pause error). */
    CurlError endRequested;
    /** Queued on the multi's touched list (a callback ran while a stage was pending). */
    boolean touched;
    /** Queued on the multi's doomed list. */
    boolean doomed;

    @SuppressWarnings("unchecked")
    Transfer(Multi multi, RequestProtocol<?, ?> request, EasyHandle easy) {
        this.request = (RequestProtocol<Object, Object>) request;
        this.easy = easy;
        this.config = new ConfigHandle(multi, this);
    }
}
