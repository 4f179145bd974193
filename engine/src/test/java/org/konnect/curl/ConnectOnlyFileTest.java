package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * {@code CONNECT_ONLY} on a {@code file://} URL after a refused connection, on a Multi with one
 * connection at most: libcurl 7.88.1 and 8.14.1 keep the slot taken, and every later transfer
 * waited forever, past its own {@code TIMEOUT_MS} (found by the fuzzer, seed 4839460508168269002
 * batch 197). The engine refuses the combination; the Multi stays usable.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class ConnectOnlyFileTest {
    private final LoopbackHttpServer http;

    ConnectOnlyFileTest(LoopbackHttpServer http) {
        this.http = http;
    }

    @Test
    void connectOnlyOnAFileUrlIsRefusedAndLaterTransfersRun(@TempDir Path dir) throws Exception {
        String file = Files.writeString(dir.resolve("f"), "hello").toUri().toString();
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withMaxTotalConnections(1))) {
            CompletionStage<?> refused = multi.process(new Exchange("http://[::1]:1/"));
            CompletionStage<?> connectOnly = multi.process(new Exchange(file, h -> h.setopt("CONNECT_ONLY", 1L)));
            CurlError e = Drive.failure(multi, connectOnly);
            assertInstanceOf(IllegalArgumentException.class, e.getCause(), String.valueOf(e));
            assertTrue(e.getCause().getMessage().contains("CONNECT_ONLY"), e.getCause().getMessage());
            Drive.failure(multi, refused);
            CompletionStage<Outcome<Void, Exchange.Result>> plain = multi.process(new Exchange(http.url("/bytes/10"),
                    h -> h.setopt(CurlOpt.TIMEOUT_MS, 20_000L)));
            assertEquals(200, Drive.result(multi, plain).code());
        }
    }

    @Test
    void connectOnlyStaysAvailableForSockets() {
        try (Multi multi = Multi.open()) {
            assertEquals(0, Drive.result(multi, multi.process(new Exchange(http.url("/bytes/10"),
                    h -> h.setopt("CONNECT_ONLY", 1L)))).code());
        }
    }
}
