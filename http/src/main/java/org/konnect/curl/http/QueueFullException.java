package org.konnect.curl.http;

/**
 * A request refused because its origin's queue was full ({@link OriginLimits}): nothing was sent.
 */
public final class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    QueueFullException(HttpRequest request, Origin origin, OriginLimits limits) {
        super("queue full: " + request + " refused, " + origin + " has " + limits.maxConnectionsPerOrigin()
                + " exchanges running (maxConnectionsPerOrigin) and " + limits.maxQueuedPerOrigin()
                + " waiting (maxQueuedPerOrigin); nothing was sent");
    }
}
