package org.konnect.curl.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.konnect.curl.testservers.ChildProcesses;

/**
 * The curl command-line tool ({@code scripts/ensure-deps} installs it), as the reference the
 * fault matrix compares the engine with. It runs with this JVM's environment, so under the
 * second pass's {@code LD_LIBRARY_PATH} it loads the same libcurl 8 as the engine. Its exit
 * status is the {@code CURLcode} of the transfer.
 */
final class CurlTool {
    static final Path CURL = Path.of("/usr/bin/curl");

    /** Exit status and standard output of one run. */
    record Result(int exitCode, String stdout) {}

    private CurlTool() {}

    /** Runs {@code curl args...}; a run that outlives {@code limit} is killed and fails the test. */
    static Result run(List<String> args, Duration limit) throws IOException, InterruptedException {
        if (!Files.isExecutable(CURL)) {
            throw new AssertionError(CURL + " is missing: scripts/ensure-deps installs the curl tool the fault matrix compares with");
        }
        List<String> command = new ArrayList<>();
        command.add(CURL.toString());
        command.addAll(args);
        Process p = ChildProcesses.of(command)   // not the sanitizer runtime a sanitized test JVM preloads
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("curl did not finish within " + limit + ": " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
    }

    /** The {@code libcurl/X.Y.Z} the tool runs on, from the first line of {@code curl --version}. */
    static String libcurl() throws IOException, InterruptedException {
        String first = run(List.of("--version"), Duration.ofSeconds(30)).stdout().lines().findFirst().orElse("");
        for (String word : first.split(" ")) {
            if (word.startsWith("libcurl/")) return word;
        }
        throw new AssertionError("curl --version names no libcurl: " + first);
    }
}
