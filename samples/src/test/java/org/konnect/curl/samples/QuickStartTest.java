package org.konnect.curl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.konnect.curl.testkit.LoopbackHttpServer;

class QuickStartTest {
    @Test
    void fetchesTheEmbeddedContentAndSucceeds() {
        String out = capture(() -> assertEquals(0, QuickStart.run(new String[0])));
        assertTrue(out.contains("done: 200 ok, 0 failed"), out);
    }

    @Test
    void fetchesGivenUrlsAndReportsFailures() {
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            String out = capture(() -> assertEquals(1, QuickStart.run(new String[] {
                server.url("/bytes/1234"), "foo://nowhere/"})));
            assertTrue(out.contains(" 200      1234 bytes"), out);
            assertTrue(out.contains("FAILED foo://nowhere/: CURLE_UNSUPPORTED_PROTOCOL"), out);
            assertTrue(out.contains("done: 1 ok, 1 failed"), out);
        }
    }

    private static String capture(Runnable body) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
