package org.konnect.curl.bench;

/**
 * A client under test. {@link #run} performs one measured run to completion, keeping
 * {@code spec.inflight()} transfers in flight, and touches every byte of every body.
 */
interface Contender extends AutoCloseable {
    /** What a run did; {@code failed > 0} means the contender did not complete every transfer. */
    record Result(long ok, long failed, long bytes) {}

    Result run(Spec spec) throws Exception;

    @Override
    void close() throws Exception;
}
