package org.konnect.curl.testservers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LoopbackServers.class)
class LoopbackFtpServerTest {

    /** Each test starts from an empty root and counts connections: a server of its own. */
    private final LoopbackFtpServer server;

    @TempDir
    Path local;

    LoopbackFtpServerTest(@Fresh LoopbackFtpServer server) {
        this.server = server;
    }

    @Test
    void urlPortAndRoot() throws IOException {
        assertTrue(server.port() > 0);
        assertEquals("ftp://127.0.0.1:" + server.port() + "/a/b.bin", server.url("a/b.bin"));
        assertTrue(Files.isDirectory(server.root()));
        try (var entries = Files.list(server.root())) {
            assertEquals(0, entries.count());
        }
        assertEquals(0, server.acceptedConnections());
    }

    @Test
    void curlDownload() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        byte[] content = LoopbackHttpServer.pattern(300_000);
        Files.write(server.root().resolve("file.bin"), content);
        CurlCli.Result r = CurlCli.run(server.url("file.bin"));
        assertEquals(0, r.exitCode(), r.stderr());
        assertArrayEquals(content, r.stdout());
        assertEquals(1, server.acceptedConnections());
    }

    @Test
    void curlDownloadFromSubdirectory() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        Path dir = Files.createDirectories(server.root().resolve("sub/dir"));
        byte[] content = "hello from a subdirectory\n".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("f.txt"), content);
        CurlCli.Result r = CurlCli.run(server.url("sub/dir/f.txt"));
        assertEquals(0, r.exitCode(), r.stderr());
        assertArrayEquals(content, r.stdout());
        // the same file via --ftp-method nocwd (one RETR with the full path)
        CurlCli.Result nocwd = CurlCli.run("--ftp-method", "nocwd", server.url("sub/dir/f.txt"));
        assertEquals(0, nocwd.exitCode(), nocwd.stderr());
        assertArrayEquals(content, nocwd.stdout());
    }

    @Test
    void curlUpload() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        byte[] content = LoopbackHttpServer.pattern(1_000_003);
        Path file = Files.write(local.resolve("up.bin"), content);
        CurlCli.Result r = CurlCli.run("-T", file.toString(), server.url("up.bin"));
        assertEquals(0, r.exitCode(), r.stderr());
        assertArrayEquals(content, Files.readAllBytes(server.root().resolve("up.bin")));

        // overwrite with a shorter file: STOR truncates
        Files.write(file, new byte[] {1, 2, 3});
        CurlCli.Result again = CurlCli.run("-T", file.toString(), server.url("up.bin"));
        assertEquals(0, again.exitCode(), again.stderr());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(server.root().resolve("up.bin")));

        // append
        CurlCli.Result append = CurlCli.run("--append", "-T", file.toString(), server.url("up.bin"));
        assertEquals(0, append.exitCode(), append.stderr());
        assertArrayEquals(new byte[] {1, 2, 3, 1, 2, 3}, Files.readAllBytes(server.root().resolve("up.bin")));
    }

    @Test
    void curlUploadIntoSubdirectories() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        Files.createDirectory(server.root().resolve("existing"));
        Path file = Files.write(local.resolve("x.txt"), "upload".getBytes(StandardCharsets.UTF_8));

        CurlCli.Result r = CurlCli.run("-T", file.toString(), server.url("existing/x.txt"));
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("upload", Files.readString(server.root().resolve("existing/x.txt")));

        CurlCli.Result missingDir = CurlCli.run("-T", file.toString(), server.url("missing/x.txt"));
        assertEquals(9, missingDir.exitCode(), missingDir.stderr()); // CURLE_REMOTE_ACCESS_DENIED (CWD failed)

        CurlCli.Result created = CurlCli.run("--ftp-create-dirs", "-T", file.toString(), server.url("new/deep/x.txt"));
        assertEquals(0, created.exitCode(), created.stderr());
        assertEquals("upload", Files.readString(server.root().resolve("new/deep/x.txt")));
    }

    @Test
    void curlMissingFileAndListing() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        CurlCli.Result missing = CurlCli.run(server.url("nope.bin"));
        assertEquals(78, missing.exitCode(), missing.stderr()); // CURLE_REMOTE_FILE_NOT_FOUND

        Files.write(server.root().resolve("a.bin"), new byte[1234]);
        Files.createDirectory(server.root().resolve("d"));
        CurlCli.Result list = CurlCli.run(server.url(""));
        assertEquals(0, list.exitCode(), list.stderr());
        // a Unix-style LIST: one line per entry, type and permissions first, the name last
        List<String> lines = Arrays.stream(list.stdoutText().split("\r?\n")).sorted(
                Comparator.comparing(l -> l.substring(l.lastIndexOf(' ') + 1))).toList();
        assertEquals(2, lines.size(), list.stdoutText());
        assertTrue(lines.get(0).startsWith("-rw") && lines.get(0).contains(" 1234 ") && lines.get(0).endsWith(" a.bin"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("drw") && lines.get(1).endsWith(" d"), lines.get(1));

        CurlCli.Result names = CurlCli.run("--list-only", server.url(""));
        assertEquals(0, names.exitCode(), names.stderr());
        assertEquals(Set.of("a.bin", "d"), Set.of(names.stdoutText().split("\n")));
    }

    @Test
    void curlResumedDownload() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        byte[] content = LoopbackHttpServer.pattern(10_000);
        Files.write(server.root().resolve("r.bin"), content);
        CurlCli.Result r = CurlCli.run("-C", "4000", server.url("r.bin"));
        assertEquals(0, r.exitCode(), r.stderr());
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 4000, 10_000), r.stdout());
    }

    @Test
    void jdkUrlDownload() throws Exception {
        byte[] content = LoopbackHttpServer.pattern(123_457);
        Files.write(server.root().resolve("file.bin"), content);
        Path dir = Files.createDirectories(server.root().resolve("sub/dir"));
        Files.write(dir.resolve("f.bin"), LoopbackHttpServer.pattern(99));
        try (InputStream in = new URL(server.url("file.bin")).openStream()) {
            assertArrayEquals(content, in.readAllBytes());
        }
        try (InputStream in = new URL(server.url("sub/dir/f.bin")).openStream()) {
            assertArrayEquals(LoopbackHttpServer.pattern(99), in.readAllBytes());
        }
        assertThrows(FileNotFoundException.class, () -> new URL(server.url("missing.bin")).openStream().close());
        assertEquals(3, server.acceptedConnections());
    }

    @Test
    void jdkUrlUpload() throws Exception {
        byte[] content = LoopbackHttpServer.pattern(54_321);
        var connection = new URL(server.url("jdk-up.bin")).openConnection();
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(content);
        }
        Path stored = server.root().resolve("jdk-up.bin");
        // the 226 reply is read when the stream is closed, i.e. after the server closed the file
        assertArrayEquals(content, Files.readAllBytes(stored));
    }

    @Test
    void protocolDetails() throws Exception {
        Files.write(server.root().resolve("x.bin"), new byte[42]);
        try (FtpControlClient c = new FtpControlClient(server.port())) {
            FtpControlClient.expect("220", c.greeting);
            FtpControlClient.expect("530", c.send("PWD"));
            c.login();
            FtpControlClient.expect("215", c.send("SYST"));
            String feat = c.send("FEAT");
            assertTrue(feat.startsWith("211-") && feat.contains(" SIZE") && feat.contains(" REST STREAM")
                    && feat.endsWith("211 End"), feat);
            FtpControlClient.expect("200", c.send("OPTS UTF8 ON"));
            FtpControlClient.expect("200", c.send("NOOP"));
            FtpControlClient.expect("257 \"/\"", c.send("PWD"));
            FtpControlClient.expect("200", c.send("TYPE I"));
            FtpControlClient.expect("200", c.send("TYPE A"));
            FtpControlClient.expect("504", c.send("TYPE X"));
            assertEquals("213 42", c.send("SIZE x.bin"));
            assertTrue(c.send("MDTM x.bin").matches("213 \\d{14}(\\.\\d+)?"));
            FtpControlClient.expect("550", c.send("SIZE nope"));
            // active data connections only to the client's own address (no FTP bounce)
            FtpControlClient.expect("200", c.send("PORT 127,0,0,1,4,1"));
            FtpControlClient.expect("200", c.send("EPRT |1|127.0.0.1|1025|"));
            String bounce = c.send("PORT 10,0,0,1,4,1");
            assertTrue(bounce.startsWith("5"), bounce);
            FtpControlClient.expect("502", c.send("FROB"));
            assertTrue(c.send("PASV").matches("227 Entering Passive Mode \\(127,0,0,1,\\d+,\\d+\\)"));
            FtpControlClient.expect("350", c.send("REST 0"));
            FtpControlClient.expect("501", c.send("REST x"));

            // directories
            FtpControlClient.expect("257 \"/d\" created", c.send("MKD d"));
            FtpControlClient.expect("550", c.send("MKD d"));
            FtpControlClient.expect("250", c.send("CWD d"));
            FtpControlClient.expect("257 \"/d\"", c.send("PWD"));
            FtpControlClient.expect("250", c.send("CDUP"));
            FtpControlClient.expect("257 \"/\"", c.send("PWD"));
            FtpControlClient.expect("550", c.send("CWD nope"));
            FtpControlClient.expect("250", c.send("RMD d"));
            assertFalse(Files.exists(server.root().resolve("d")));

            // never above the root
            FtpControlClient.expect("250", c.send("CWD ../../.."));
            FtpControlClient.expect("257 \"/\"", c.send("PWD"));
            FtpControlClient.expect("550", c.send("SIZE ../../../../etc/passwd"));
            FtpControlClient.expect("550", c.send("CWD /../../etc"));

            FtpControlClient.expect("250", c.send("DELE x.bin"));
            FtpControlClient.expect("450", c.send("DELE x.bin"));
            assertFalse(Files.exists(server.root().resolve("x.bin")));
            FtpControlClient.expect("221", c.send("QUIT"));
        }
    }

    @Test
    void usersAndPasswords() throws Exception {
        try (FtpControlClient c = new FtpControlClient(server.port())) {
            FtpControlClient.expect("331", c.send("USER " + LoopbackFtpServer.USER));
            FtpControlClient.expect("530", c.send("PASS wrong"));
            FtpControlClient.expect("530", c.send("PWD"));
            FtpControlClient.expect("331", c.send("USER " + LoopbackFtpServer.USER));
            FtpControlClient.expect("230", c.send("PASS " + LoopbackFtpServer.PASSWORD));
            FtpControlClient.expect("257 \"/\"", c.send("PWD"));
        }
        try (FtpControlClient c = new FtpControlClient(server.port())) {
            FtpControlClient.expect("331", c.send("USER nobody"));
            FtpControlClient.expect("530", c.send("PASS " + LoopbackFtpServer.PASSWORD));
        }
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        Files.write(server.root().resolve("f.txt"), "for the user".getBytes(StandardCharsets.UTF_8));
        CurlCli.Result r = CurlCli.run("-u", LoopbackFtpServer.USER + ":" + LoopbackFtpServer.PASSWORD, server.url("f.txt"));
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("for the user", r.stdoutText());
        CurlCli.Result denied = CurlCli.run("-u", LoopbackFtpServer.USER + ":nope", server.url("f.txt"));
        assertEquals(67, denied.exitCode(), denied.stderr()); // CURLE_LOGIN_DENIED
        assertEquals(4, server.acceptedConnections());
    }

    @Test
    void retrieveAndStoreOverRawControlConnection() throws Exception {
        byte[] content = LoopbackHttpServer.pattern(70_000);
        Files.write(server.root().resolve("f.bin"), content);
        try (FtpControlClient c = new FtpControlClient(server.port())) {
            c.login();
            FtpControlClient.expect("200", c.send("TYPE I"));
            FtpControlClient.expect("503", c.send("RETR f.bin")); // no EPSV/PASV before it
            try (Socket data = c.openData()) {
                FtpControlClient.expect("150", c.send("RETR f.bin"));
                assertArrayEquals(content, data.getInputStream().readAllBytes());
            }
            FtpControlClient.expect("226", c.reply());

            try (Socket data = c.openData()) {
                FtpControlClient.expect("350", c.send("REST 69990"));
                FtpControlClient.expect("150", c.send("RETR f.bin"));
                assertArrayEquals(Arrays.copyOfRange(content, 69990, 70000), data.getInputStream().readAllBytes());
            }
            FtpControlClient.expect("226", c.reply());

            try (Socket data = c.openData()) {
                FtpControlClient.expect("150", c.send("STOR stored.bin"));
                data.getOutputStream().write(content, 0, 1000);
            }
            FtpControlClient.expect("226", c.reply());
            assertArrayEquals(Arrays.copyOf(content, 1000), Files.readAllBytes(server.root().resolve("stored.bin")));

            try (Socket data = c.openData()) {
                FtpControlClient.expect("150", c.send("NLST"));
                String names = new String(data.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(names.endsWith("\r\n"), names);
                assertEquals(Set.of("f.bin", "stored.bin"), Set.of(names.split("\r\n")));
            }
            FtpControlClient.expect("226", c.reply());

            try (Socket ignored = c.openData()) {
                FtpControlClient.expect("550", c.send("RETR missing.bin"));
            }
            try (Socket ignored = c.openData()) {
                FtpControlClient.expect("150", c.send("STOR no/such/dir/x.bin"));
                FtpControlClient.expect("551", c.reply());
            }
        }
    }

    @Test
    void curlOverExplicitTls() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        TestPki pki = TestPki.create();
        Path ca = Files.write(local.resolve("ca.pem"), pki.ca().certPem());
        byte[] content = LoopbackHttpServer.pattern(200_001);
        try (LoopbackFtpServer ftps = LoopbackFtpServer.startTls(pki.server(), LoopbackFtpServer.TlsMode.EXPLICIT)) {
            assertEquals(LoopbackFtpServer.TlsMode.EXPLICIT, ftps.tlsMode());
            assertTrue(ftps.url("f.bin").startsWith("ftp://127.0.0.1:"), ftps.url("f.bin"));
            Files.write(ftps.root().resolve("f.bin"), content);
            CurlCli.Result r = CurlCli.run("--ssl-reqd", "--cacert", ca.toString(), ftps.url("f.bin"));
            assertEquals(0, r.exitCode(), r.stderr());
            assertArrayEquals(content, r.stdout());

            Path up = Files.write(local.resolve("up.bin"), content);
            CurlCli.Result stored = CurlCli.run("--ssl-reqd", "--cacert", ca.toString(), "-u",
                    LoopbackFtpServer.USER + ":" + LoopbackFtpServer.PASSWORD, "-T", up.toString(), ftps.url("up.bin"));
            assertEquals(0, stored.exitCode(), stored.stderr());
            assertArrayEquals(content, Files.readAllBytes(ftps.root().resolve("up.bin")));

            CurlCli.Result untrusted = CurlCli.run("--ssl-reqd", ftps.url("f.bin"));
            assertEquals(60, untrusted.exitCode(), untrusted.stderr()); // CURLE_PEER_FAILED_VERIFICATION
            // without --ssl-reqd curl does not ask for TLS, and the server serves plain FTP
            CurlCli.Result plain = CurlCli.run(ftps.url("f.bin"));
            assertEquals(0, plain.exitCode(), plain.stderr());
            assertArrayEquals(content, plain.stdout());
        }
        // a plain server offers no TLS: AUTH TLS fails, and so does a transfer that requires it
        CurlCli.Result refused = CurlCli.run("--ssl-reqd", "--cacert", ca.toString(), server.url(""));
        assertEquals(64, refused.exitCode(), refused.stderr()); // CURLE_USE_SSL_FAILED
    }

    @Test
    void curlOverImplicitTls() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        TestPki pki = TestPki.create();
        Path ca = Files.write(local.resolve("ca.pem"), pki.ca().certPem());
        byte[] content = LoopbackHttpServer.pattern(150_000);
        try (LoopbackFtpServer ftps = LoopbackFtpServer.startTls(pki.server(), LoopbackFtpServer.TlsMode.IMPLICIT)) {
            assertEquals("ftps://127.0.0.1:" + ftps.port() + "/f.bin", ftps.url("f.bin"));
            Files.write(ftps.root().resolve("f.bin"), content);
            CurlCli.Result r = CurlCli.run("--cacert", ca.toString(), ftps.url("f.bin"));
            assertEquals(0, r.exitCode(), r.stderr());
            assertArrayEquals(content, r.stdout());
            CurlCli.Result names = CurlCli.run("--cacert", ca.toString(), "--list-only", ftps.url(""));
            assertEquals(0, names.exitCode(), names.stderr());
            assertEquals("f.bin\n", names.stdoutText());
            CurlCli.Result untrusted = CurlCli.run(ftps.url("f.bin"));
            assertEquals(60, untrusted.exitCode(), untrusted.stderr()); // CURLE_PEER_FAILED_VERIFICATION
            // plain FTP to an implicit-TLS port: the server waits for a TLS handshake, not for commands
            try (Socket s = new Socket("127.0.0.1", ftps.port())) {
                s.setSoTimeout(500);
                s.getOutputStream().write("USER anonymous\r\n".getBytes(StandardCharsets.US_ASCII));
                int first = readOrTimeout(s.getInputStream());
                assertTrue(first != '2', "a plain FTP greeting came from the implicit-TLS port");
            }
            assertEquals(4, ftps.acceptedConnections());
        }
    }

    /** The first byte read, -1 at the end of the stream or -2 if none came in time. */
    private static int readOrTimeout(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            return -2;
        } catch (IOException e) {
            return -1; // reset: the server gave up on a handshake that was not one
        }
    }

    @Test
    void countsControlConnectionsAndClosesPromptly() throws Exception {
        try (FtpControlClient a = new FtpControlClient(server.port());
             FtpControlClient b = new FtpControlClient(server.port())) {
            assertEquals(2, server.acceptedConnections());
            a.login();
            Path root = server.root();
            Files.write(root.resolve("left.bin"), new byte[10]);
            long t0 = System.nanoTime();
            server.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, "close took " + ms + " ms");
            assertThrows(IOException.class, () -> a.send("NOOP"));
            assertThrows(IOException.class, () -> b.reply());
            assertFalse(Files.exists(root), "root was not deleted");
            int port = server.port();
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        }
    }

    @Test
    void closeEndsATransferInProgress() throws Exception {
        int size = 32 << 20; // more than the socket buffers hold: the server blocks writing it
        Files.write(server.root().resolve("big.bin"), new byte[size]);
        try (FtpControlClient c = new FtpControlClient(server.port())) {
            c.login();
            FtpControlClient.expect("200", c.send("TYPE I"));
            try (Socket data = c.openData()) {
                FtpControlClient.expect("150", c.send("RETR big.bin"));
                InputStream in = data.getInputStream();
                long read = in.readNBytes(64 * 1024).length;
                long t0 = System.nanoTime();
                server.close();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 3000, "close took " + ms + " ms");
                // what the socket buffers held still arrives; then the connection ends, well short of the file
                try {
                    read += in.readAllBytes().length;
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the data connection is still open after close", e);
                } catch (IOException reset) {
                    // as good as an end
                }
                assertTrue(read < size, read + " bytes arrived after close");
            }
        }
    }
}
