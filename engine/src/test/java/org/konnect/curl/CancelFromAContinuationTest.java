package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * Two transfers whose updates become ready in the same perform: the first stage's continuation
 * cancels the other transfer before the other's Interim has been handed out. The other stage
 * must fail as cancelled; an Interim would make its caller process a released request again
 * and start a second transfer (found by the fuzzer: configureHandle ran twice).
 */
@ExtendWith(NoNativeLeaks.class)
class CancelFromAContinuationTest {
    @TempDir Path dir;

    /** A file:// download with an update after every chunk. */
    private static final class Updating implements RequestProtocol<Long, Long> {
        final String url;
        long bytes;
        long reported;
        int configured;

        Updating(String url) {
            this.url = url;
        }

        @Override
        public void configureHandle(ConfigHandle h) {
            configured++;
            h.setopt(CurlOpt.URL, url);
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                bytes += data.remaining();
                return data.remaining();
            });
        }

        @Override
        public boolean hasUpdate() {
            return bytes != reported;
        }

        @Override
        public Long getUpdate() {
            reported = bytes;
            return bytes;
        }

        @Override
        public Long completed(GetInfoHandle info) {
            return bytes;
        }
    }

    @Test
    void aCancelFromAnEarlierContinuationReplacesTheQueuedInterim() throws Exception {
        Path file = Files.write(dir.resolve("f.bin"), new byte[100_000]);
        try (Multi multi = Multi.open()) {
            List<Updating> requests = List.of(new Updating(file.toUri().toString()), new Updating(file.toUri().toString()));
            List<CompletableFuture<Outcome<Long, Long>>> stages = new ArrayList<>();
            for (Updating r : requests) stages.add(multi.process(r).toCompletableFuture());
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Updating other = requests.get(1 - i);
                CompletionStage<Outcome<Long, Long>> otherStage = stages.get(1 - i);
                stages.get(i).whenComplete((outcome, error) -> {
                    seen.add(error == null ? "interim" : "failed");
                    if (!otherStage.toCompletableFuture().isDone()) multi.cancel(other);
                });
            }
            while (seen.size() < 2) multi.perform(100);
            assertEquals(List.of("interim", "failed"), seen, "the second stage must carry the cancel, not an update");
            CompletableFuture<Outcome<Long, Long>> cancelled = stages.get(0).isCompletedExceptionally() ? stages.get(0) : stages.get(1);
            CurlError e = (CurlError) cancelled.handle((o, t) -> t.getCause() != null ? t.getCause() : t).join();
            assertTrue(e.isCancelled(), e.getMessage());
            for (Updating r : requests) assertEquals(1, r.configured);
        }
    }
}
