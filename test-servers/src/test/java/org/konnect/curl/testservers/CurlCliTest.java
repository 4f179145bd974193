package org.konnect.curl.testservers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The curl tool runs without the sanitizer runtimes and options that a JVM of the sanitize profile
 * has (curl hangs under them). curl reads its own environment, {@code /proc/self/environ}.
 */
class CurlCliTest {
    @Test
    void curlDoesNotInheritTheSanitizerEnvironment() throws Exception {
        if (Boolean.getBoolean("konnect.sanitize")) {
            assertNotNull(System.getenv("LD_PRELOAD"), "a sanitizer run's JVM has the runtimes preloaded");
        }
        CurlCli.Result result = CurlCli.run("file:///proc/self/environ");
        assertEquals(0, result.exitCode(), result.stderr());
        List<String> environment = List.of(result.stdoutText().split("\0"));
        assertTrue(environment.stream().anyMatch(e -> e.startsWith("PATH=")), "curl's environment: " + environment);
        for (String name : List.of("LD_PRELOAD=", "ASAN_OPTIONS=", "UBSAN_OPTIONS=")) {
            assertFalse(environment.stream().anyMatch(e -> e.startsWith(name)), name + " in curl's environment: " + environment);
        }
    }
}
