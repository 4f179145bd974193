package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Certificates;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.Multi;
import org.konnect.curl.Outcome;
import org.konnect.curl.ReadCallback;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;
import org.konnect.curl.testkit.Fresh;
import org.konnect.curl.testkit.LoopbackFtpServer;
import org.konnect.curl.testkit.LoopbackFtpServer.TlsMode;
import org.konnect.curl.testkit.LoopbackServers;
import org.konnect.curl.testkit.NoNativeLeaks;
import org.konnect.curl.testkit.TestPki;

/**
 * FTP and FTPS through the engine against Apache FtpServer (the testkit's
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
        byte[] content = random(250_000, 3);
        Files.write(server.root().resolve("data.bin"), content);
        Ftp.Result r = run(new Ftp(server.url("data.bin")));
        assertEquals(226, r.code(), "FTP's transfer-complete reply");
        assertArrayEquals(content, r.body());
        assertEquals(Duration.ZERO, r.appConnect(), "no TLS on plain FTP");
        assertEquals(1, server.acceptedConnections());
    }

    @Test
    void uploadsAFileIntoANewDirectory() throws Exception {
        byte[] content = random(180_000, 4);
        run(new Ftp(server.url("incoming/up.bin"), h -> {
            h.setopt(CurlOpt.UPLOAD, true);
            h.setopt(CurlOpt.FTP_CREATE_MISSING_DIRS, 1);
            h.setopt(CurlOpt.READFUNCTION, reader(content)); // no size given: libcurl sends until the callback ends
        }));
        assertArrayEquals(content, Files.readAllBytes(server.root().resolve("incoming/up.bin")));
    }

    @Test
    void uploadsAFileOfAGivenSizeAsAUserWithAPassword() throws Exception {
        byte[] content = random(300_007, 5);
        Ftp.Result r = run(new Ftp(server.url("sized.bin"), h -> {
            login(h);
            h.setopt(CurlOpt.UPLOAD, true);
            h.setopt(CurlOpt.INFILESIZE_LARGE, (long) content.length);
            h.setopt(CurlOpt.READFUNCTION, reader(content));
        }));
        assertEquals(226, r.code());
        assertEquals(content.length, r.uploaded());
        assertArrayEquals(content, Files.readAllBytes(server.root().resolve("sized.bin")));
    }

    @Test
    void missingFileIsAnFtpError() {
        CurlError e = failure(new Ftp(server.url("nothing-here.bin")));
        assertEquals("CURLE_REMOTE_FILE_NOT_FOUND", e.codeName());
    }

    @Test
    void listsADirectoryByNameWithDirListOnly() throws Exception {
        Files.write(server.root().resolve("one.txt"), new byte[11]);
        Files.write(server.root().resolve("two.bin"), new byte[2222]);
        Files.createDirectory(server.root().resolve("sub"));
        Files.write(server.root().resolve("sub/hidden.txt"), new byte[1]);

        Ftp.Result names = run(new Ftp(server.url(""), h -> h.setopt(CurlOpt.DIRLISTONLY, true)));
        assertEquals(Set.of("one.txt", "two.bin", "sub"), lines(names.body()), names.text());

        Ftp.Result sub = run(new Ftp(server.url("sub/"), h -> h.setopt(CurlOpt.DIRLISTONLY, 1)));
        assertEquals(Set.of("hidden.txt"), lines(sub.body()), sub.text());

        // without it, LIST: one long line per entry, with the size before the name
        Ftp.Result full = run(new Ftp(server.url("")));
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
        Ftp.Result r = run(new Ftp(server.url("kept.txt"), h -> {
            h.setopt(CurlOpt.byName("QUOTE"), List.of("MKD made", "DELE doomed.txt", "MKD made/deeper"));
        }));
        assertArrayEquals(content, r.body());
        assertTrue(Files.isDirectory(server.root().resolve("made/deeper")), "MKD did not create the directories");
        assertFalse(Files.exists(server.root().resolve("doomed.txt")), "DELE did not delete the file");

        // POSTQUOTE runs after the transfer: the downloaded file is gone afterwards
        Ftp.Result fetched = run(new Ftp(server.url("kept.txt"), h -> {
            h.setopt(CurlOpt.byName("POSTQUOTE"), List.of("DELE kept.txt"));
        }));
        assertArrayEquals(content, fetched.body());
        assertFalse(Files.exists(server.root().resolve("kept.txt")), "POSTQUOTE's DELE did not run");
    }

    @Test
    void aQuoteCommandTheServerRefusesFailsTheTransfer() throws Exception {
        Files.write(server.root().resolve("f.txt"), new byte[3]);
        CurlError e = failure(new Ftp(server.url("f.txt"), h -> {
            h.setopt(CurlOpt.byName("QUOTE"), List.of("DELE no-such-file.txt"));
        }));
        assertEquals("CURLE_QUOTE_ERROR", e.codeName());
        assertTrue(e.detail().contains("450"), e.detail()); // Apache FtpServer's reply to a DELE it cannot do
    }

    @Test
    void resumesADownloadFromAnOffset() throws Exception {
        byte[] content = random(250_000, 6);
        Files.write(server.root().resolve("resume.bin"), content);
        long offset = 180_001;
        Ftp.Result r = run(new Ftp(server.url("resume.bin"), h -> h.setopt(CurlOpt.RESUME_FROM_LARGE, offset)));
        assertEquals(226, r.code());
        assertArrayEquals(Arrays.copyOfRange(content, (int) offset, content.length), r.body());
    }

    @Test
    void aWrongPasswordIsLoginDenied() throws Exception {
        Files.write(server.root().resolve("secret.txt"), "for the user only".getBytes(StandardCharsets.UTF_8));
        CurlError e = failure(new Ftp(server.url("secret.txt"), h -> {
            h.setopt(CurlOpt.USERNAME, LoopbackFtpServer.USER);
            h.setopt(CurlOpt.PASSWORD, "not-the-password");
        }));
        assertEquals("CURLE_LOGIN_DENIED", e.codeName());
        assertTrue(e.detail().contains("530"), e.detail());
        assertEquals("for the user only", run(new Ftp(server.url("secret.txt"), FtpProtocolTest::login)).text());
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
        byte[] content = random(400_000, 7);
        byte[] upload = random(123_457, 8);
        try (LoopbackFtpServer ftps = LoopbackFtpServer.startTls(pki.server(), TlsMode.EXPLICIT)) {
            Files.write(ftps.root().resolve("data.bin"), content);
            Ftp.Result down = run(new Ftp(ftps.url("data.bin"), trusted(h -> h.setopt(CurlOpt.byName("USE_SSL"), CURLUSESSL_ALL))));
            assertEquals(226, down.code());
            assertArrayEquals(content, down.body());
            assertTrue(down.appConnect().compareTo(Duration.ZERO) > 0, "no TLS handshake: " + down.appConnect());

            Ftp.Result up = run(new Ftp(ftps.url("up/loaded.bin"), trusted(h -> {
                h.setopt("USE_SSL", CURLUSESSL_ALL);
                login(h);
                h.setopt(CurlOpt.UPLOAD, true);
                h.setopt(CurlOpt.FTP_CREATE_MISSING_DIRS, 1);
                h.setopt(CurlOpt.INFILESIZE_LARGE, (long) upload.length);
                h.setopt(CurlOpt.READFUNCTION, reader(upload));
            })));
            assertEquals(upload.length, up.uploaded());
            assertArrayEquals(upload, Files.readAllBytes(ftps.root().resolve("up/loaded.bin")));
            assertEquals(2, ftps.acceptedConnections());
        }
        // the same requirement against a server without TLS: AUTH TLS is refused, and so is the transfer
        Files.write(server.root().resolve("data.bin"), content);
        CurlError e = failure(new Ftp(server.url("data.bin"), trusted(h -> h.setopt("USE_SSL", CURLUSESSL_ALL))));
        assertEquals("CURLE_USE_SSL_FAILED", e.codeName());
    }

    @Test
    void implicitFtpsDownloads() throws Exception {
        byte[] content = random(333_333, 9);
        try (LoopbackFtpServer ftps = LoopbackFtpServer.startTls(pki.server(), TlsMode.IMPLICIT)) {
            Files.write(ftps.root().resolve("data.bin"), content);
            assertTrue(ftps.url("data.bin").startsWith("ftps://"), ftps.url("data.bin"));
            Ftp.Result r = run(new Ftp(ftps.url("data.bin"), trusted(h -> { })));
            assertEquals(226, r.code());
            assertArrayEquals(content, r.body());
            assertTrue(r.appConnect().compareTo(Duration.ZERO) > 0, "no TLS handshake: " + r.appConnect());
            Ftp.Result names = run(new Ftp(ftps.url(""), trusted(h -> h.setopt(CurlOpt.DIRLISTONLY, true))));
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
            CurlError e = failure(new Ftp(explicit.url("f.bin"), otherCa.andThen(h -> h.setopt("USE_SSL", CURLUSESSL_ALL))));
            assertEquals("CURLE_PEER_FAILED_VERIFICATION", e.codeName());
            assertTrue(e.detail().contains("certificate"), e.detail());
            CurlError i = failure(new Ftp(implicit.url("f.bin"), otherCa));
            assertEquals("CURLE_PEER_FAILED_VERIFICATION", i.codeName());
            // trusting nothing but the system's CAs
            CurlError none = failure(new Ftp(implicit.url("f.bin")));
            assertEquals("CURLE_PEER_FAILED_VERIFICATION", none.codeName());
        }
    }

    @Test
    void anExpiredServerCertificateFailsVerification() throws Exception {
        try (LoopbackFtpServer ftps = LoopbackFtpServer.startTls(pki.expiredServer(), TlsMode.IMPLICIT)) {
            Files.write(ftps.root().resolve("f.bin"), new byte[10]);
            CurlError e = failure(new Ftp(ftps.url("f.bin"), trusted(h -> { })));
            assertEquals("CURLE_PEER_FAILED_VERIFICATION", e.codeName());
            assertTrue(e.detail().contains("expired"), e.detail());
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    private static void login(ConfigHandle h) {
        h.setopt(CurlOpt.USERNAME, LoopbackFtpServer.USER);
        h.setopt(CurlOpt.PASSWORD, LoopbackFtpServer.PASSWORD);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The lines of a listing (libcurl passes the server's CRLF through). */
    private static Set<String> lines(byte[] listing) {
        return Set.of(new String(listing, StandardCharsets.UTF_8).split("\r?\n"));
    }

    /** Hands {@code content} to libcurl in the pieces it asks for, then ends the upload. */
    private static ReadCallback reader(byte[] content) {
        int[] offset = {0};
        return buffer -> {
            int n = Math.min(buffer.remaining(), content.length - offset[0]);
            buffer.put(content, offset[0], n);
            offset[0] += n;
            return n;
        };
    }

    /** Runs one transfer on a multi of its own, on this thread, and returns its result. */
    private static <R> R run(RequestProtocol<Void, R> request) {
        try (Multi multi = Multi.open()) {
            CompletableFuture<Outcome<Void, R>> f = multi.process(request).toCompletableFuture();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!f.isDone()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the transfer did not finish in 30 s");
                }
                multi.perform(100);
            }
            @SuppressWarnings("unchecked")
            Outcome.Final<Void, R> done = assertInstanceOf(Outcome.Final.class, f.join());
            return done.result();
        }
    }

    /** Runs one transfer that must fail, and returns libcurl's error. */
    private static CurlError failure(RequestProtocol<Void, ?> request) {
        try {
            run(request);
        } catch (CompletionException e) {
            return assertInstanceOf(CurlError.class, e.getCause());
        }
        throw new AssertionError("the transfer succeeded");
    }

    /** One FTP transfer: the body it downloads, the reply code and sizes it ends with. */
    static final class Ftp implements RequestProtocol<Void, Ftp.Result> {
        record Result(int code, byte[] body, long uploaded, Duration appConnect) {
            String text() {
                return new String(body, StandardCharsets.UTF_8);
            }
        }

        private final String url;
        private final Consumer<ConfigHandle> configure;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Ftp(String url) {
            this(url, h -> { });
        }

        Ftp(String url, Consumer<ConfigHandle> configure) {
            this.url = url;
            this.configure = configure;
        }

        @Override
        public void configureHandle(ConfigHandle h) {
            h.setopt(CurlOpt.URL, url);
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) this::write);
            configure.accept(h);
        }

        private int write(ByteBuffer data) {
            int n = data.remaining();
            byte[] chunk = new byte[n];
            data.get(chunk);
            body.write(chunk, 0, n);
            return n;
        }

        @Override
        public Result completed(GetInfoHandle info) {
            return new Result(info.getinfo(CurlInfo.RESPONSE_CODE), body.toByteArray(), info.getinfo(CurlInfo.SIZE_UPLOAD_T),
                    info.getinfo(CurlInfo.APPCONNECT_TIME_T));
        }
    }
}
