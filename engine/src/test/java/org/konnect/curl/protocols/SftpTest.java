package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.konnect.curl.protocols.OwnSshServer.AUTH_PASSWORD;
import static org.konnect.curl.protocols.OwnSshServer.knownHosts;
import static org.konnect.curl.protocols.OwnSshServer.password;
import static org.konnect.curl.protocols.OwnSshServer.pinned;
import static org.konnect.curl.protocols.OwnSshServer.publicKey;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.Multi;
import org.konnect.curl.testservers.LoopbackSshServer;
import org.konnect.curl.testservers.NoNativeLeaks;
import org.konnect.curl.testservers.SshClientKey;

/**
 * SFTP against Apache MINA SSHD: password and public-key authentication, download, upload,
 * QUOTE and POSTQUOTE commands, directory listings, and host-key checking by known_hosts and by
 * SHA-256 fingerprint. Every transfer checks the host key: libcurl's default is not to.
 */
@ExtendWith(NoNativeLeaks.class)
class SftpTest {
    @TempDir
    Path dir;
    @AutoClose
    final OwnSshServer ssh = new OwnSshServer();

    private LoopbackSshServer server() {
        return ssh.in(dir);
    }

    /** Password authentication and a pinned host key. */
    private Consumer<ConfigHandle> withPassword(Consumer<ConfigHandle> more) {
        return password().andThen(pinned(server())).andThen(more);
    }

    @Test
    void downloadsWithPassword() throws Exception {
        byte[] content = RandomBytes.of(300_000, 1);
        Files.write(server().root().resolve("data.bin"), content);
        assertArrayEquals(content, download(server().sftpUrl("data.bin"), withPassword(h -> {})));
    }

    @Test
    void downloadsWithAPublicKey() throws Exception {
        byte[] content = RandomBytes.of(50_000, 2);
        Files.write(server().root().resolve("key.bin"), content);
        byte[] body = download(server().sftpUrl("key.bin"), publicKey(ssh.clientKey()).andThen(pinned(server())));
        assertArrayEquals(content, body);
    }

    /** libssh2 1.10 (both libcurl versions here use it) reads each of these private key files. */
    @ParameterizedTest
    @EnumSource(SshClientKey.Type.class)
    void signsInWithEachKeyFormat(SshClientKey.Type type) throws Exception {
        SshClientKey key = SshClientKey.generate(Files.createDirectory(dir.resolve(type.name())), type);
        try (LoopbackSshServer own = LoopbackSshServer.start(key)) {
            Files.writeString(own.root().resolve("t.txt"), type.name());
            byte[] body = download(own.sftpUrl("t.txt"), publicKey(key).andThen(pinned(own)));
            assertEquals(type.name(), new String(body, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aKeyTheServerDoesNotKnowIsDenied() throws Exception {
        SshClientKey stranger = SshClientKey.generate(Files.createDirectory(dir.resolve("stranger")));
        CurlError e = OwnerLoop.failure(new CollectingTransfer(server().sftpUrl("x"), publicKey(stranger).andThen(pinned(server()))));
        assertEquals("CURLE_LOGIN_DENIED", e.codeName());
    }

    @Test
    void wrongPasswordIsLoginDenied() {
        CurlError e = OwnerLoop.failure(new CollectingTransfer(server().sftpUrl("x"), h -> {
            h.setopt(CurlOpt.USERNAME, LoopbackSshServer.USER);
            h.setopt(CurlOpt.PASSWORD, "not-" + LoopbackSshServer.PASSWORD);
            h.setopt(CurlOpt.byName("SSH_AUTH_TYPES"), AUTH_PASSWORD);
            pinned(server()).accept(h);
        }));
        assertEquals("CURLE_LOGIN_DENIED", e.codeName());
    }

    @Test
    void uploadsAFile() throws Exception {
        byte[] content = RandomBytes.of(220_000, 3);
        OwnerLoop.result(new CollectingTransfer(server().sftpUrl("incoming/up.bin"), withPassword(h -> {
            h.setopt(CurlOpt.UPLOAD, true);
            h.setopt(CurlOpt.FTP_CREATE_MISSING_DIRS, 1);
            h.setopt(CurlOpt.READFUNCTION, CollectingTransfer.uploading(content));
        })));
        assertArrayEquals(content, Files.readAllBytes(server().root().resolve("incoming/up.bin")));
    }

    @Test
    void quoteRunsBeforeAndPostquoteAfterTheTransfer() throws Exception {
        Path root = server().root();
        Files.writeString(root.resolve("old.txt"), "renamed before the download");
        Files.writeString(root.resolve("gone.txt"), "removed after it");
        // The download fetches the name QUOTE gives the file: it only works if the rename ran first.
        byte[] body = download(server().sftpUrl("new.txt"), withPassword(h -> {
            h.setopt(CurlOpt.byName("QUOTE"), List.of("rename /old.txt /new.txt", "mkdir /made"));
            h.setopt(CurlOpt.byName("POSTQUOTE"), List.of("rm /gone.txt"));
        }));
        assertEquals("renamed before the download", new String(body, StandardCharsets.UTF_8));
        assertFalse(Files.exists(root.resolve("old.txt")));
        assertTrue(Files.isDirectory(root.resolve("made")));
        assertFalse(Files.exists(root.resolve("gone.txt")));
    }

    @Test
    void aFailingQuoteCommandFailsTheTransfer() {
        CurlError e = OwnerLoop.failure(new CollectingTransfer(server().sftpUrl(""), withPassword(h -> {
            h.setopt(CurlOpt.byName("QUOTE"), List.of("rm /no-such-file"));
            h.setopt(CurlOpt.NOBODY, 1);
        })));
        assertEquals("CURLE_QUOTE_ERROR", e.codeName());
    }

    @Test
    void listsADirectory() throws Exception {
        Path root = server().root();
        Files.writeString(root.resolve("one.txt"), "1");
        Files.writeString(root.resolve("two.txt"), "22");
        Files.createDirectory(root.resolve("sub"));
        // Both listings on one Multi: the second may reuse the first's connection.
        try (Multi multi = Multi.open()) {
            String names = new String(OwnerLoop.result(multi, new CollectingTransfer(server().sftpUrl(""), withPassword(h ->
                    h.setopt(CurlOpt.DIRLISTONLY, 1)))).body(), StandardCharsets.UTF_8);
            Set<String> listed = Arrays.stream(names.split("\n")).collect(Collectors.toSet());
            assertTrue(listed.containsAll(Set.of("one.txt", "two.txt", "sub")), names);
            String longListing = new String(OwnerLoop.result(multi, new CollectingTransfer(server().sftpUrl(""), withPassword(h -> {})))
                    .body(), StandardCharsets.UTF_8);
            List<String> lines = Arrays.asList(longListing.split("\n"));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("d") && l.endsWith(" sub")), longListing);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("-") && l.endsWith(" two.txt")), longListing);
        }
    }

