package org.konnect.curl.bench;

/**
 * A client under test. {@link #run} performs one measured run to completion, keeping
 * {@code spec.inflight()} transfers in flight, and touches every byte of every body.
 */
interface Contender extends AutoCloseable {
    /** What a run did; {@code failed > 0} means the contender did not complete every transfer. */
    record Result(long ok, long failed, long bytes) {}

    Result run(Spec spec) throws Exception;

    /**
     * The HTTP version of a response of the last run, as the client names it (for example
     * {@code HTTP_2}), or null where the contender does not say: it shows whether h2 was negotiated.
     */
    default String protocol() {
        return null;
    }

    @Override
    void close() throws Exception;
}
