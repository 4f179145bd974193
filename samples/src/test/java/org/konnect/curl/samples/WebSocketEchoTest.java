package org.konnect.curl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.WebSocket;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * Runs on every libcurl, as {@code ./run-sample} does: where WebSockets run, every echo comes back
 * in order; where they do not (the system's 7.88.1), the sample says which libcurl it needs and
 * still exits 0.
 */
@ExtendWith(NoNativeLeaks.class)
class WebSocketEchoTest {
    @Test
    void echoesEveryMessageOrSaysWhichLibcurlItNeeds() {
        Captured c = new Captured();
        assertEquals(0, WebSocketEcho.run(new String[] {"--messages", "300"}, c.out));
        String out = c.text();
        if (WebSocket.isSupported()) {
            assertTrue(out.contains("echoed 300 messages"), out);
            assertTrue(out.contains(" 0 out of order; closed with 1000"), out);
        } else {
            assertTrue(out.contains("WebSocket needs libcurl 8.14.0 or later"), out);
            assertTrue(out.contains("SAMPLE=WebSocketEcho ./run-sample"), out);
        }
    }

    @Test
    void badArgumentsAreExitStatusTwo() {
        Captured c = new Captured();
        assertEquals(2, WebSocketEcho.run(new String[] {"--messages", "many"}, c.out));
        assertTrue(c.text().contains("usage: WebSocketEcho"), c.text());
    }
}
