package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.ReadCallback;
import org.konnect.curl.testservers.LoopbackTelnetServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Telnet against a small in-test peer that negotiates nothing. */
@ExtendWith(NoNativeLeaks.class)
class TelnetTest {
    private final LoopbackTelnetServer server = LoopbackTelnetServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void isAProtocolOfThisLibcurl() {
        assertTrue(Curl.protocols().contains("telnet"), Curl.protocols().toString());
    }

    /**
     * libcurl sends what the read callback gives (0 means nothing to send for now, not the end)
     * and writes what the peer sends, until the peer closes. It negotiates only when the peer does,
     * so the peer sees the line as it was given.
     */
    @Test
    void sendsALineAndWritesTheAnswer() {
        byte[] line = "hello over telnet\r\n".getBytes(StandardCharsets.ISO_8859_1);
        boolean[] sent = {false};
        String text = OwnerLoop.result(new CollectingTransfer(server.url(), h -> h.setopt(CurlOpt.READFUNCTION,
                (ReadCallback) buffer -> {
                    if (sent[0]) return 0;
                    sent[0] = true;
                    buffer.put(line);
                    return line.length;
                }))).text();
        assertEquals(LoopbackTelnetServer.reply("hello over telnet"), text);
        assertEquals(List.of("hello over telnet"), server.lines());
    }
}
