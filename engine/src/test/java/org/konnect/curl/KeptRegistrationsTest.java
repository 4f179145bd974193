package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testing.IdleLoop;
import org.konnect.curl.testservers.LoopbackRawServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * The native layer keeps a kept-alive connection's epoll registration after libcurl says
 * CURL_POLL_REMOVE (sockets.c), so that the next transfer on it registers nothing. These are the
 * ways that could go wrong: a kept registration on an idle connection the server closes must be
 * dropped, not reported again at every wait; and a registration must not be skipped for a new
 * socket that got a closed one's fd.
 */
@ExtendWith(NoNativeLeaks.class)
class KeptRegistrationsTest {
    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CLOSING_RESPONSE =
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello".getBytes(StandardCharsets.ISO_8859_1);

    /** Answers {@code n} requests on one connection, then closes it while it is idle. */
    private static LoopbackRawServer.Behaviour answerThenClose(int n) {
        return s -> {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < n; i++) {
                LoopbackRawServer.readRequestHead(s);
                out.write(RESPONSE);
                out.flush();
            }
        };
    }

    @Test
    void anIdleConnectionTheServerClosesDoesNotKeepWakingTheLoop() {
        try (LoopbackRawServer server = LoopbackRawServer.start(answerThenClose(3));
                Multi multi = Multi.open()) {
            for (int i = 0; i < 3; i++) {
                Exchange.Result r = Drive.result(multi, multi.process(new Exchange(server.url("/" + i))));
                assertEquals("hello", r.text());
                assertEquals(i > 0, r.reused(), "transfer " + i + " reuses the one connection");
            }
            assertTrue(server.awaitNoOpenConnections(Duration.ofSeconds(10)), "the server closed the idle connection");
            // The closed socket is readable (EOF) for as long as it stays registered: a registration
            // nobody dropped would end every wait at once, and this loop would run many thousands of times.
            int performs = IdleLoop.performsDuring(multi, Duration.ofMillis(600), 50);
            assertTrue(performs < 100, "the loop waited instead of spinning: " + performs + " performs in 600 ms");
            Exchange.Result after = Drive.result(multi, multi.process(new Exchange(server.url("/after"))));
            assertEquals("hello", after.text());
            assertFalse(after.reused(), "the dead connection was replaced");
        }
    }

    @Test
    void aNewSocketOnAClosedOnesFdIsRegistered() {
        // Connection: close: libcurl closes each connection after its response (through the close
        // callback, which drops the registration), and the next socket most likely gets the same fd.
        try (LoopbackRawServer server = LoopbackRawServer.start(KeptRegistrationsTest::answerOnceAndClose);
                Multi multi = Multi.open()) {
            for (int i = 0; i < 50; i++) {
                Exchange.Result r = Drive.result(multi, multi.process(new Exchange(server.url("/" + i),
                        h -> h.setopt(CurlOpt.TIMEOUT_MS, 10_000L))));
                assertEquals("hello", r.text(), "transfer " + i);
                assertFalse(r.reused(), "transfer " + i + " has a connection of its own");
            }
            assertEquals(50, server.acceptedConnections());
        }
    }

    private static void answerOnceAndClose(Socket s) throws Exception {
        LoopbackRawServer.readRequestHead(s);
        s.getOutputStream().write(CLOSING_RESPONSE);
        s.getOutputStream().flush();
    }
}
