package org.konnect.curl.http;

/**
 * How many exchanges run at once per origin, and how many more may wait. An exchange runs from
 * its start until its response body has been read (or discarded); over HTTP/1.1 each running
 * exchange has a connection, over HTTP/2 a stream, multiplexed. Beyond {@code maxQueuedPerOrigin}
 * waiting ones a request fails at once with {@link QueueFullException} instead of being buffered
 * without end (what Pekko HTTP reports as "Exceeded configured max-open-requests"). libcurl's
 * {@code CURLMOPT_MAX_HOST_CONNECTIONS} would queue without a bound, inside the Multi; this limit is
 * the client's, so that libcurl only ever holds transfers that run.
 *
 * @param maxConnectionsPerOrigin exchanges running at once per origin; positive
 * @param maxQueuedPerOrigin exchanges waiting per origin; 0 or more
 */
public record OriginLimits(int maxConnectionsPerOrigin, int maxQueuedPerOrigin) {
    /** 32 running and 256 waiting per origin. */
    public static final OriginLimits DEFAULT = new OriginLimits(32, 256);

    /**
     * Checks the values.
     *
     * @param maxConnectionsPerOrigin positive
     * @param maxQueuedPerOrigin 0 or more
     * @throws IllegalArgumentException for a value out of range
     */
    public OriginLimits {
        if (maxConnectionsPerOrigin < 1) throw new IllegalArgumentException("maxConnectionsPerOrigin must be positive");
        if (maxQueuedPerOrigin < 0) throw new IllegalArgumentException("maxQueuedPerOrigin is negative");
    }
}
