package org.konnect.curl.protocols;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.testservers.LoopbackMailServer;

/** Users and messages the mail tests share. */
final class MailFixtures {
    private MailFixtures() {}

    static final String ALICE = "alice";
    static final String ALICE_PASSWORD = "alice-secret";

    /** A server with alice and bob. */
    static LoopbackMailServer server() {
        return LoopbackMailServer.start()
                .addUser("alice@example.test", ALICE, ALICE_PASSWORD)
                .addUser("bob@example.test", "bob", "bob-secret");
    }

    /** A server with alice and bob, {@code messages} delivered to alice. */
    static LoopbackMailServer serverWithAlicesMail(byte[]... messages) {
        LoopbackMailServer server = server();
        for (byte[] m : messages) server.deliver(ALICE, m);
        return server;
    }

    /** Logs in as alice. */
    static Consumer<ConfigHandle> asAlice() {
        return as(ALICE, ALICE_PASSWORD);
    }

    static Consumer<ConfigHandle> as(String user, String password) {
        return h -> {
            h.setopt(CurlOpt.USERNAME, user);
            h.setopt(CurlOpt.PASSWORD, password);
        };
    }

    /**
     * A raw message numbered {@code n}, with CRLF line ends and a line starting with a dot (which
     * POP3 must dot-stuff and libcurl unstuff), {@code bodyLines} lines of body.
     */
    static byte[] message(int n, int bodyLines) {
        StringBuilder m = new StringBuilder()
                .append("From: Sender <sender@example.test>\r\n")
                .append("To: Alice <alice@example.test>\r\n")
                .append("Subject: Message ").append(n).append("\r\n")
                .append("Message-ID: <").append(n).append("@example.test>\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n")
                .append("\r\n")
                .append(".This line starts with a dot.\r\n");
        for (int i = 0; i < bodyLines; i++) {
            m.append("Message ").append(n).append(", line ").append(i).append(" of the body.\r\n");
        }
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
