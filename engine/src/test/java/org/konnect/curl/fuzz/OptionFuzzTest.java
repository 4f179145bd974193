package org.konnect.curl.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * A property test over libcurl's own option table: whatever options, values, callbacks, faults,
 * cancels and closes a transfer meets, the JVM lives, every call succeeds or throws what the API
 * documents, every stage is answered, and no native object outlives its Multi. The default run
 * is {@value FuzzRun#DEFAULT_CASES} cases of a random seed; {@code -Dkonnect.fuzz.cases=100000} is the long mode,
 * {@code -Dkonnect.fuzz.seed=... -Dkonnect.fuzz.batch=...} replays a failure (see {@link FuzzRun}).
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class OptionFuzzTest {
    private final LoopbackHttpServer http;

    OptionFuzzTest(LoopbackHttpServer http) {
        this.http = http;
    }

    /** The fuzzer gives a string or list option values only once it knows what they name. */
    @Test
    void everyStringAndListOptionOfThisLibcurlIsClassified() {
        List<String> unclassified = new ArrayList<>();
        for (CurlOpt option : CurlOpt.all()) {
            if (Domain.of(option) == Domain.UNCLASSIFIED) unclassified.add(option.toString());
        }
        assertEquals(List.of(), unclassified, "libcurl " + Curl.version() + " has string or list options the fuzzer does not know:"
                + " name each in Domain (what its value names: a host, a file, free text...)");
        assertTrue(SetoptSteps.ALL.size() > 200, "options in libcurl's table: " + SetoptSteps.ALL.size());
    }

    @Test
    void optionsValuesCallbacksAndCancelsNeverCrashLeakOrLoseAStage() throws Exception {
        Path state = Files.createDirectories(Path.of("target", "konnect-fuzz"));
        Path dir = Files.createTempDirectory(state, "sandbox-");
        ExecutorService other = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-other-thread");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        FuzzRun run;
        int batches = 0;
        try (RefusingPort refused = new RefusingPort()) {
            run = new FuzzRun(new Sandbox(dir, http.port(), refused.port()), other, state);
            System.out.println("konnect fuzz: seed " + run.seed + ", " + (run.onlyBatch >= 0 ? "batch " + run.onlyBatch
                    : run.cases + " cases") + ", on " + Curl.version());
            if (run.onlyBatch >= 0) {
                run.starting(run.onlyBatch);
                new FuzzBatch(run, run.onlyBatch).run();
                batches = 1;
            }
            while (run.onlyBatch < 0 && run.casesRun < run.cases && run.problemCount() == 0) {
                run.starting(batches);
                new FuzzBatch(run, batches++).run();
            }
        } finally {
            other.shutdownNow();
            deleteTree(dir);
        }
        System.out.println("konnect fuzz: " + run.casesRun + " cases in " + batches + " batches, "
                + (System.nanoTime() - start) / 1_000_000 + " ms; outcomes " + run.outcomes);
        assertEquals(0, run.problemCount(), run.report());
        assertTrue(run.casesRun >= Math.min(run.cases, 1), "cases run: " + run.casesRun);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
