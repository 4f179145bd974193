package org.konnect.curl.testservers;

import java.util.List;

/**
 * Child processes of a test JVM (the curl tool, for one). Under the sanitizers (README:
 * Sanitizers) the test JVM runs with ASan's runtime preloaded; a child that inherits
 * {@code LD_PRELOAD} and the sanitizer options hangs (the curl tool never finishes, even on
 * {@code file://}), so every child starts without them.
 */
public final class ChildProcesses {
    /** The variables a sanitized test JVM has and its children must not inherit. */
    public static final List<String> SANITIZER_ENVIRONMENT = List.of("LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS");

    private ChildProcesses() {
    }

    /**
     * A process builder for {@code command} whose environment lacks the sanitizer variables.
     *
     * @param command the program and its arguments
     * @return the builder, to be redirected and started by the caller
     */
    public static ProcessBuilder of(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeAll(SANITIZER_ENVIRONMENT);
        return builder;
    }
}
