package org.konnect.curl.testservers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

/**
 * The leak check fails exactly the tests that end with a different native object count than
 * they began with. The test servers cannot open a Multi (the engine depends on it, not the other way
 * round), so the fixtures count on a counter of their own; the engine's tests run on the real one.
 */
class NoNativeLeaksTest {
    /** The fixtures' native object count, as the extension reads it. */
    static final AtomicLong live = new AtomicLong();

    static class LeavesTwoAlive {
        @RegisterExtension
        static final NoNativeLeaks leaks = new NoNativeLeaks(live::get);

        @Test
        void allocatesTwo() {
            live.addAndGet(2);
        }
    }

    static class FreesWhatItAllocates {
        @RegisterExtension
        static final NoNativeLeaks leaks = new NoNativeLeaks(live::get);

        @Test
        void allocatesAndFrees() {
            live.addAndGet(3);
            live.addAndGet(-3);
        }
    }

    static class FreesInAfterEach {
        @RegisterExtension
        static final NoNativeLeaks leaks = new NoNativeLeaks(live::get);

        @Test
        void allocates() {
            live.incrementAndGet();
        }

        @AfterEach
        void freeLikeStoppingAnActor() {
            live.decrementAndGet();
        }
    }

    static class FreesWhatWasAliveBefore {
        @RegisterExtension
        static final NoNativeLeaks leaks = new NoNativeLeaks(live::get);

        @Test
        void frees() {
            live.decrementAndGet();
        }
    }

    @ExtendWith(NoNativeLeaks.class)
    static class OnTheEnginesCounter {
        @Test
        void allocatesNothing() {
        }
    }

    @Test
    void aTestLeavingObjectsAliveFailsNamingTheCount() {
        live.set(0);
        FixtureRun run = FixtureRun.of(LeavesTwoAlive.class);
        assertEquals(1, run.failed());
        AssertionFailedError error = assertInstanceOf(AssertionFailedError.class, run.failures().get(0));
        assertEquals("allocatesTwo() left 2 native object(s) alive (2 after the test, 0 before it):"
                + " a Multi not closed, or a MultiActor not stopped?", error.getMessage());
        assertEquals(0L, error.getExpected().getValue());
        assertEquals(2L, error.getActual().getValue());
    }

    @Test
    void aTestFreeingWhatItAllocatedPasses() {
        live.set(0);
        FixtureRun run = FixtureRun.of(FreesWhatItAllocates.class);
        assertEquals(1, run.succeeded(), run.failures().toString());
    }

    @Test
    void theBaselineIsTheCountBeforeTheTestNotZero() {
        live.set(5);   // alive before, e.g. held by the class
        FixtureRun freeing = FixtureRun.of(FreesWhatItAllocates.class);
        assertEquals(1, freeing.succeeded(), freeing.failures().toString());
        FixtureRun leaking = FixtureRun.of(LeavesTwoAlive.class);
        assertTrue(leaking.onlyFailureMessage().contains("left 2 native object(s) alive (7 after the test, 5 before it)"),
                leaking.onlyFailureMessage());
    }

    @Test
    void freeingInAfterEachIsInTime() {
        live.set(0);
        FixtureRun run = FixtureRun.of(FreesInAfterEach.class);
        assertEquals(1, run.succeeded(), run.failures().toString());
    }

    @Test
    void freeingWhatWasAliveBeforeFailsToo() {
        live.set(1);
        FixtureRun run = FixtureRun.of(FreesWhatWasAliveBefore.class);
        assertTrue(run.onlyFailureMessage().contains("freed 1 native object(s) it had not allocated (0 after the test, 1 before it)"),
                run.onlyFailureMessage());
    }

    @Test
    void byDefaultItReadsTheEnginesCounterAndSaysSoWithoutTheEngine() {
        // The test servers' tests run without the engine (it depends on the test servers): the default
        // extension cannot count, and must say what is missing rather than pass.
        FixtureRun run = FixtureRun.of(OnTheEnginesCounter.class);
        assertEquals(1, run.failed());
        Throwable error = assertInstanceOf(IllegalStateException.class, run.failures().get(0));
        assertEquals("NoNativeLeaks reads org.konnect.curl.Curl.liveNativeObjects():"
                + " konnect-curl-engine must be on the test class path", error.getMessage());
        assertInstanceOf(ClassNotFoundException.class, error.getCause());
    }
}
