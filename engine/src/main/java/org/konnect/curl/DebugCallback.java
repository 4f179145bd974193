package org.konnect.curl;

import java.nio.ByteBuffer;

/**
 * {@code CURLOPT_DEBUGFUNCTION}: libcurl's verbose trace (setting it also sets
 * {@code CURLOPT_VERBOSE} to 1, which libcurl needs to call it). {@code data} is valid during
 * the call only. An exception thrown here fails the transfer.
 */
@FunctionalInterface
public interface DebugCallback {
    /** libcurl's {@code curl_infotype}. */
    enum InfoType {
        /** {@code CURLINFO_TEXT}: informational text from libcurl. */
        TEXT,
        /** {@code CURLINFO_HEADER_IN}: header data received from the peer. */
        HEADER_IN,
        /** {@code CURLINFO_HEADER_OUT}: header data sent to the peer. */
        HEADER_OUT,
        /** {@code CURLINFO_DATA_IN}: protocol data received from the peer. */
        DATA_IN,
        /** {@code CURLINFO_DATA_OUT}: protocol data sent to the peer. */
        DATA_OUT,
        /** {@code CURLINFO_SSL_DATA_IN}: TLS data received from the peer. */
        SSL_DATA_IN,
        /** {@code CURLINFO_SSL_DATA_OUT}: TLS data sent to the peer. */
        SSL_DATA_OUT
    }

    /**
     * Receives one piece of the trace, on the multi's owner thread.
     *
     * @param type what {@code data} is
     * @param data a read-only view of a copy of libcurl's bytes (not NUL-terminated, not necessarily text), valid
     *        during the call only
     */
    void debug(InfoType type, ByteBuffer data);
}
