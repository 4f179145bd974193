package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.testservers.LoopbackMailServer;
import org.konnect.curl.testservers.LoopbackMailServer.Protocol;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Sending mail over SMTP to GreenMail: envelope, message from a read callback, authentication. */
@ExtendWith(NoNativeLeaks.class)
class SmtpTest {
    /** Each test sees only its own mail. */
    @AutoClose
    final LoopbackMailServer server = MailFixtures.server();

    static final String MESSAGE = "From: Sender <sender@example.test>\r\n"
            + "To: Alice <alice@example.test>\r\n"
            + "Cc: Bob <bob@example.test>\r\n"
            + "Subject: Konnect over SMTP\r\n"
            + "\r\n"
            + "First line of the body.\r\n"
            + ".A line starting with a dot, which SMTP must escape and GreenMail unescape.\r\n"
            + "Last line.\r\n";

    @Test
    void sendsAMessageToTwoRecipients() throws Exception {
        byte[] message = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        CollectingTransfer.Result r = OwnerLoop.result(new CollectingTransfer(server.url(Protocol.SMTP, "client.example.test"), h -> {
            h.setopt("MAIL_FROM", "<sender@example.test>");
            h.setopt("MAIL_RCPT", List.of("<alice@example.test>", "<bob@example.test>"));
            h.setopt(CurlOpt.UPLOAD, true);
            h.setopt(CurlOpt.READFUNCTION, CollectingTransfer.uploading(message));
        }, CurlInfo.RESPONSE_CODE));
        assertEquals(250, r.info(CurlInfo.RESPONSE_CODE), "the reply to the end of DATA");

        // One copy per envelope recipient, each in its own mailbox.
        for (String login : List.of("alice", "bob")) {
            List<MimeMessage> inbox = server.inbox(login);
            assertEquals(1, inbox.size(), login + "'s inbox");
            MimeMessage m = inbox.get(0);
            assertEquals("Konnect over SMTP", m.getSubject());
            // GreenMail keeps the CRLF before the ending "." as part of the terminator, not of the body.
            assertEquals("First line of the body.\r\n"
                    + ".A line starting with a dot, which SMTP must escape and GreenMail unescape.\r\n"
                    + "Last line.", m.getContent());
            assertEquals(List.of("alice@example.test"), addresses(m.getRecipients(Message.RecipientType.TO)));
            assertEquals(List.of("bob@example.test"), addresses(m.getRecipients(Message.RecipientType.CC)));
            assertEquals(List.of("sender@example.test"), addresses(m.getFrom()));
        }
        assertEquals(2, server.received().size(), "nothing delivered beyond the two recipients");
    }

    @Test
    void sendsAfterAuthenticating() throws Exception {
        byte[] message = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        CollectingTransfer.Result r = OwnerLoop.result(new CollectingTransfer(server.url(Protocol.SMTP, "client.example.test"), h -> {
            MailFixtures.asAlice().accept(h);
            h.setopt("MAIL_FROM", "<alice@example.test>");
            h.setopt("MAIL_RCPT", List.of("<bob@example.test>"));
            h.setopt(CurlOpt.UPLOAD, true);
            h.setopt(CurlOpt.READFUNCTION, CollectingTransfer.uploading(message));
        }, CurlInfo.RESPONSE_CODE));
        assertEquals(250, r.info(CurlInfo.RESPONSE_CODE));
        assertEquals(1, server.inbox("bob").size());
        assertEquals(0, server.inbox("alice").size(), "the To header does not make alice a recipient");
    }

    @Test
    void wrongPasswordIsLoginDenied() {
        byte[] message = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        var e = OwnerLoop.failure(new CollectingTransfer(server.url(Protocol.SMTP, "client.example.test"), h -> {
            MailFixtures.as(MailFixtures.ALICE, "not-alice-secret").accept(h);
            h.setopt("MAIL_FROM", "<alice@example.test>");
            h.setopt("MAIL_RCPT", List.of("<bob@example.test>"));
            h.setopt(CurlOpt.UPLOAD, true);
            h.setopt(CurlOpt.READFUNCTION, CollectingTransfer.uploading(message));
        }));
        assertEquals("CURLE_LOGIN_DENIED", e.codeName());
        assertEquals(0, server.received().size());
    }

    private static List<String> addresses(Address[] addresses) {
        return Arrays.stream(addresses).map(a -> ((InternetAddress) a).getAddress()).toList();
    }
}
