package org.konnect.curl.bench;

/**
 * A run's count, folded over its transfers' outcomes by the peers whose streams end in one fold
 * (Reactor's {@code reduce}, Pekko's {@code Sink.fold}): each outcome is a body's size, or -1 for
 * a failed transfer. Used by one fold at a time, so not thread-safe.
 */
final class Tally {
    private long ok;
    private long failed;
    private long bytes;

    /** Counts one outcome; returns this tally, for the fold's next step. */
    Tally add(long outcome) {
        if (outcome >= 0) {
            ok++;
            bytes += outcome;
        } else {
            failed++;
        }
        return this;
    }

    Contender.Result result() {
        return new Contender.Result(ok, failed, bytes);
    }
}
