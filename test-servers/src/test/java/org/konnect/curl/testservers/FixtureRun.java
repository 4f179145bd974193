package org.konnect.curl.testservers;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs a fixture test class on a JUnit Platform launcher of its own, to see how its tests end
 * under the extension being tested. Fixtures are static nested classes: Surefire does not run
 * those by itself, nor does JUnit as part of their outer class.
 */
final class FixtureRun {
    private final TestExecutionSummary summary;

    private FixtureRun(TestExecutionSummary summary) {
        this.summary = summary;
    }

    static FixtureRun of(Class<?> fixture) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return new FixtureRun(listener.getSummary());
    }

    long succeeded() {
        return summary.getTestsSucceededCount();
    }

    long failed() {
        return summary.getTestsFailedCount();
    }

    /** What every failed test (or class) threw. */
    List<Throwable> failures() {
        return summary.getFailures().stream().map(TestExecutionSummary.Failure::getException).toList();
    }

    /** The one failure's message, after asserting there was exactly one. */
    String onlyFailureMessage() {
        List<Throwable> failures = failures();
        if (failures.size() != 1) {
            throw new AssertionError("expected one failure, got " + failures);
        }
        return failures.get(0).getMessage();
    }
}
