package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * {@code CURLOPT_HSTS} (a cache file) and then an {@code HSTS_CTRL} without
 * {@code CURLHSTS_ENABLE}: libcurl 7.88 and 8.14 free the HSTS cache but keep the file, load it
 * into the freed cache when the transfer starts and crash (found by the fuzzer, seed
 * 3977384282605908985, batch 40). Konnect drops the files with the cache, so HSTS is simply off.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class HstsOffTest {
    private final LoopbackHttpServer http;

    HstsOffTest(LoopbackHttpServer http) {
        this.http = http;
    }

    private int fetch(java.util.function.Consumer<ConfigHandle> options) {
        try (Multi multi = Multi.open()) {
            return Drive.result(multi, multi.process(new Exchange(http.url("/bytes/100"), options))).code();
        }
    }

    @Test
    void hstsTurnedOffAfterItsFileIsSetDoesNotCrash(@TempDir Path dir) {
        String file = dir.resolve("hsts.txt").toString();
        assertEquals(200, fetch(h -> h.setopt("HSTS", file).setopt("HSTS_CTRL", 0L)));
        assertEquals(200, fetch(h -> h.setopt("HSTS_CTRL", 1L).setopt("HSTS", file).setopt("HSTS_CTRL", -4L)));
        // and after an unsetopt, which sets the remaining options again
        assertEquals(200, fetch(h -> h.setopt("HSTS", file).setopt("HSTS_CTRL", 0L).setopt(CurlOpt.VERBOSE, 0L)
                .unsetopt(CurlOpt.VERBOSE)));
    }

    @Test
    void hstsStaysUsableWhenItIsOnOrItsFileComesLater(@TempDir Path dir) {
        String file = dir.resolve("hsts.txt").toString();
        assertEquals(200, fetch(h -> h.setopt("HSTS_CTRL", 0L).setopt("HSTS", file)));
        assertEquals(200, fetch(h -> h.setopt("HSTS", file).setopt("HSTS_CTRL", 1L)));
    }
}
