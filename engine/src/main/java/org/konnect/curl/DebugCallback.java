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
    enum InfoType { TEXT, HEADER_IN, HEADER_OUT, DATA_IN, DATA_OUT, SSL_DATA_IN, SSL_DATA_OUT }

    void debug(InfoType type, ByteBuffer data);
}
