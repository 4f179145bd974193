package org.konnect.curl.testservers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the system {@code curl} command-line tool (libcurl 7.88 on the build machine). */
final class CurlCli {

    static final Path CURL = Path.of("/usr/bin/curl");

    /**
     * What the sanitize profile gives the test JVM (the preloaded sanitizer runtimes and their
     * options) and curl must not inherit: it is not what that run checks, and it hangs under them.
     */

    /** Exit code, stdout and stderr of one curl run. */
    record Result(int exitCode, byte[] stdout, String stderr) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private CurlCli() {
    }

    static boolean available() {
        return Files.isExecutable(CURL);
    }

    /** Runs {@code curl -sS --max-time 60 <args>}. */
    static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(CURL.toString());
        command.add("-sS");
        command.add("--max-time"); // a hanging curl must not hang the build; tests may pass a shorter one
        command.add("60");
        command.addAll(List.of(args));
        Path err = Files.createTempFile("curl-stderr", ".txt");
        try {
            ProcessBuilder builder = ChildProcesses.of(command)
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = builder.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(70, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("curl did not finish: " + command);
            }
            return new Result(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
