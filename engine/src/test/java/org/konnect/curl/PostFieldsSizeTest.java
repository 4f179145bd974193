package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * {@code POSTFIELDSIZE} -1 tells libcurl to take the body's length with {@code strlen}: the body
 * kept for the transfer must end with a NUL, or libcurl reads (and sends) native memory after it.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class PostFieldsSizeTest {
    private final LoopbackHttpServer http;

    PostFieldsSizeTest(LoopbackHttpServer http) {
        this.http = http;
    }

    @Test
    void aSizeOfMinusOneSendsTheBodyUpToItsEnd() {
        for (int n : new int[] {1, 8, 24, 40, 1000}) {
            byte[] body = new byte[n];
            Arrays.fill(body, (byte) 'A');
            for (CurlOpt size : new CurlOpt[] {CurlOpt.POSTFIELDSIZE_LARGE, CurlOpt.byName("POSTFIELDSIZE")}) {
                for (CurlOpt fields : new CurlOpt[] {CurlOpt.POSTFIELDS, CurlOpt.byName("COPYPOSTFIELDS")}) {
                    try (Multi multi = Multi.open()) {
                        Exchange.Result r = Drive.result(multi, multi.process(new Exchange(http.url("/echo"), h -> {
                            h.setopt(fields, body);
                            h.setopt(size, -1L);
                        })));
                        assertArrayEquals(body, r.body(), fields + " of " + n + " bytes, then " + size + " = -1");
                    }
                }
            }
        }
    }
}
