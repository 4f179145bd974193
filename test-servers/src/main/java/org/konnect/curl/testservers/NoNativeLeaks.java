package org.konnect.curl.testservers;

import java.lang.reflect.InvocationTargetException;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.opentest4j.AssertionFailedError;

/**
 * JUnit 5 extension that fails a test which leaves native objects alive: once the test and its
 * {@code @AfterEach} methods are done, the count of live native objects (multi and easy
 * handles, header lists, kept request bodies, callback references; what
 * {@code org.konnect.curl.Curl.liveNativeObjects()} reports) must be back at its value before
 * the test.
 *
 * <p>For test classes whose tests close every {@code Multi} they open and stop every
 * {@code MultiActor} they spawn (stopping in an {@code @AfterEach} method is in time). Not for a
 * class that keeps a {@code Multi} or {@code MultiActor} across its tests: what that one holds
 * (pooled handles) may change from test to test.
 *
 * <p>The counter is exact and up to date when {@code close()} returns (and when a stopped
 * actor has terminated), so the check reads it once; it does not wait.
 */
public final class NoNativeLeaks implements BeforeEachCallback, AfterEachCallback {
    private static final Namespace NAMESPACE = Namespace.create(NoNativeLeaks.class);
    private static final String BEFORE = "live native objects before the test";
    /**
     * The engine's public counter, found at run time: the engine's own tests use this testkit,
     * so the test servers cannot depend on the engine at build time.
     */
    private static final String COUNTER_CLASS = "org.konnect.curl.Curl";
    private static final String COUNTER_METHOD = "liveNativeObjects";

    private final LongSupplier liveObjects;

    /**
     * Creates the extension over the engine's counter; JUnit does, for {@code @ExtendWith}.
     * The engine must be on the test class path.
     */
    public NoNativeLeaks() {
        this(NoNativeLeaks::enginesCount);
    }

    /** An extension over another counter, to test the extension itself. */
    NoNativeLeaks(LongSupplier liveObjects) {
        this.liveObjects = liveObjects;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(BEFORE, liveObjects.getAsLong());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long before = context.getStore(NAMESPACE).remove(BEFORE, Long.class);
        long after = liveObjects.getAsLong();
        String counts = " (" + after + " after the test, " + before + " before it)";
        if (after > before) {
            throw new AssertionFailedError(context.getDisplayName() + " left " + (after - before)
                    + " native object(s) alive" + counts + ": a Multi not closed, or a MultiActor not stopped?",
                    before, after);
        }
        if (after < before) {
            // Not a leak, but the test freed what was alive before it: the check cannot vouch for it.
            throw new AssertionFailedError(context.getDisplayName() + " freed " + (before - after)
                    + " native object(s) it had not allocated" + counts + ": it closed a Multi it did not open?",
                    before, after);
        }
    }

    private static long enginesCount() {
        try {
            return (long) Class.forName(COUNTER_CLASS).getMethod(COUNTER_METHOD).invoke(null);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("NoNativeLeaks reads " + COUNTER_CLASS + "." + COUNTER_METHOD
                    + "(): konnect-curl-engine must be on the test class path", e);
        } catch (InvocationTargetException e) {
            // e.g. the native library failed to load: that error, not the reflective wrapper
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
