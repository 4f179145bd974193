package org.konnect.curl.http;

import org.konnect.curl.CurlError;

/**
 * A response body that would have passed {@link HttpClientSettings#maxBodyBytes()}, counted after
 * decoding: the exchange stopped at the chunk that would have passed it (the engine's
 * {@code ConfigHandle.maxBodyBytes}), so a decompression bomb costs no more than the cap.
 */
public final class BodyTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(HttpRequest request, long max, CurlError cause) {
        super("the response body of " + request + " would exceed the " + max
                + " bytes HttpClientSettings.maxBodyBytes allows (decoded bytes; the exchange was stopped there)", cause);
    }
}
