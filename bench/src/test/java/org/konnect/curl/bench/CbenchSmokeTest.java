package org.konnect.curl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.konnect.curl.testservers.Https;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.TestPki;

/**
 * The C contenders, compiled as bench/run compiles them ({@code gcc -O3}, against the libcurl the
 * JNI library is built with), driven by the harness's {@link RoundProcess} through the rounds'
 * stdin commands: both designs over plain HTTP and over HTTP/2 with TLS, against the test
 * servers. Each run completes every transfer with every byte; no timing is asserted.
 */
@ExtendWith(LoopbackServers.class)
class CbenchSmokeTest {
    private static Path cbench;

    private final LoopbackHttpServer plain;
    private final LoopbackHttpServer https;
    private final TestPki pki;

    CbenchSmokeTest(LoopbackHttpServer plain, TestPki pki, @Https LoopbackHttpServer https) {
        this.plain = plain;
        this.pki = pki;
        this.https = https;
    }

    @BeforeAll
    static void compile(@TempDir Path dir) throws Exception {
        cbench = dir.resolve("cbench");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O3", "-Wall", "-Wextra", "-Werror", "-o", cbench.toString()));
        String include = System.getenv("KONNECT_CURL_INCLUDE");
        if (include != null && !include.isEmpty()) cmd.add("-I" + include);
        cmd.addAll(List.of("src/main/c/cbench.c", "-lcurl"));
        Process gcc = Harness.childProcess(cmd).redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS), "gcc did not finish");
        assertEquals(0, gcc.exitValue(), "gcc: " + output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c-epoll", "c-poll"})
    @Timeout(120)
    void bothDesignsRunRoundsOverHttpAndHttp2(String design, @TempDir Path dir) throws Exception {
        List<String> flags = design.equals("c-poll") ? List.of("--poll") : List.of();
        rounds(dir, plain.url("/bytes/100"), 300, 8, 100, flags);
        rounds(dir, plain.url("/bytes/200000"), 20, 4, 200_000, flags);
        Path ca = dir.resolve("ca.pem");
        Files.write(ca, pki.ca().certPem());
        List<String> h2 = new ArrayList<>(flags);
        h2.addAll(List.of("--cacert", ca.toString(), "--http2"));
        Map<String, String> warmup = rounds(dir, https.url("/bytes/100"), 500, 100, 100, h2);
        assertEquals("1", warmup.get("connections"), "HTTP/2: the 100 streams share one connection");
    }

    /** Warm-up, two rounds' runs, quit: every transfer of each completes with its bytes. Returns the warm-up line. */
    private Map<String, String> rounds(Path dir, String url, int count, int inflight, int size, List<String> flags)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(cbench.toString(), "run", url, "" + count, "" + inflight, "" + count, "0"));
        cmd.addAll(flags);
        cmd.add("--stdin");
        RoundProcess p = RoundProcess.start("cbench", cmd, dir);
        assertTrue(p.awaitWarmup(60), p.problem);
        for (int round = 0; round < 2; round++) {
            Map<String, String> run = p.run(60);
            assertNotNull(run, "round " + round + ": " + p.problem);
            assertEquals("" + count, run.get("ops"), url + " " + flags);
            assertEquals("0", run.get("failed"));
            assertEquals("" + (long) count * size, run.get("bytes"));
        }
        Harness.Outcome end = p.finish();
        assertEquals(0, end.exitCode, end.errorTail);
        assertNotNull(end.last("end"));
        assertNull(p.run(5), "a process that quit runs nothing");
        return end.last("warmup");
    }
}
