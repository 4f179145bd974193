package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.konnect.curl.Certificates;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.testservers.LoopbackMailServer;
import org.konnect.curl.testservers.LoopbackMailServer.Protocol;
import org.konnect.curl.testservers.MailTlsKeyStore;
import org.konnect.curl.testservers.NoNativeLeaks;
import org.konnect.curl.testservers.TestPki;

/**
 * Mail over TLS: implicit TLS (smtps, imaps, pop3s) with GreenMail presenting a certificate of
 * the test servers' PKI, which the client trusts by its CA; and what {@code CURLOPT_USE_SSL} does
 * against a server that offers no STARTTLS, as GreenMail does not.
 */
@ExtendWith(NoNativeLeaks.class)
class MailTlsTest {
    /** {@code CURLUSESSL_TRY} and {@code CURLUSESSL_ALL}, from curl.h. */
    static final int USESSL_TRY = 1;
    static final int USESSL_ALL = 3;

    @AutoClose
    final LoopbackMailServer server = MailFixtures.server();
    final byte[] message = MailFixtures.message(1, 50);

    MailTlsTest() {
        server.deliver(MailFixtures.ALICE, message);
    }

    static Consumer<ConfigHandle> trustingTheTestCa(Consumer<ConfigHandle> then) {
        return h -> {
            Certificates.addCaCertificates(h, MailTlsKeyStore.pki().ca().certPem());
            then.accept(h);
        };
    }

    static Consumer<ConfigHandle> sending(byte[] message) {
        return h -> {
            h.setopt("MAIL_FROM", "<sender@example.test>");
            h.setopt("MAIL_RCPT", List.of("<bob@example.test>"));
            h.setopt(CurlOpt.UPLOAD, true);
            h.setopt(CurlOpt.READFUNCTION, CollectingTransfer.uploading(message));
        };
    }

    @Test
    void sendsOverSmtps() throws Exception {
        CollectingTransfer.Result r = OwnerLoop.result(new CollectingTransfer(server.url(Protocol.SMTPS, "client.example.test"),
                trustingTheTestCa(MailFixtures.asAlice().andThen(sending(message))), CurlInfo.RESPONSE_CODE));
        assertEquals(250, r.info(CurlInfo.RESPONSE_CODE));
        assertEquals(List.of("Message 1"), server.inbox("bob").stream().map(MailTlsTest::subject).toList());
    }

    @Test
    void fetchesOverImaps() {
        assertArrayEquals(message, OwnerLoop.result(new CollectingTransfer(server.url(Protocol.IMAPS, "INBOX/;UID=1"),
                trustingTheTestCa(MailFixtures.asAlice()))).body());
    }

    @Test
    void retrievesOverPop3s() {
        assertArrayEquals(message, OwnerLoop.result(new CollectingTransfer(server.url(Protocol.POP3S, "1"),
                trustingTheTestCa(MailFixtures.asAlice()))).body());
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"SMTPS", "IMAPS", "POP3S"})
    void certificateOfAnUntrustedCaIsRefused(Protocol protocol) {
        // Trusting only a CA of another PKI: the server's certificate chains to nothing trusted.
        var e = OwnerLoop.failure(new CollectingTransfer(server.url(protocol), h -> {
            Certificates.addCaCertificates(h, TestPki.create().ca().certPem());
            MailFixtures.asAlice().accept(h);
        }));
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", e.codeName());
    }

    // ---- STARTTLS, through the test servers' front (GreenMail has none) ----------------------------

    static Consumer<ConfigHandle> requiringTls(Consumer<ConfigHandle> then) {
        return trustingTheTestCa(then.andThen(h -> h.setopt("USE_SSL", USESSL_ALL)));
    }

    @Test
    void sendsOverSmtpAfterStartTls() throws Exception {
        CollectingTransfer.Result r = OwnerLoop.result(new CollectingTransfer(server.startTlsUrl(Protocol.SMTP, "client.example.test"),
                requiringTls(MailFixtures.asAlice().andThen(sending(message))), CurlInfo.RESPONSE_CODE));
        assertEquals(250, r.info(CurlInfo.RESPONSE_CODE));
        assertEquals(List.of("Message 1"), server.inbox("bob").stream().map(MailTlsTest::subject).toList());
    }

    @Test
    void fetchesOverImapAfterStartTls() {
        assertArrayEquals(message, OwnerLoop.result(new CollectingTransfer(server.startTlsUrl(Protocol.IMAP, "INBOX/;UID=1"),
                requiringTls(MailFixtures.asAlice()))).body());
    }

    @Test
    void retrievesOverPop3AfterStls() {
        assertArrayEquals(message, OwnerLoop.result(new CollectingTransfer(server.startTlsUrl(Protocol.POP3, "1"),
                requiringTls(MailFixtures.asAlice()))).body());
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"SMTP", "IMAP", "POP3"})
    void startTlsWithAnUntrustedCertificateIsRefused(Protocol protocol) {
        var e = OwnerLoop.failure(new CollectingTransfer(server.startTlsUrl(protocol, ""), h -> {
            Certificates.addCaCertificates(h, TestPki.create().ca().certPem());
            MailFixtures.asAlice().accept(h);
            h.setopt("USE_SSL", USESSL_ALL);
        }));
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", e.codeName());
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"SMTP", "IMAP", "POP3"})
    void requiringStartTlsFromAServerWithoutItFails(Protocol protocol) {
        // GreenMail advertises no STARTTLS (SMTP, IMAP) nor STLS (POP3): CURLUSESSL_ALL must not go on in plain text.
        var e = OwnerLoop.failure(new CollectingTransfer(server.url(protocol),
                MailFixtures.asAlice().andThen(h -> h.setopt("USE_SSL", USESSL_ALL))));
        assertEquals("CURLE_USE_SSL_FAILED", e.codeName());
    }

    @Test
    void tryingStartTlsWithAServerWithoutItGoesOnInPlainText() {
        CollectingTransfer.Result r = OwnerLoop.result(new CollectingTransfer(server.url(Protocol.SMTP, "client.example.test"),
                MailFixtures.asAlice().andThen(sending(message)).andThen(h -> h.setopt("USE_SSL", USESSL_TRY)), CurlInfo.RESPONSE_CODE));
        assertEquals(250, r.info(CurlInfo.RESPONSE_CODE));
        assertEquals(1, server.inbox("bob").size());
        assertArrayEquals(message, OwnerLoop.result(new CollectingTransfer(server.url(Protocol.POP3, "1"),
                MailFixtures.asAlice().andThen(h -> h.setopt("USE_SSL", USESSL_TRY)))).body());
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
