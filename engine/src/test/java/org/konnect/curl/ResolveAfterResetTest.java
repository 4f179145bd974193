package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * {@code CURLOPT_RESOLVE} and then {@code unsetopt(RESOLVE)}: unsetopt resets the handle, and
 * libcurl (7.88.1 and 8.14.1) keeps a second pointer to the list across {@code curl_easy_reset},
 * which the transfer's start then walks after Konnect freed the list (the JVM died with SIGSEGV
 * or SIGBUS in Curl_loadhostpairs; found by the fuzzer, seed -182732601355168560 batch 183 on
 * 7.88 and seed 6314815289928234278 batch 235 on 8.14). The native reset points the kept options
 * back at NULL first.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class ResolveAfterResetTest {
    private final LoopbackHttpServer http;

    ResolveAfterResetTest(LoopbackHttpServer http) {
        this.http = http;
    }

    private int fetch(String url, java.util.function.Consumer<ConfigHandle> options) {
        try (Multi multi = Multi.open()) {
            return Drive.result(multi, multi.process(new Exchange(url, options))).code();
        }
    }

    @Test
    void aResolveListUnsetBeforeTheTransferIsNotReadAfterItIsFreed() {
        for (int i = 0; i < 20; i++) {
            assertEquals(200, fetch(http.url("/bytes/10"), h -> h.setopt(CurlOpt.RESOLVE,
                    List.of("fuzz.invalid:" + http.port() + ":127.0.0.1", "-other.invalid:80")).unsetopt(CurlOpt.RESOLVE)));
        }
    }

    @Test
    void aResolveListKeptThroughAnotherUnsetoptStillResolves() {
        String url = "http://fuzz.invalid:" + http.port() + "/bytes/10";
        assertEquals(200, fetch(url, h -> h.setopt(CurlOpt.RESOLVE, List.of("fuzz.invalid:" + http.port() + ":127.0.0.1"))
                .setopt(CurlOpt.VERBOSE, 0L).unsetopt(CurlOpt.VERBOSE)));
    }
}
