package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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
}
