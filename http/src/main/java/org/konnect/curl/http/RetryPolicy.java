package org.konnect.curl.http;

import java.time.Duration;
import java.util.Objects;
import org.konnect.curl.CurlError;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * Retries of an exchange that failed at the connection level before any response reached the
 * caller: {@code CURLE_COULDNT_CONNECT}, {@code CURLE_GOT_NOTHING}, {@code CURLE_SEND_ERROR},
 * {@code CURLE_RECV_ERROR}, {@code CURLE_PARTIAL_FILE}, {@code CURLE_HTTP2},
 * {@code CURLE_HTTP2_STREAM} (a reset connection, a server that closed without answering, a body
 * cut short). Timeouts, TLS and HTTP errors are not retried, nor is any request whose body cannot
 * be sent again (a file or a stream), nor one whose streamed response was handed over. Methods that
 * are not idempotent (POST, PATCH) only when {@link #retryNonIdempotent()}. The n-th retry waits
 * {@code initialBackoff * 2^(n-1)}, at most {@code maxBackoff}. libcurl has no retry of its own
 * (the curl tool's {@code --retry} is the tool's), so this is the client's.
 *
 * @param maxRetries the most retries after the first attempt; 0 for none
 * @param initialBackoff the wait before the first retry
 * @param maxBackoff the longest wait
 * @param retryNonIdempotent whether POST, PATCH and other non-idempotent requests are retried too
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, boolean retryNonIdempotent) {
    /**
     * Checks the values.
     *
     * @param maxRetries 0 or more
     * @param initialBackoff 0 or more
     * @param maxBackoff at least {@code initialBackoff}
     * @param retryNonIdempotent whether non-idempotent requests are retried
     * @throws IllegalArgumentException for a value out of range
     */
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries is negative: " + maxRetries);
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be 0 <= initial <= max: " + initialBackoff + ", " + maxBackoff);
        }
    }

    /**
     * No retries.
     *
     * @return the policy
     */
    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, Duration.ZERO, false);
    }

    /**
     * Up to {@code maxRetries} retries of idempotent requests, backing off from {@code initialBackoff}.
     *
     * @param maxRetries the most retries
     * @param initialBackoff the first wait; doubled per retry, at most 32 times it
     * @return the policy
     */
    public static RetryPolicy idempotent(int maxRetries, Duration initialBackoff) {
        return new RetryPolicy(maxRetries, initialBackoff, initialBackoff.multipliedBy(32), false);
    }

    /**
     * This policy retrying non-idempotent requests too.
     *
     * @param retry whether to
     * @return a new policy
     */
    public RetryPolicy withRetryNonIdempotent(boolean retry) {
        return new RetryPolicy(maxRetries, initialBackoff, maxBackoff, retry);
    }

    /** The wait before retry number {@code retry} (1 for the first). */
    Duration backoff(int retry) {
        Duration d = initialBackoff;
        for (int i = 1; i < retry && d.compareTo(maxBackoff) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /** Whether {@code error} is a connection-level failure this policy retries. */
    static boolean isConnectionLevel(CurlError error) {
        if (error.isCancelled()) return false;
        int c = error.code();
        return c == LibcurlConstants.CURLE_COULDNT_CONNECT || c == LibcurlConstants.CURLE_GOT_NOTHING
                || c == LibcurlConstants.CURLE_SEND_ERROR || c == LibcurlConstants.CURLE_RECV_ERROR
                || c == LibcurlConstants.CURLE_PARTIAL_FILE || c == LibcurlConstants.CURLE_HTTP2
                || c == LibcurlConstants.CURLE_HTTP2_STREAM;
    }
}
