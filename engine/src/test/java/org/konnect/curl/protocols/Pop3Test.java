package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.testservers.LoopbackMailServer;
import org.konnect.curl.testservers.LoopbackMailServer.Protocol;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Reading mail over POP3 from GreenMail: retrieve, list, a custom command, authentication. */
@ExtendWith(NoNativeLeaks.class)
class Pop3Test {
    final byte[] first = MailFixtures.message(1, 3);
    final byte[] second = MailFixtures.message(2, 2_000);
    @AutoClose
    final LoopbackMailServer server = MailFixtures.serverWithAlicesMail(first, second);

    /** What the server sends for {@code path}, logged in as alice. */
    private CollectingTransfer.Result asAlice(String path) {
        return OwnerLoop.result(new CollectingTransfer(server.url(Protocol.POP3, path), MailFixtures.asAlice()));
    }

    @Test
    void retrievesMessagesByNumber() {
        // Byte for byte: GreenMail dot-stuffs the line starting with ".", libcurl unstuffs it.
        assertArrayEquals(first, asAlice("1").body());
        assertArrayEquals(second, asAlice("2").body());
    }

    @Test
    void listsMessagesWithTheirSizes() throws Exception {
        // GreenMail reports the size of the body, not of the whole message as RFC 1939 says.
        var inbox = server.inbox(MailFixtures.ALICE);
        assertEquals("1 " + inbox.get(0).getSize() + "\r\n2 " + inbox.get(1).getSize() + "\r\n",
                OwnerLoop.result(new CollectingTransfer(server.url(Protocol.POP3), MailFixtures.asAlice())).text());
    }

    @Test
    void runsACustomCommand() {
        String uidl = OwnerLoop.result(new CollectingTransfer(server.url(Protocol.POP3), h -> {
            MailFixtures.asAlice().accept(h);
            h.setopt(CurlOpt.CUSTOMREQUEST, "UIDL");
        })).text();
        // "UIDL" without an argument lists every message's number and unique id, one a line.
        assertTrue(uidl.matches("1 \\S+\r\n2 \\S+\r\n"), uidl);
    }

    @Test
    void wrongPasswordIsLoginDenied() {
        var e = OwnerLoop.failure(new CollectingTransfer(server.url(Protocol.POP3, "1"), MailFixtures.as(MailFixtures.ALICE, "wrong")));
        assertEquals("CURLE_LOGIN_DENIED", e.codeName());
    }

    @Test
    void readsBackWhatSmtpDelivered() {
        byte[] sent = MailFixtures.message(3, 10);
        OwnerLoop.result(new CollectingTransfer(server.url(Protocol.SMTP, "client.example.test"), h -> {
            h.setopt("MAIL_FROM", "<sender@example.test>");
            h.setopt("MAIL_RCPT", List.of("<bob@example.test>"));
            h.setopt(CurlOpt.UPLOAD, true);
            h.setopt(CurlOpt.READFUNCTION, CollectingTransfer.uploading(sent));
        }));
        String read = OwnerLoop.result(new CollectingTransfer(server.url(Protocol.POP3, "1"), MailFixtures.as("bob", "bob-secret"))).text();
        String sentText = new String(sent, StandardCharsets.US_ASCII);
        String sentBody = sentText.substring(sentText.indexOf("\r\n\r\n"));
        // GreenMail adds trace headers (Return-Path, Received) of its own; the sender's headers and body arrive as sent.
        assertTrue(read.contains("\r\nSubject: Message 3\r\n"), read);
        assertTrue(read.endsWith(sentBody), read);
    }
}