    @Test
    void aMatchingKnownHostsFileIsAccepted() throws Exception {
        Files.write(server().root().resolve("k.txt"), "known".getBytes(StandardCharsets.UTF_8));
        Path knownHosts = server().writeKnownHosts(dir.resolve("known_hosts"));
        byte[] body = download(server().sftpUrl("k.txt"), password().andThen(knownHosts(knownHosts)));
        assertEquals("known", new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void aChangedHostKeyInKnownHostsIsRejected() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server().mismatchingKnownHostsLine() + "\n");
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", knownHostsFailure(knownHosts).codeName());
    }

    @Test
    void aHostMissingFromKnownHostsIsRejected() throws Exception {
        // The right key, under another port: libssh2 looks a host up as [host]:port.
        String elsewhere = server().knownHostsLine().replaceFirst("^\\[127\\.0\\.0\\.1]:\\d+ ", "[127.0.0.1]:1 ");
        assertTrue(elsewhere.startsWith("[127.0.0.1]:1 ecdsa-sha2-nistp256 "), elsewhere);
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), elsewhere + "\n");
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", knownHostsFailure(knownHosts).codeName());
    }

    private CurlError knownHostsFailure(Path knownHosts) {
        return OwnerLoop.failure(new CollectingTransfer(server().sftpUrl("k.txt"), password().andThen(knownHosts(knownHosts))));
    }

    @Test
    void aWrongSha256FingerprintIsRejected() throws Exception {
        Files.writeString(server().root().resolve("k.txt"), "never read");
        // The fingerprint of another key: the client's.
        String otherKey = LoopbackSshServer.sha256(ssh.clientKey().publicKey());
        CurlError e = OwnerLoop.failure(new CollectingTransfer(server().sftpUrl("k.txt"),
                password().andThen(h -> h.setopt(CurlOpt.byName("SSH_HOST_PUBLIC_KEY_SHA256"), otherKey))));
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", e.codeName());
        // libcurl names the fingerprint it computed: the one the test server hands out.
        assertTrue(e.detail().contains("mismatch sha256 fingerprint. Remote " + server().hostKeySha256()), e.detail());
    }

    /** The bytes a transfer on a Multi of its own downloads. */
    private static byte[] download(String url, Consumer<ConfigHandle> options) {
        return OwnerLoop.result(new CollectingTransfer(url, options)).body();
    }
}
