package org.konnect.curl;

/**
 * What one {@link Multi#process} call yields: an {@link Interim} value (process the same
 * request again to continue) or the {@link Final} result. Failures complete the stage
 * exceptionally with a {@link CurlError} instead.
 *
 * <p>The names differ from the actor replies ({@code MultiActor.Update}, {@code MultiActor.Completed})
 * on purpose, so that code importing both reads without qualification.
 *
 * @param <U> the type of interim updates
 * @param <R> the type of the final result
 */
public sealed interface Outcome<U, R> permits Outcome.Interim, Outcome.Final {
    /**
     * An interim value from {@link RequestProtocol#getUpdate()}; the transfer is not finished.
     *
     * @param <U> the type of interim updates
     * @param <R> the type of the final result
     * @param value the update
     */
    record Interim<U, R>(U value) implements Outcome<U, R> {}

    /**
     * The final value from {@link RequestProtocol#completed}; the transfer is finished.
     *
     * @param <U> the type of interim updates
     * @param <R> the type of the final result
     * @param result the final result
     */
    record Final<U, R>(R result) implements Outcome<U, R> {}
}
