package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * A progress callback that aborts its transfer once the whole body has arrived, at every one of
 * the calls libcurl makes then, on a Multi with one connection at most. libcurl (7.88.1 and
 * 8.14.1) calls the callback once more right after the transfer has entered its DONE state; an
 * abort there takes the transfer straight to COMPLETED, past {@code multi_done}, and leaves its
 * connection in the Multi's cache marked for closing, where no later transfer reuses or evicts
 * it. It held the one connection slot for good: every later transfer waited, pending, past its
 * own {@code TIMEOUT_MS} (found by the fuzzer, seed 8753928719640532913 batch 4442). The engine
 * now tells libcurl to go on and removes the transfer itself once libcurl has returned.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class ProgressAbortAtTheEndTest {
    private static final int BODY = 8;
    private final LoopbackHttpServer http;

    ProgressAbortAtTheEndTest(LoopbackHttpServer http) {
        this.http = http;
    }

    @ParameterizedTest(name = "the callback {0}")
    @ValueSource(strings = {"throws", "returns 1"})
    void anAbortAtAnyCallAfterTheBodyLeavesTheConnectionSlotFree(String how) {
        int swept = 0;
        for (int abortAt = 1; ; abortAt++) {
            try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withMaxTotalConnections(1))) {
                int[] callsWithTheWholeBody = {0};
                int at = abortAt;
                Exchange aborting = new Exchange(http.url("/bytes/" + BODY), h -> h.setopt(CurlOpt.XFERINFOFUNCTION,
                        (XferInfoCallback) (dlTotal, dlNow, ulTotal, ulNow) -> {
                            if (dlNow < BODY || ++callsWithTheWholeBody[0] != at) return 0;
                            if (how.equals("throws")) throw new IllegalStateException("abort at call " + at);
                            return 1;
                        }));
                CompletionStage<Outcome<Void, Exchange.Result>> first = multi.process(aborting);
                boolean completed = finishes(multi, first);
                if (callsWithTheWholeBody[0] < abortAt) {
                    // The transfer completed before the callback's abortAt-th call: every call was tried.
                    assertTrue(completed, "the transfer failed before progress call " + abortAt);
                    assertTrue(swept >= 2, "calls swept: " + swept);
                    return;
                }
                assertFalse(completed, "an abort at progress call " + abortAt + " was ignored");
                assertEquals("CURLE_ABORTED_BY_CALLBACK", Drive.failure(multi, first).codeName());
                CompletionStage<Outcome<Void, Exchange.Result>> next = multi.process(new Exchange(http.url("/echo"),
                        h -> h.setopt(CurlOpt.TIMEOUT_MS, 5_000L)));
                try {
                    assertEquals(200, Drive.result(multi, next).code());
                } catch (AssertionError stalled) {
                    throw new AssertionError("after an abort at progress call " + abortAt + " with the whole body, the next"
                            + " transfer found no free connection slot", stalled);
                }
                swept++;
            }
        }
    }

    /** Whether {@code stage} completes with a result (false: it failed). */
    private static boolean finishes(Multi multi, CompletionStage<?> stage) {
        try {
            Drive.until(multi, stage, Duration.ofSeconds(10));
            return true;
        } catch (java.util.concurrent.CompletionException failed) {
            return false;
        }
    }
}
