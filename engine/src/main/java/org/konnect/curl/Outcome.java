package org.konnect.curl;

/**
 * What one {@link Multi#process} call yields: an interim {@link Update} (process the same
 * request again to continue) or the final {@link Completed} result. Failures complete the
 * stage exceptionally with a {@link CurlError} instead.
 *
 * @param <U> the type of interim updates
 * @param <R> the type of the final result
 */
public sealed interface Outcome<U, R> permits Outcome.Update, Outcome.Completed {
    /**
     * An interim value from {@link RequestProtocol#getUpdate()}; the transfer is not finished.
     *
     * @param <U> the type of interim updates
     * @param <R> the type of the final result
     * @param value the update
     */
    record Update<U, R>(U value) implements Outcome<U, R> {}

    /**
     * The final value from {@link RequestProtocol#completed}; the transfer is finished.
     *
     * @param <U> the type of interim updates
     * @param <R> the type of the final result
     * @param result the final result
     */
    record Completed<U, R>(R result) implements Outcome<U, R> {}
}
