package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The suite runs on the libcurl it was meant to: {@code ./run-tests} runs it once on the
 * system's libcurl and once on libcurl 8 (through {@code LD_LIBRARY_PATH}), and names the version
 * each pass expects in {@code konnect.libcurl.expected}, so that a pass which silently loaded
 * the other library fails here instead of proving nothing.
 */
class LoadedLibcurlTest {
    @Test
    void theLoadedLibcurlIsTheOneThisPassExpects() {
        String expected = System.getProperty("konnect.libcurl.expected", "");
        String loaded = Curl.version();
        assertTrue(loaded.startsWith("libcurl/"), loaded);
        if (!expected.isEmpty()) {
            assertTrue(loaded.startsWith("libcurl/" + expected + " "), "expected libcurl " + expected + ", loaded " + loaded);
        }
        int[] parts = {Curl.versionNumber() >> 16, (Curl.versionNumber() >> 8) & 0xff, Curl.versionNumber() & 0xff};
        assertTrue(loaded.startsWith("libcurl/" + parts[0] + "." + parts[1] + "." + parts[2]), loaded);
    }
}
