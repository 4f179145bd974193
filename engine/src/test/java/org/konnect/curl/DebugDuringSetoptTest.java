package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * libcurl calls back during a setopt too: with VERBOSE on, a refused value is logged through the
 * debug callback. On a Multi that has not run its loop yet, the upcall had no JNIEnv and crashed
 * the JVM (found by the fuzzer, seed -608335307007405336, batch 25).
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class DebugDuringSetoptTest {
    private final LoopbackHttpServer http;

    DebugDuringSetoptTest(LoopbackHttpServer http) {
        this.http = http;
    }

    /** A callback that runs inside a setopt cannot change the handle libcurl is setting. */
    @Test
    void aCallbackInsideASetoptCannotSetOptions() {
        IllegalStateException[] refused = new IllegalStateException[2];
        try (Multi multi = Multi.open()) {
            Drive.result(multi, multi.process(new Exchange(http.url("/bytes/10"), h -> {
                h.setopt(CurlOpt.DEBUGFUNCTION, (DebugCallback) (type, data) -> {
                    if (refused[0] != null) return;
                    refused[0] = assertThrows(IllegalStateException.class, () -> h.unsetopt(CurlOpt.URL));
                    refused[1] = assertThrows(IllegalStateException.class, () -> h.setopt(CurlOpt.VERBOSE, 0L));
                });
                assertThrows(IllegalArgumentException.class, () -> h.setopt("SSLENGINE", "konnectnosuchengine"));
            })));
        }
        for (IllegalStateException e : refused) {
            assertTrue(e != null && e.getMessage().contains("inside a libcurl callback"), String.valueOf(e));
        }
    }

    @Test
    void aSetoptThatLogsReachesTheDebugCallback() {
        List<String> lines = new ArrayList<>();
        IllegalArgumentException[] refused = new IllegalArgumentException[1];
        int[] loggedDuringSetopt = new int[1];
        try (Multi multi = Multi.open()) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(http.url("/bytes/10"), h -> {
                h.setopt(CurlOpt.DEBUGFUNCTION, (DebugCallback) (type, data) -> {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    lines.add(new String(b, StandardCharsets.UTF_8));
                });
                int before = lines.size();
                refused[0] = assertThrows(IllegalArgumentException.class, () -> h.setopt("SSLENGINE", "konnectnosuchengine"));
                loggedDuringSetopt[0] = lines.size() - before;
            })));
            assertEquals(200, r.code());
        }
        assertTrue(refused[0].getMessage().contains("CURLOPT_SSLENGINE"), refused[0].getMessage());
        assertTrue(loggedDuringSetopt[0] > 0, "libcurl logged nothing while refusing the engine: " + lines);
    }
}
