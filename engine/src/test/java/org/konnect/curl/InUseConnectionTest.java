package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.Fresh;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * Once an HTTP/2 connection to a host has been made, libcurl 7.88.1 counts the host as one that
 * multiplexes, and a later transfer to it that could use HTTP/2 (libcurl's default version
 * asks for it) took an HTTP/1.1 connection another transfer was still using, as if it were
 * multiplexed: its request waited behind the other response, and it timed out with nothing
 * received (found by the fuzzer's control requests, seed -6766054243365663125 batch 8569).
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class InUseConnectionTest {
    @Test
    void aTransferDoesNotJoinAnHttp11ConnectionInUse(@Fresh LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            Exchange slow = new Exchange(server.url("/drip/1000000"),   // about 20 s: in use throughout
                    h -> h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_1_1));
            CompletionStage<?> slowStage = multi.process(slow);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (slow.body.size() == 0 && System.nanoTime() < deadline) multi.perform(100);   // its connection is up
            assertTrue(slow.body.size() > 0, "the slow transfer started");
            Exchange.Result h2 = Drive.result(multi, multi.process(new Exchange(server.url("/bytes/10"),
                    h -> h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2_PRIOR_KNOWLEDGE))));
            assertEquals(HttpVersion.HTTP_2, h2.version());
            Exchange.Result plain = Drive.result(multi, multi.process(new Exchange(server.url("/bytes/10"),
                    h -> h.setopt(CurlOpt.TIMEOUT_MS, 10_000L))));
            assertArrayEquals(LoopbackHttpServer.pattern(10), plain.body());
            assertFalse(slowStage.toCompletableFuture().isDone(), "the slow transfer still streams");
        }
    }
}
