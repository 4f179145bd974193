package org.konnect.curl;

/**
 * Where a {@link Transfer} is in its life; it only moves forward. Only the owner thread reads
 * or changes it.
 */
enum TransferState {
    /** {@link RequestProtocol#configureHandle} runs; the easy handle is not in the multi yet. */
    CONFIGURING,
    /** The easy handle is in the multi: libcurl runs the transfer. */
    RUNNING,
    /**
     * A {@link WebSocket} whose handshake libcurl finished: its handle stays in the multi, and the
     * engine reads and writes the connection itself ({@link WebSocketSession}) until it closes.
     */
    OPEN,
    /**
     * libcurl is done with it (finished, failed, or stopped by the engine); its outcome may still
     * wait for the request's next {@link Multi#process}.
     */
    FINISHED,
    /** Delivered, and its handle back in the pool: the multi no longer knows the request. */
    RELEASED
}
