package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Certificates;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.Multi;
import org.konnect.curl.testservers.Fresh;
import org.konnect.curl.testservers.LoopbackFtpServer;
import org.konnect.curl.testservers.LoopbackFtpServer.TlsMode;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;
import org.konnect.curl.testservers.TestPki;

/**
 * FTP and FTPS through the engine against Apache FtpServer (the test servers'
 * {@link LoopbackFtpServer}): downloads, uploads, listings, QUOTE commands, resumed downloads,
 * logins, and TLS both explicit ({@code AUTH TLS}) and implicit ({@code ftps://}). Every test
 * checks the bytes that arrived, the files on the server, or libcurl's exact error.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class FtpProtocolTest {
    /** {@code CURLUSESSL_ALL}: TLS on the control and the data connections, or the transfer fails. */
    private static final long CURLUSESSL_ALL = 3;

    /** Each test starts from an empty root and counts its own connections: a server of its own. */
    final LoopbackFtpServer server;
    /** The PKI whose CA the FTPS servers' certificates chain to. */
    final TestPki pki;

    FtpProtocolTest(@Fresh LoopbackFtpServer server, TestPki pki) {
        this.server = server;
        this.pki = pki;
    }

    // ---- plain FTP ------------------------------------------------------------------------

    @Test
    void downloadsAFile() throws Exception {
        byte[] content = RandomBytes.of(250_000, 3);
        Files.write(server.root().resolve("data.bin"), content);
        CollectingTransfer.Result r = OwnerLoop.result(ftp(server.url("data.bin")));
        assertEquals(226, r.info(CurlInfo.RESPONSE_CODE), "FTP's transfer-complete reply");
        assertArrayEquals(content, r.body());
        assertEquals(Duration.ZERO, r.info(CurlInfo.APPCONNECT_TIME_T), "no TLS on plain FTP");
        assertEquals(1, server.acceptedConnections());
    }

    @Test
    void uploadsAFileIntoANewDirectory() throws Exception {
        byte[] content = RandomBytes.of(180_000, 4);
        OwnerLoop.result(ftp(server.url("incoming/up.bin"), h -> {
            h.setopt(CurlOpt.UPLOAD, true);
            h.setopt(CurlOpt.FTP_CREATE_MISSING_DIRS, 1);
            h.setopt(CurlOpt.READFUNCTION, CollectingTransfer.uploading(content)); // no size given: libcurl sends until the callback ends
        }));
        assertArrayEquals(content, Files.readAllBytes(server.root().resolve("incoming/up.bin")));
    }

    @Test
    void uploadsAFileOfAGivenSizeAsAUserWithAPassword() throws Exception {
        byte[] content = RandomBytes.of(300_007, 5);
        CollectingTransfer.Result r = OwnerLoop.result(ftp(server.url("sized.bin"), h -> {
            login(h);
            h.setopt(CurlOpt.UPLOAD, true);
            h.setopt(CurlOpt.INFILESIZE_LARGE, (long) content.length);
            h.setopt(CurlOpt.READFUNCTION, CollectingTransfer.uploading(content));
        }));
        assertEquals(226, r.info(CurlInfo.RESPONSE_CODE));
        assertEquals(content.length, (long) r.info(CurlInfo.SIZE_UPLOAD_T));
        assertArrayEquals(content, Files.readAllBytes(server.root().resolve("sized.bin")));
    }

    @Test
    void missingFileIsAnFtpError() {
        CurlError e = OwnerLoop.failure(ftp(server.url("nothing-here.bin")));
        assertEquals("CURLE_REMOTE_FILE_NOT_FOUND", e.codeName());
    }

    @Test
    void listsADirectoryByNameWithDirListOnly() throws Exception {
        Files.write(server.root().resolve("one.txt"), new byte[11]);
        Files.write(server.root().resolve("two.bin"), new byte[2222]);
        Files.createDirectory(server.root().resolve("sub"));
        Files.write(server.root().resolve("sub/hidden.txt"), new byte[1]);

        CollectingTransfer.Result names = OwnerLoop.result(ftp(server.url(""), h -> h.setopt(CurlOpt.DIRLISTONLY, true)));
        assertEquals(Set.of("one.txt", "two.bin", "sub"), lines(names.body()), names.text());

        CollectingTransfer.Result sub = OwnerLoop.result(ftp(server.url("sub/"), h -> h.setopt(CurlOpt.DIRLISTONLY, 1)));
        assertEquals(Set.of("hidden.txt"), lines(sub.body()), sub.text());

        // without it, LIST: one long line per entry, with the size before the name
        CollectingTransfer.Result full = OwnerLoop.result(ftp(server.url("")));
        Set<String> entries = lines(full.body());
        assertEquals(3, entries.size(), full.text());
        assertTrue(entries.stream().anyMatch(l -> l.startsWith("-") && l.matches(".* 2222 .* two\\.bin")), full.text());
        assertTrue(entries.stream().anyMatch(l -> l.startsWith("d") && l.endsWith(" sub")), full.text());
    }

    @Test
    void quoteCommandsRunOnTheServerBeforeTheTransfer() throws Exception {
        Files.write(server.root().resolve("doomed.txt"), new byte[5]);
        byte[] content = "still here\n".getBytes(StandardCharsets.UTF_8);
        Files.write(server.root().resolve("kept.txt"), content);
        CollectingTransfer.Result r = OwnerLoop.result(ftp(server.url("kept.txt"), h -> {
            h.setopt(CurlOpt.byName("QUOTE"), List.of("MKD made", "DELE doomed.txt", "MKD made/deeper"));
        }));
        assertArrayEquals(content, r.body());
        assertTrue(Files.isDirectory(server.root().resolve("made/deeper")), "MKD did not create the directories");
        assertFalse(Files.exists(server.root().resolve("doomed.txt")), "DELE did not delete the file");

        // POSTQUOTE runs after the transfer: the downloaded file is gone afterwards
        CollectingTransfer.Result fetched = OwnerLoop.result(ftp(server.url("kept.txt"), h -> {
            h.setopt(CurlOpt.byName("POSTQUOTE"), List.of("DELE kept.txt"));
        }));
        assertArrayEquals(content, fetched.body());
        assertFalse(Files.exists(server.root().resolve("kept.txt")), "POSTQUOTE's DELE did not run");
    }

    @Test
    void aQuoteCommandTheServerRefusesFailsTheTransfer() throws Exception {
        Files.write(server.root().resolve("f.txt"), new byte[3]);
        CurlError e = OwnerLoop.failure(ftp(server.url("f.txt"), h -> {
            h.setopt(CurlOpt.byName("QUOTE"), List.of("DELE no-such-file.txt"));
        }));
        assertEquals("CURLE_QUOTE_ERROR", e.codeName());
        assertTrue(e.detail().contains("450"), e.detail()); // Apache FtpServer's reply to a DELE it cannot do
    }

    /**
     * Active mode: libcurl listens, the server connects, and libcurl accepts the data connection
     * and later closes it without its close-socket callback. The native layer keeps epoll
     * registrations only for sockets whose close it sees, so transfers on the same control
     * connection, in active mode and then passive, must each find their data connection polled.
     */
    @Test
    void activeModeDataConnectionsOnOneControlConnection() throws Exception {
        byte[] content = RandomBytes.of(100_000, 9);
        Files.write(server.root().resolve("active.bin"), content);
        try (Multi multi = Multi.open()) {
            for (int i = 0; i < 3; i++) {
                CollectingTransfer.Result r = OwnerLoop.result(multi, ftp(server.url("active.bin"),
                        h -> h.setopt(CurlOpt.byName("FTPPORT"), "127.0.0.1")));
                assertEquals(226, r.info(CurlInfo.RESPONSE_CODE), "active transfer " + i);
                assertArrayEquals(content, r.body(), "active transfer " + i);
            }
            CollectingTransfer.Result passive = OwnerLoop.result(multi, ftp(server.url("active.bin")));
            assertArrayEquals(content, passive.body(), "the passive transfer after them");
        }
        assertEquals(1, server.acceptedConnections(), "one control connection for all four");
    }

    @Test
    void resumesADownloadFromAnOffset() throws Exception {
        byte[] content = RandomBytes.of(250_000, 6);
        Files.write(server.root().resolve("resume.bin"), content);
        long offset = 180_001;
        CollectingTransfer.Result r = OwnerLoop.result(ftp(server.url("resume.bin"), h -> h.setopt(CurlOpt.RESUME_FROM_LARGE, offset)));
        assertEquals(226, r.info(CurlInfo.RESPONSE_CODE));
        assertArrayEquals(Arrays.copyOfRange(content, (int) offset, content.length), r.body());
    }

    @Test
    void aWrongPasswordIsLoginDenied() throws Exception {
        Files.write(server.root().resolve("secret.txt"), "for the user only".getBytes(StandardCharsets.UTF_8));
        CurlError e = OwnerLoop.failure(ftp(server.url("secret.txt"), h -> {
            h.setopt(CurlOpt.USERNAME, LoopbackFtpServer.USER);
            h.setopt(CurlOpt.PASSWORD, "not-the-password");
        }));
        assertEquals("CURLE_LOGIN_DENIED", e.codeName());
        assertTrue(e.detail().contains("530"), e.detail());
        assertEquals("for the user only", OwnerLoop.result(ftp(server.url("secret.txt"), FtpProtocolTest::login)).text());
    }

    // ---- FTPS -----------------------------------------------------------------------------

    /** Trusts the test CA. */
    private Consumer<ConfigHandle> trusted(Consumer<ConfigHandle> more) {
        return h -> {
            Certificates.addCaCertificates(h, pki.ca().certPem());
            more.accept(h);
        };
    }

    @Test
    void explicitFtpsDownloadsAndUploads() throws Exception {
        byte[] content = RandomBytes.of(400_000, 7);
        byte[] upload = RandomBytes.of(123_457, 8);
        try (LoopbackFtpServer ftps = LoopbackFtpServer.startTls(pki.server(), TlsMode.EXPLICIT)) {
            Files.write(ftps.root().resolve("data.bin"), content);
            CollectingTransfer.Result down =
                    OwnerLoop.result(ftp(ftps.url("data.bin"), trusted(h -> h.setopt(CurlOpt.byName("USE_SSL"), CURLUSESSL_ALL))));
            assertEquals(226, down.info(CurlInfo.RESPONSE_CODE));
            assertArrayEquals(content, down.body());
            Duration handshake = down.info(CurlInfo.APPCONNECT_TIME_T);
            assertTrue(handshake.compareTo(Duration.ZERO) > 0, "no TLS handshake: " + handshake);

            CollectingTransfer.Result up = OwnerLoop.result(ftp(ftps.url("up/loaded.bin"), trusted(h -> {
                h.setopt("USE_SSL", CURLUSESSL_ALL);
                login(h);
                h.setopt(CurlOpt.UPLOAD, true);
                h.setopt(CurlOpt.FTP_CREATE_MISSING_DIRS, 1);
                h.setopt(CurlOpt.INFILESIZE_LARGE, (long) upload.length);
                h.setopt(CurlOpt.READFUNCTION, CollectingTransfer.uploading(upload));
            })));
            assertEquals(upload.length, (long) up.info(CurlInfo.SIZE_UPLOAD_T));
            assertArrayEquals(upload, Files.readAllBytes(ftps.root().resolve("up/loaded.bin")));
            assertEquals(2, ftps.acceptedConnections());
        }
        // the same requirement against a server without TLS: AUTH TLS is refused, and so is the transfer
        Files.write(server.root().resolve("data.bin"), content);
        CurlError e = OwnerLoop.failure(ftp(server.url("data.bin"), trusted(h -> h.setopt("USE_SSL", CURLUSESSL_ALL))));
        assertEquals("CURLE_USE_SSL_FAILED", e.codeName());
    }

    @Test
    void implicitFtpsDownloads() throws Exception {
        byte[] content = RandomBytes.of(333_333, 9);
        try (LoopbackFtpServer ftps = LoopbackFtpServer.startTls(pki.server(), TlsMode.IMPLICIT)) {
            Files.write(ftps.root().resolve("data.bin"), content);
            assertTrue(ftps.url("data.bin").startsWith("ftps://"), ftps.url("data.bin"));
            CollectingTransfer.Result r = OwnerLoop.result(ftp(ftps.url("data.bin"), trusted(h -> { })));
            assertEquals(226, r.info(CurlInfo.RESPONSE_CODE));
            assertArrayEquals(content, r.body());
            Duration handshake = r.info(CurlInfo.APPCONNECT_TIME_T);
            assertTrue(handshake.compareTo(Duration.ZERO) > 0, "no TLS handshake: " + handshake);
            CollectingTransfer.Result names = OwnerLoop.result(ftp(ftps.url(""), trusted(h -> h.setopt(CurlOpt.DIRLISTONLY, true))));
            assertEquals(Set.of("data.bin"), lines(names.body()));
        }
    }

    @Test
    void aServerCertificateTheClientDoesNotTrustFailsVerification() throws Exception {
        TestPki stranger = TestPki.create();
        try (LoopbackFtpServer explicit = LoopbackFtpServer.startTls(pki.server(), TlsMode.EXPLICIT);
             LoopbackFtpServer implicit = LoopbackFtpServer.startTls(pki.server(), TlsMode.IMPLICIT)) {
            Files.write(explicit.root().resolve("f.bin"), new byte[10]);
            Files.write(implicit.root().resolve("f.bin"), new byte[10]);
            // trusting another CA
            Consumer<ConfigHandle> otherCa = h -> Certificates.addCaCertificates(h, stranger.ca().certPem());
            CurlError e = OwnerLoop.failure(ftp(explicit.url("f.bin"), otherCa.andThen(h -> h.setopt("USE_SSL", CURLUSESSL_ALL))));
            assertEquals("CURLE_PEER_FAILED_VERIFICATION", e.codeName());
            assertTrue(e.detail().contains("certificate"), e.detail());
            CurlError i = OwnerLoop.failure(ftp(implicit.url("f.bin"), otherCa));
            assertEquals("CURLE_PEER_FAILED_VERIFICATION", i.codeName());
            // trusting nothing but the system's CAs
            CurlError none = OwnerLoop.failure(ftp(implicit.url("f.bin")));
            assertEquals("CURLE_PEER_FAILED_VERIFICATION", none.codeName());
        }
    }

    @Test
    void anExpiredServerCertificateFailsVerification() throws Exception {
        try (LoopbackFtpServer ftps = LoopbackFtpServer.startTls(pki.expiredServer(), TlsMode.IMPLICIT)) {
            Files.write(ftps.root().resolve("f.bin"), new byte[10]);
            CurlError e = OwnerLoop.failure(ftp(ftps.url("f.bin"), trusted(h -> { })));
            assertEquals("CURLE_PEER_FAILED_VERIFICATION", e.codeName());
            assertTrue(e.detail().contains("expired"), e.detail());
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    /** One FTP transfer, asking for the reply code it ends with, the bytes it uploaded and when its TLS handshake ended. */
    private static CollectingTransfer ftp(String url, Consumer<ConfigHandle> options) {
        return new CollectingTransfer(url, options, CurlInfo.RESPONSE_CODE, CurlInfo.SIZE_UPLOAD_T, CurlInfo.APPCONNECT_TIME_T);
    }

    private static CollectingTransfer ftp(String url) {
        return ftp(url, h -> { });
    }

    private static void login(ConfigHandle h) {
        h.setopt(CurlOpt.USERNAME, LoopbackFtpServer.USER);
        h.setopt(CurlOpt.PASSWORD, LoopbackFtpServer.PASSWORD);
    }

    /** The lines of a listing (libcurl passes the server's CRLF through). */
    private static Set<String> lines(byte[] listing) {
        return Set.of(new String(listing, StandardCharsets.UTF_8).split("\r?\n"));
    }
}
