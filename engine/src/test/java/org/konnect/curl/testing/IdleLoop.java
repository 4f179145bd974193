package org.konnect.curl.testing;

import java.time.Duration;
import org.konnect.curl.Multi;

/**
 * Test helper: how many times a Multi's loop ran in a span with nothing to do. A loop that
 * waits runs a handful of times ({@code span / maxWait}); one that some ready socket keeps waking
 * runs hundreds of thousands of times, so a bound far above the first and far below the second
 * tells the two apart on any machine without measuring how long anything took.
 *
 * <p>In the engine's test jar, for the tests of the modules above the engine.
 */
public final class IdleLoop {
    private IdleLoop() {}

    /**
     * Calls {@code multi.perform(maxWaitMillis)} until {@code span} has passed, on the calling
     * (owner) thread.
     *
     * @return how many calls that took
     */
    public static int performsDuring(Multi multi, Duration span, long maxWaitMillis) {
        long until = System.nanoTime() + span.toNanos();
        int performs = 0;
        while (System.nanoTime() < until) {
            multi.perform(maxWaitMillis);
            performs++;
        }
        return performs;
    }
}
