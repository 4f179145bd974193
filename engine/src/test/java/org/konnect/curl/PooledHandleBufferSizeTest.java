package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.Fresh;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * A transfer that libcurl fails before it connects (here a URL with a control character) leaves
 * the handle's receive buffer allocated on libcurl 7.x, where {@code curl_easy_reset} keeps it and
 * {@code CURLOPT_BUFFERSIZE} is then refused: the next transfer on that pooled handle must still
 * take a buffer size, from the Multi's options or its own configureHandle.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class PooledHandleBufferSizeTest {
    private final LoopbackHttpServer http;

    PooledHandleBufferSizeTest(LoopbackHttpServer http) {
        this.http = http;
    }

    private void failEarlyThenFetch(Multi multi, long ownBufferSize) {
        CurlError early = Drive.failure(multi, multi.process(new Exchange(http.url("/bytes/10\u0001"))));
        assertEquals("CURLE_URL_MALFORMAT", early.codeName());
        Exchange.Result r = Drive.result(multi, multi.process(new Exchange(http.url("/bytes/50000"), h -> {
            if (ownBufferSize > 0) h.setopt(CurlOpt.BUFFERSIZE, ownBufferSize);
        })));
        assertEquals(50000, r.body().length);
    }

    @Test
    void theMultisBufferSizeIsTakenAfterAnEarlyFailure() {
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withBufferSize(16_384))) {
            failEarlyThenFetch(multi, 0);
        }
    }

    @Test
    void aTransfersOwnBufferSizeIsTakenAfterAnEarlyFailure() {
        try (Multi multi = Multi.open()) {
            failEarlyThenFetch(multi, 4096);
        }
    }

    /**
     * libcurl 7.x frees a handle's receive buffer at the end of a transfer only when no other
     * transfer still uses its connection: a transfer that ends well while another stream goes on
     * on the same HTTP/2 connection leaves it, and the next transfer on that pooled handle was
     * refused its {@code BUFFERSIZE} (found by the fuzzer, seed 329081590381630374 batch 4325). Such
     * a handle is now cleaned up instead of pooled.
     */
    @Test
    void theMultisBufferSizeIsTakenAfterATransferThatSharedItsConnection(@Fresh LoopbackHttpServer server) {
        java.util.function.Consumer<ConfigHandle> h2 = h -> h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2)
                .setopt(CurlOpt.PIPEWAIT, true);
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withBufferSize(16_384))) {
            Exchange slow = new Exchange(server.url("/drip/1000000"), h2);   // about 20 s: still streaming below
            java.util.concurrent.CompletionStage<?> slowStage = multi.process(slow);
            Exchange.Result shared = Drive.result(multi, multi.process(new Exchange(server.url("/bytes/10"), h2)));
            assertEquals(HttpVersion.HTTP_2, shared.version());
            assertEquals(1, server.acceptedConnections(), "the second stream shared the first's connection");
            Exchange.Result next = Drive.result(multi, multi.process(new Exchange(server.url("/bytes/50000"), h2)));
            assertEquals(50000, next.body().length);
            assertEquals(false, slowStage.toCompletableFuture().isDone(), "the first stream still streams");
        }
    }
}
