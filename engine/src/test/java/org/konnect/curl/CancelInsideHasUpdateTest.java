package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * A request that cancels itself from inside hasUpdate: the pending stage fails as cancelled. It
 * used to complete with the Interim, and the caller, processing again as the protocol says,
 * silently started a new transfer (found by the fuzzer, seed -2740702021533140141, batch 232).
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class CancelInsideHasUpdateTest {
    private final LoopbackHttpServer http;

    CancelInsideHasUpdateTest(LoopbackHttpServer http) {
        this.http = http;
    }

    @Test
    void theStagePendingAtTheCancelFails() {
        int[] configured = {0};
        try (Multi multi = Multi.open()) {
            Exchange[] self = new Exchange[1];
            self[0] = new Exchange(http.url("/drip/20000"), h -> configured[0]++) {
                @Override
                public boolean hasUpdate() {
                    multi.cancel(self[0]);
                    return true;
                }

                @Override
                public Void getUpdate() {
                    return null;
                }
            };
            CurlError e = Drive.failure(multi, multi.process(self[0]));
            assertTrue(e.isCancelled(), String.valueOf(e));
        }
        assertEquals(1, configured[0]);
    }
}
