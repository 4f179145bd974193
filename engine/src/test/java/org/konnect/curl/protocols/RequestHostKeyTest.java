package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.Request;
import org.konnect.curl.testservers.LoopbackSshServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * The ready-made {@link Request} checks SSH host keys by default: against {@code ~/.ssh/known_hosts},
 * another known_hosts file, or a SHA-256 fingerprint. A freshly generated host key on an
 * ephemeral port is in no user's known_hosts, so the defaults refuse the test server.
 */
@ExtendWith(NoNativeLeaks.class)
class RequestHostKeyTest {
    /** A well-formed fingerprint (32 zero bytes) that no generated key has. */
    private static final String NO_KEYS_FINGERPRINT = "A".repeat(43);

    @TempDir
    Path dir;
    LoopbackSshServer server;
    byte[] content;

    @BeforeEach
    void startServer() throws Exception {
        server = LoopbackSshServer.start();
        content = new byte[70_000];
        new Random(21).nextBytes(content);
        Files.write(server.root().resolve("f.bin"), content);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Request sftp() {
        return Request.toMemory(server.sftpUrl("f.bin")).withCredentials(LoopbackSshServer.USER, LoopbackSshServer.PASSWORD);
    }

    private Request scp() {
        return Request.toMemory(server.scpUrl("f.bin")).withCredentials(LoopbackSshServer.USER, LoopbackSshServer.PASSWORD);
    }

    private static Request.Response run(Request request) {
        return OwnerLoop.result(request);
    }

    private static String failure(Request request) {
        return OwnerLoop.failure(request).codeName();
    }

    @Test
    void byDefaultAnUnknownHostIsRefused() {
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", failure(sftp()));
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", failure(scp()));
    }

    @Test
    void theDefaultIsTheUsersKnownHostsFile() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        // Without the file: refused. With the server's line in it: accepted.
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", withUserHome(home, () -> failure(sftp())));
        server.writeKnownHosts(Files.createDirectory(home.resolve(".ssh")).resolve("known_hosts"));
        assertArrayEquals(content, withUserHome(home, () -> run(sftp())).body());
    }

    /** Runs {@code action} with {@code user.home} set to {@code home}: Request reads it when a transfer starts. */
    private static <T> T withUserHome(Path home, Supplier<T> action) {
        String saved = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            return action.get();
        } finally {
            System.setProperty("user.home", saved);
        }
    }

    @Test
    void aKnownHostsFileThatListsTheHostIsAccepted() {
        Path knownHosts = server.writeKnownHosts(dir.resolve("known_hosts"));
        assertArrayEquals(content, run(sftp().withKnownHosts(knownHosts)).body());
        assertArrayEquals(content, run(scp().withKnownHosts(knownHosts)).body());
    }

    @Test
    void aKnownHostsFileWithAnotherKeyIsRefused() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.mismatchingKnownHostsLine() + "\n");
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", failure(sftp().withKnownHosts(knownHosts)));
    }

    @Test
    void theRightFingerprintIsAccepted() {
        assertArrayEquals(content, run(sftp().withHostKeySha256(server.hostKeySha256())).body());
        // As ssh-keygen -l prints it, and padded: the same fingerprint.
        assertArrayEquals(content, run(scp().withHostKeySha256("SHA256:" + server.hostKeySha256())).body());
        assertArrayEquals(content, run(sftp().withHostKeySha256(server.hostKeySha256() + "=")).body());
    }

    @Test
    void aFingerprintTakesPrecedenceOverKnownHosts() throws Exception {
        Path wrong = Files.writeString(dir.resolve("known_hosts"), server.mismatchingKnownHostsLine() + "\n");
        assertArrayEquals(content, run(sftp().withKnownHosts(wrong).withHostKeySha256(server.hostKeySha256())).body());
        Path right = server.writeKnownHosts(dir.resolve("right_known_hosts"));
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", failure(sftp().withHostKeySha256(NO_KEYS_FINGERPRINT).withKnownHosts(right)));
    }

    @Test
    void aWrongFingerprintIsRefused() {
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", failure(sftp().withHostKeySha256(NO_KEYS_FINGERPRINT)));
    }

    @Test
    void aMalformedFingerprintIsRejectedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> sftp().withHostKeySha256("not base64!"));
        assertThrows(IllegalArgumentException.class, () -> sftp().withHostKeySha256("AAAA"));
        assertThrows(NullPointerException.class, () -> sftp().withKnownHosts(null));
    }
}
