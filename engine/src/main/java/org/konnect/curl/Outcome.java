package org.konnect.curl;

/**
 * What one {@link Multi#process} call yields: an interim {@link Update} (process the same
 * request again to continue) or the final {@link Completed} result. Failures complete the
 * stage exceptionally with a {@link CurlError} instead.
 */
public sealed interface Outcome<U, R> permits Outcome.Update, Outcome.Completed {
    /** An interim value from {@link RequestProtocol#getUpdate()}; the transfer is not finished. */
    record Update<U, R>(U value) implements Outcome<U, R> {}

    /** The final value from {@link RequestProtocol#completed}; the transfer is finished. */
    record Completed<U, R>(R result) implements Outcome<U, R> {}
}
