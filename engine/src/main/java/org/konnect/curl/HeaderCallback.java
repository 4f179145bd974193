package org.konnect.curl;

import java.nio.ByteBuffer;

/**
 * {@code CURLOPT_HEADERFUNCTION}: receives each response header line (with its CRLF), as a
 * read-only view of a copy, valid during the call only. Return {@code data.remaining()} to go on; any other count
 * fails the transfer with {@code CURLE_WRITE_ERROR}.
 */
@FunctionalInterface
public interface HeaderCallback {
    /**
     * Receives one header line, on the multi's owner thread.
     *
     * @param data a view of the line, CRLF included, valid during the call only
     * @return the number of bytes taken: {@code data.remaining()} to go on
     */
    int header(ByteBuffer data);
}
