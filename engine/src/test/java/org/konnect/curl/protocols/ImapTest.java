package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.testservers.LoopbackMailServer;
import org.konnect.curl.testservers.LoopbackMailServer.Protocol;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Reading mail over IMAP from GreenMail: fetch by UID and by index, mailbox listing, search, a custom command. */
@ExtendWith(NoNativeLeaks.class)
class ImapTest {
    final byte[] first = MailFixtures.message(1, 3);
    final byte[] second = MailFixtures.message(2, 2_000);
    @AutoClose
    final LoopbackMailServer server = MailFixtures.serverWithAlicesMail(first, second);

    /** What the server sends for {@code path}, logged in as alice. */
    private CollectingTransfer.Result asAlice(String path) {
        return OwnerLoop.result(new CollectingTransfer(server.url(Protocol.IMAP, path), MailFixtures.asAlice()));
    }

    @Test
    void fetchesMessagesByUid() {
        assertArrayEquals(first, asAlice("INBOX/;UID=1").body());
        assertArrayEquals(second, asAlice("INBOX/;UID=2").body());
    }

    @Test
    void fetchesAMessageByIndex() {
        assertArrayEquals(second, asAlice("INBOX/;MAILINDEX=2").body());
    }

    @Test
    void fetchesOneSection() {
        // Section 1 of a single-part message is its body (RFC 3501, 6.4.5); GreenMail sends it
        // without its last CRLF, and libcurl passes on exactly the literal the server sent.
        String body = asAlice("INBOX/;UID=1/;SECTION=1").text();
        assertEquals(".This line starts with a dot.\r\n"
                + "Message 1, line 0 of the body.\r\nMessage 1, line 1 of the body.\r\nMessage 1, line 2 of the body.", body);
    }

    @Test
    void listsMailboxes() {
        String list = OwnerLoop.result(new CollectingTransfer(server.url(Protocol.IMAP), MailFixtures.asAlice())).text();
        assertTrue(list.matches("(?s)\\* LIST \\([^)]*\\) \"\\.\" \"?INBOX\"?\r\n"), list);
    }

    @Test
    void searchesTheInbox() {
        assertEquals("* SEARCH 1 2\r\n", asAlice("INBOX?ALL").text());
        assertEquals("* SEARCH 2\r\n", asAlice("INBOX?SUBJECT%20%22Message%202%22").text());
    }

    @Test
    void runsACustomCommandOnTheSelectedMailbox() {
        String reply = OwnerLoop.result(new CollectingTransfer(server.url(Protocol.IMAP, "INBOX"), h -> {
            MailFixtures.asAlice().accept(h);
            h.setopt(CurlOpt.CUSTOMREQUEST, "FETCH 1:2 (UID)");
        })).text();
        // A custom command's untagged replies are the transfer's body.
        assertEquals("* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 2)\r\n", reply);
    }

    @Test
    void wrongPasswordIsLoginDenied() {
        var e = OwnerLoop.failure(new CollectingTransfer(server.url(Protocol.IMAP, "INBOX/;UID=1"),
                MailFixtures.as(MailFixtures.ALICE, "wrong")));
        assertEquals("CURLE_LOGIN_DENIED", e.codeName());
    }
}
