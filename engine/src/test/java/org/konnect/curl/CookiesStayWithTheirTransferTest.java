package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * libcurl keeps cookies across {@code curl_easy_reset}: a pooled handle carried one transfer's
 * cookies into the next, unrelated one (found by the fuzzer's control requests, seed
 * -3387986052368101458, batch 12), and since the reset dropped the jar's name first, the
 * cookie jar was never written. A transfer with cookies now has a handle of its own.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class CookiesStayWithTheirTransferTest {
    private final LoopbackHttpServer http;

    CookiesStayWithTheirTransferTest(LoopbackHttpServer http) {
        this.http = http;
    }

    /** Reads the cookies the handle knows once the transfer is done. */
    private static final class CookieReader extends Exchange {
        List<String> cookies;

        CookieReader(String url, java.util.function.Consumer<ConfigHandle> configure) {
            super(url, configure);
        }

        @Override
        public Result completed(GetInfoHandle info) {
            cookies = info.getinfo(CurlInfo.COOKIELIST);
            return super.completed(info);
        }
    }

    @Test
    void theNextTransferOnThePoolHasNoCookiesAndTheJarIsWritten(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("jar.txt");
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withHandlePoolSize(1))) {
            CookieReader first = new CookieReader(http.url("/bytes/1"), h -> {
                h.setopt("COOKIELIST", "Set-Cookie: konnect=secret; domain=127.0.0.1; path=/");
                h.setopt("COOKIEJAR", jar.toString());
            });
            Drive.result(multi, multi.process(first));
            assertEquals(1, first.cookies.size(), String.valueOf(first.cookies));
            CookieReader next = new CookieReader(http.url("/bytes/1"), h -> {});
            Drive.result(multi, multi.process(next));
            assertTrue(next.cookies == null || next.cookies.isEmpty(), "cookies of the earlier transfer: " + next.cookies);
        }
        assertTrue(Files.readString(jar).contains("konnect\tsecret"), "the jar: " + Files.readString(jar));
    }
}
