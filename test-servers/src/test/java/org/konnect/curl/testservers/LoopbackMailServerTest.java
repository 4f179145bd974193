package org.konnect.curl.testservers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.konnect.curl.testservers.LoopbackMailServer.Protocol;

/** The mail server's ports and URLs, its STARTTLS fronts' plain-text part, and what close() releases. */
class LoopbackMailServerTest {

    @Test
    void sixServicesOnDistinctPortsAndTheirUrls() {
        try (LoopbackMailServer server = LoopbackMailServer.start()) {
            int[] ports = Arrays.stream(Protocol.values()).mapToInt(server::port).toArray();
            assertEquals(6, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
            assertEquals("imaps://127.0.0.1:" + server.port(Protocol.IMAPS) + "/INBOX", server.url(Protocol.IMAPS, "INBOX"));
            assertEquals("smtp://127.0.0.1:" + server.startTlsPort(Protocol.SMTP) + "/", server.startTlsUrl(Protocol.SMTP, ""));
            assertThrows(IllegalArgumentException.class, () -> server.startTlsPort(Protocol.SMTPS));
        }
    }

    @Test
    void theSmtpFrontRefusesMailBeforeStartTls() throws Exception {
        try (LoopbackMailServer server = LoopbackMailServer.start();
             Socket s = new Socket("127.0.0.1", server.startTlsPort(Protocol.SMTP))) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertTrue(in.readLine().startsWith("220 "));
            out.write("EHLO client\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("250-127.0.0.1", in.readLine());
            assertEquals("250 STARTTLS", in.readLine());
            out.write("MAIL FROM:<a@example.test>\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("530 "));
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("221 "));
            assertEquals(null, in.readLine(), "the front closes after QUIT");
        }
    }

    @Test
    void closeReleasesEveryPort() {
        Map<Protocol, Integer> ports = new EnumMap<>(Protocol.class);
        int[] fronts = new int[3];
        try (LoopbackMailServer server = LoopbackMailServer.start()) {
            for (Protocol p : Protocol.values()) ports.put(p, server.port(p));
            int i = 0;
            for (Protocol p : new Protocol[] {Protocol.SMTP, Protocol.IMAP, Protocol.POP3}) {
                fronts[i++] = server.startTlsPort(p);
            }
        }
        for (int port : ports.values()) {
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "port " + port);
        }
        for (int port : fronts) {
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "front port " + port);
        }
    }
}
