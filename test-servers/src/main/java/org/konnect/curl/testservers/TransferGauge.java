package org.konnect.curl.testservers;

/** Receives the start, the progress and the end (success or failure) of every streamed /bytes or /drip response. */
interface TransferGauge {

    /** A streamed response has started. */
    void started();

    /** A streamed response has ended, completely or not. */
    void finished();

    /** A streamed response handed {@code bytes} more of its body to the connection. */
    void sent(int bytes);

    /**
     * A streamed response's write did not complete when it was made ({@code true}): the
     * connection's send buffer was full, as when the client reads slower than the server writes
     * or not at all; then ({@code false}) that write completed, or the response ended.
     */
    void blocked(boolean blocked);

    /** A slowly read request body ({@code /slow-read}) took {@code bytes} more. */
    void read(int bytes);
}
