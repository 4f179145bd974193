package org.konnect.curl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class QuickStartTest {
    @Test
    void fetchesTheEmbeddedContentAndSucceeds() {
        Captured c = new Captured();
        assertEquals(0, QuickStart.run(new String[0], c.out));
        assertTrue(c.text().contains("done: 200 ok, 0 failed"), c.text());
    }

    @Test
    void fetchesGivenUrlsAndReportsFailures(LoopbackHttpServer server) {
        Captured c = new Captured();
        assertEquals(1, QuickStart.run(new String[] {server.url("/bytes/1234"), "foo://nowhere/"}, c.out));
        String out = c.text();
        assertTrue(out.contains(" 200      1234 bytes"), out);
        assertTrue(out.contains("FAILED foo://nowhere/: CURLE_UNSUPPORTED_PROTOCOL"), out);
        assertTrue(out.contains("done: 1 ok, 1 failed"), out);
    }
}
