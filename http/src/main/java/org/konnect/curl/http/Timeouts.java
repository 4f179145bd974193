package org.konnect.curl.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an exchange may take, as libcurl measures it: the connection phase
 * ({@code CURLOPT_CONNECTTIMEOUT_MS}), the whole transfer ({@code CURLOPT_TIMEOUT_MS}; a request's
 * own {@link HttpRequest#withTimeout} replaces it), and a stall: less than
 * {@code lowSpeedBytesPerSecond} for {@code lowSpeedTime} ({@code CURLOPT_LOW_SPEED_LIMIT} and
 * {@code CURLOPT_LOW_SPEED_TIME}, whole seconds). Each ends the exchange with
 * {@code CURLE_OPERATION_TIMEDOUT}. A streamed body counts towards the total while it is read,
 * so a slow consumer can time a long download out: give such requests a longer timeout.
 *
 * @param connect the connection phase's limit (TCP, TLS, a proxy's CONNECT)
 * @param total the whole exchange's limit
 * @param lowSpeedBytesPerSecond the lowest speed tolerated; 0 for no stall check
 * @param lowSpeedTime how long the speed may stay below it
 */
public record Timeouts(Duration connect, Duration total, long lowSpeedBytesPerSecond, Duration lowSpeedTime) {
    /** 10 s to connect, 5 min in all, no stall check. */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(5), 0, Duration.ZERO);

    /**
     * Checks the values.
     *
     * @param connect positive
     * @param total positive
     * @param lowSpeedBytesPerSecond 0 or more
     * @param lowSpeedTime at least a second when a low speed is set
     * @throws IllegalArgumentException naming the value out of range
     */
    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(lowSpeedTime, "lowSpeedTime");
        if (connect.isNegative() || connect.isZero()) throw new IllegalArgumentException("connect timeout must be positive: " + connect);
        if (total.isNegative() || total.isZero()) throw new IllegalArgumentException("total timeout must be positive: " + total);
        if (lowSpeedBytesPerSecond < 0) throw new IllegalArgumentException("lowSpeedBytesPerSecond is negative");
        if (lowSpeedBytesPerSecond > 0 && lowSpeedTime.getSeconds() < 1) {
            throw new IllegalArgumentException("lowSpeedTime must be at least 1 s (libcurl counts whole seconds): " + lowSpeedTime);
        }
    }

    /**
     * These timeouts with another connect timeout.
     *
     * @param connect positive
     * @return new timeouts
     */
    public Timeouts withConnect(Duration connect) {
        return new Timeouts(connect, total, lowSpeedBytesPerSecond, lowSpeedTime);
    }

    /**
     * These timeouts with another total timeout.
     *
     * @param total positive
     * @return new timeouts
     */
    public Timeouts withTotal(Duration total) {
        return new Timeouts(connect, total, lowSpeedBytesPerSecond, lowSpeedTime);
    }

    /**
     * These timeouts with a stall check.
     *
     * @param bytesPerSecond the lowest speed tolerated
     * @param time how long it may stay below it (whole seconds)
     * @return new timeouts
     */
    public Timeouts withLowSpeed(long bytesPerSecond, Duration time) {
        return new Timeouts(connect, total, bytesPerSecond, time);
    }
}
