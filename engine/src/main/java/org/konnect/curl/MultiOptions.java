package org.konnect.curl;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link Multi}: libcurl's multi options (0 keeps libcurl's default) and the
 * size of the easy-handle pool.
 *
 * @param maxTotalConnections {@code CURLMOPT_MAX_TOTAL_CONNECTIONS}: open connections at most
 * @param maxHostConnections {@code CURLMOPT_MAX_HOST_CONNECTIONS}: connections per host at most.
 *        Transfers past either limit wait in libcurl's queue, and their wait counts against their
 *        connect timeout. libcurl tries waiting transfers again as connections free up, at a cost
 *        that grows with the square of the queue: in a plain C program, 4,000 small GETs queued for 8
 *        connections took 1.6 s on libcurl 7.88.1 and 6.0 s on 8.14.1 (62 tries per transfer on
 *        8.14.1, 3 on 7.88.1). {@code maxRunningTransfers} keeps that queue in the engine instead.
 * @param maxConnects {@code CURLMOPT_MAXCONNECTS}: size of the idle connection cache
 * @param multiplex {@code CURLMOPT_PIPELINING = CURLPIPE_MULTIPLEX}: share HTTP/2 connections
 * @param maxConcurrentStreams {@code CURLMOPT_MAX_CONCURRENT_STREAMS}: streams per HTTP/2 connection
 * @param handlePoolSize idle easy handles kept for reuse
 * @param bufferSize {@code CURLOPT_BUFFERSIZE} set on every transfer before its own options
 * @param iterationBudget how long one {@link Multi#perform} may hand body data to write
 *        callbacks; past it, each transfer's next chunk pauses that transfer until the next
 *        {@code perform}, so that no transfer (a gzip bomb inflating, many fast bodies) holds
 *        the loop. {@link Duration#ZERO}: no budget
 * @param share the {@link Share} every transfer uses ({@code CURLOPT_SHARE}), or {@code null} for none
 * @param maxRunningTransfers transfers handed to libcurl at once, 0 for no limit. The others wait
 *        in the engine, in the order they were processed, each started as a running one ends
 *        (they count in {@link Multi#transferCount()}, not in {@link Multi#activeTransfers()});
 *        their connect timeout starts when they do. WebSocket sessions start at once and hold
 *        no slot, since a session lasts as long as it likes. Set to the connections a workload may open
 *        (times the streams per connection for HTTP/2), it keeps libcurl's own queue empty.
 *        With a limit and {@code maxConnects} 0, the idle connection cache holds 4 connections
 *        per running transfer, libcurl's own rule for the handles it holds.
 */
public record MultiOptions(long maxTotalConnections, long maxHostConnections, long maxConnects,
                           boolean multiplex, long maxConcurrentStreams, int handlePoolSize, long bufferSize,
                           Duration iterationBudget, Share share, int maxRunningTransfers) {
    /**
     * The default {@link #iterationBudget}: half the one-millisecond target for how soon a
     * blocked loop handles a message, leaving the other half to the work around the budget.
     */
    public static final Duration DEFAULT_ITERATION_BUDGET = Duration.ofNanos(500_000);

    /** libcurl's defaults, multiplexing on, 64 pooled handles, the default iteration budget. */
    public static final MultiOptions DEFAULTS = new MultiOptions(0, 0, 0, true, 0, 64, 0, DEFAULT_ITERATION_BUDGET, null, 0);

    /**
     * Checks the values.
     *
     * @param maxTotalConnections {@code CURLMOPT_MAX_TOTAL_CONNECTIONS}, 0 for libcurl's default
     * @param maxHostConnections {@code CURLMOPT_MAX_HOST_CONNECTIONS}, 0 for libcurl's default
     * @param maxConnects {@code CURLMOPT_MAXCONNECTS}, 0 for libcurl's default
     * @param multiplex whether HTTP/2 transfers share connections ({@code CURLPIPE_MULTIPLEX})
     * @param maxConcurrentStreams {@code CURLMOPT_MAX_CONCURRENT_STREAMS}, 0 for libcurl's default
     * @param handlePoolSize idle easy handles kept for reuse
     * @param bufferSize {@code CURLOPT_BUFFERSIZE} for every transfer, 0 for libcurl's default
     * @param iterationBudget the longest one {@code perform} hands body data to write callbacks,
     *        {@link Duration#ZERO} for no budget
     * @param share the share every transfer uses, or {@code null} for none
     * @param maxRunningTransfers transfers handed to libcurl at once, 0 for no limit
     * @throws IllegalArgumentException if any value is negative
     */
    public MultiOptions {
        Objects.requireNonNull(iterationBudget, "iterationBudget");
        if (iterationBudget.isNegative()) throw new IllegalArgumentException("MultiOptions: iterationBudget must be >= 0");
        if (maxTotalConnections < 0 || maxHostConnections < 0 || maxConnects < 0 || maxConcurrentStreams < 0) {
            throw new IllegalArgumentException("MultiOptions: connection limits must be >= 0 (0 = libcurl's default)");
        }
        if (handlePoolSize < 0) throw new IllegalArgumentException("MultiOptions: handlePoolSize must be >= 0");
        if (bufferSize < 0) throw new IllegalArgumentException("MultiOptions: bufferSize must be >= 0 (0 = libcurl's default)");
        if (maxRunningTransfers < 0) throw new IllegalArgumentException("MultiOptions: maxRunningTransfers must be >= 0 (0 = no limit)");
    }

    /**
     * The options with no limit of running transfers.
     *
     * @param maxTotalConnections {@code CURLMOPT_MAX_TOTAL_CONNECTIONS}, 0 for libcurl's default
     * @param maxHostConnections {@code CURLMOPT_MAX_HOST_CONNECTIONS}, 0 for libcurl's default
     * @param maxConnects {@code CURLMOPT_MAXCONNECTS}, 0 for libcurl's default
     * @param multiplex whether HTTP/2 transfers share connections ({@code CURLPIPE_MULTIPLEX})
     * @param maxConcurrentStreams {@code CURLMOPT_MAX_CONCURRENT_STREAMS}, 0 for libcurl's default
     * @param handlePoolSize idle easy handles kept for reuse
     * @param bufferSize {@code CURLOPT_BUFFERSIZE} for every transfer, 0 for libcurl's default
     * @param iterationBudget the longest one {@code perform} hands body data to write callbacks,
     *        {@link Duration#ZERO} for no budget
     * @param share the share every transfer uses, or {@code null} for none
     * @throws IllegalArgumentException if any value is negative
     */
    public MultiOptions(long maxTotalConnections, long maxHostConnections, long maxConnects,
                        boolean multiplex, long maxConcurrentStreams, int handlePoolSize, long bufferSize,
                        Duration iterationBudget, Share share) {
        this(maxTotalConnections, maxHostConnections, maxConnects, multiplex, maxConcurrentStreams, handlePoolSize, bufferSize,
                iterationBudget, share, 0);
    }

    /**
     * The options without a {@link Share}.
     *
     * @param maxTotalConnections {@code CURLMOPT_MAX_TOTAL_CONNECTIONS}, 0 for libcurl's default
     * @param maxHostConnections {@code CURLMOPT_MAX_HOST_CONNECTIONS}, 0 for libcurl's default
     * @param maxConnects {@code CURLMOPT_MAXCONNECTS}, 0 for libcurl's default
     * @param multiplex whether HTTP/2 transfers share connections ({@code CURLPIPE_MULTIPLEX})
     * @param maxConcurrentStreams {@code CURLMOPT_MAX_CONCURRENT_STREAMS}, 0 for libcurl's default
     * @param handlePoolSize idle easy handles kept for reuse
     * @param bufferSize {@code CURLOPT_BUFFERSIZE} for every transfer, 0 for libcurl's default
     * @param iterationBudget the longest one {@code perform} hands body data to write callbacks,
     *        {@link Duration#ZERO} for no budget
     * @throws IllegalArgumentException if any value is negative
     */
    public MultiOptions(long maxTotalConnections, long maxHostConnections, long maxConnects,
                        boolean multiplex, long maxConcurrentStreams, int handlePoolSize, long bufferSize,
                        Duration iterationBudget) {
        this(maxTotalConnections, maxHostConnections, maxConnects, multiplex, maxConcurrentStreams, handlePoolSize, bufferSize,
                iterationBudget, null);
    }

    /**
     * The options with libcurl's default buffer size.
     *
     * @param maxTotalConnections {@code CURLMOPT_MAX_TOTAL_CONNECTIONS}, 0 for libcurl's default
     * @param maxHostConnections {@code CURLMOPT_MAX_HOST_CONNECTIONS}, 0 for libcurl's default
     * @param maxConnects {@code CURLMOPT_MAXCONNECTS}, 0 for libcurl's default
     * @param multiplex whether HTTP/2 transfers share connections ({@code CURLPIPE_MULTIPLEX})
     * @param maxConcurrentStreams {@code CURLMOPT_MAX_CONCURRENT_STREAMS}, 0 for libcurl's default
     * @param handlePoolSize idle easy handles kept for reuse
     * @throws IllegalArgumentException if any value is negative
     */
    public MultiOptions(long maxTotalConnections, long maxHostConnections, long maxConnects,
                        boolean multiplex, long maxConcurrentStreams, int handlePoolSize) {
        this(maxTotalConnections, maxHostConnections, maxConnects, multiplex, maxConcurrentStreams, handlePoolSize, 0,
                DEFAULT_ITERATION_BUDGET);
    }

    /**
     * These options with another {@code CURLMOPT_MAX_TOTAL_CONNECTIONS}.
     *
     * @param n open connections at most, 0 for libcurl's default
     * @return new options
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public MultiOptions withMaxTotalConnections(long n) {
        return new MultiOptions(n, maxHostConnections, maxConnects, multiplex, maxConcurrentStreams, handlePoolSize,
                bufferSize, iterationBudget, share, maxRunningTransfers);
    }

    /**
     * These options with another {@code CURLMOPT_MAX_HOST_CONNECTIONS}.
     *
     * @param n connections per host at most, 0 for libcurl's default
     * @return new options
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public MultiOptions withMaxHostConnections(long n) {
        return new MultiOptions(maxTotalConnections, n, maxConnects, multiplex, maxConcurrentStreams, handlePoolSize,
                bufferSize, iterationBudget, share, maxRunningTransfers);
    }

    /**
     * These options with another {@code CURLMOPT_MAXCONNECTS}.
     *
     * @param n the size of the idle connection cache, 0 for libcurl's default
     * @return new options
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public MultiOptions withMaxConnects(long n) {
        return new MultiOptions(maxTotalConnections, maxHostConnections, n, multiplex, maxConcurrentStreams, handlePoolSize,
                bufferSize, iterationBudget, share, maxRunningTransfers);
    }

    /**
     * These options with multiplexing ({@code CURLMOPT_PIPELINING = CURLPIPE_MULTIPLEX}) on or off.
     *
     * @param on whether HTTP/2 transfers share connections
     * @return new options
     */
    public MultiOptions withMultiplex(boolean on) {
        return new MultiOptions(maxTotalConnections, maxHostConnections, maxConnects, on, maxConcurrentStreams, handlePoolSize,
                bufferSize, iterationBudget, share, maxRunningTransfers);
    }

    /**
     * These options with another {@code CURLMOPT_MAX_CONCURRENT_STREAMS}.
     *
     * @param n streams per HTTP/2 connection at most, 0 for libcurl's default
     * @return new options
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public MultiOptions withMaxConcurrentStreams(long n) {
        return new MultiOptions(maxTotalConnections, maxHostConnections, maxConnects, multiplex, n, handlePoolSize,
                bufferSize, iterationBudget, share, maxRunningTransfers);
    }

    /**
     * These options with another easy-handle pool size.
     *
     * @param n idle easy handles kept for reuse
     * @return new options
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public MultiOptions withHandlePoolSize(int n) {
        return new MultiOptions(maxTotalConnections, maxHostConnections, maxConnects, multiplex, maxConcurrentStreams, n,
                bufferSize, iterationBudget, share, maxRunningTransfers);
    }

    /**
     * These options with another {@code CURLOPT_BUFFERSIZE} for every transfer.
     *
     * @param n the receive buffer size in bytes, 0 for libcurl's default
     * @return new options
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public MultiOptions withBufferSize(long n) {
        return new MultiOptions(maxTotalConnections, maxHostConnections, maxConnects, multiplex, maxConcurrentStreams, handlePoolSize,
                n, iterationBudget, share, maxRunningTransfers);
    }

    /**
     * These options with another {@link #iterationBudget}.
     *
     * @param budget the longest one {@code perform} hands body data to write callbacks,
     *        {@link Duration#ZERO} for no budget
     * @return new options
     * @throws IllegalArgumentException if {@code budget} is negative
     */
    public MultiOptions withIterationBudget(Duration budget) {
        return new MultiOptions(maxTotalConnections, maxHostConnections, maxConnects, multiplex, maxConcurrentStreams, handlePoolSize,
                bufferSize, budget, share, maxRunningTransfers);
    }

    /**
     * These options with a {@link Share}: every transfer of the Multi uses it. The Multi
     * registers with the share when it opens and leaves it when it closes; the share cannot be
     * closed in between.
     *
     * @param s the share, or {@code null} for none
     * @return new options
     */
    public MultiOptions withShare(Share s) {
        return new MultiOptions(maxTotalConnections, maxHostConnections, maxConnects, multiplex, maxConcurrentStreams, handlePoolSize,
                bufferSize, iterationBudget, s, maxRunningTransfers);
    }

    /**
     * These options with another {@link #maxRunningTransfers}.
     *
     * @param n transfers handed to libcurl at once, 0 for no limit
     * @return new options
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public MultiOptions withMaxRunningTransfers(int n) {
        return new MultiOptions(maxTotalConnections, maxHostConnections, maxConnects, multiplex, maxConcurrentStreams, handlePoolSize,
                bufferSize, iterationBudget, share, n);
    }
}
