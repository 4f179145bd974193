package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** The README's "transfer in 20 lines", kept compiling and working (only the URL differs). */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class ReadmeExampleTest {
    static final class Fetch implements RequestProtocol<Long, Integer> {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final String url;
        private long reported;
        int updates;

        Fetch(String url) {
            this.url = url;
        }

        public void configureHandle(ConfigHandle h) {
            h.setopt(CurlOpt.URL, url);
            h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2);
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                int n = data.remaining();
                byte[] chunk = new byte[n]; data.get(chunk); body.write(chunk, 0, n);
                return n;
            });
        }
        public boolean hasUpdate() { return body.size() - reported >= 1 << 20; }
        public Long getUpdate() { updates++; return reported = body.size(); }
        public Integer completed(GetInfoHandle info) { return info.getinfo(CurlInfo.RESPONSE_CODE); }
    }

    @Test
    void theReadmeLoopRunsToCompletion(LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            Fetch fetch = new Fetch(server.url("/bytes/3000000?chunk=65536&delayMs=2"));
            Outcome<Long, Integer> outcome;
            do {
                CompletableFuture<Outcome<Long, Integer>> stage = multi.process(fetch).toCompletableFuture();
                while (!stage.isDone()) multi.perform(Duration.ofSeconds(1));
                outcome = stage.join();
            } while (outcome instanceof Outcome.Interim);
            assertEquals(new Outcome.Final<Long, Integer>(200), outcome);
            assertTrue(fetch.updates >= 1, "at least one 1 MiB update for a 3 MB body: " + fetch.updates);
            assertEquals(3_000_000, fetch.body.size());
        }
    }
}
