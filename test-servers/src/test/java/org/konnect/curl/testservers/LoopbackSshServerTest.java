package org.konnect.curl.testservers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The host-key forms the SSH server hands out agree with MINA's own, its threads are daemons
 * that end with close(), and the client key files have the shapes libssh2 reads.
 */
class LoopbackSshServerTest {
    @TempDir
    Path dir;

    @Test
    void fingerprintAndKnownHostsLineDescribeTheHostKey() throws Exception {
        try (LoopbackSshServer server = LoopbackSshServer.start()) {
            assertEquals(KeyUtils.getFingerPrint(BuiltinDigests.sha256, server.hostKey()), "SHA256:" + server.hostKeySha256());
            assertEquals(43, server.hostKeySha256().length());
            String line = server.knownHostsLine();
            String prefix = "[127.0.0.1]:" + server.port() + " ";
            assertTrue(line.startsWith(prefix + "ecdsa-sha2-nistp256 "), line);
            assertTrue(KeyUtils.compareKeys(server.hostKey(),
                    PublicKeyEntry.parsePublicKeyEntry(line.substring(prefix.length())).resolvePublicKey(null, null, null)));
            assertEquals(line + "\n", Files.readString(server.writeKnownHosts(dir.resolve("known_hosts"))));
            String mismatching = server.mismatchingKnownHostsLine();
            assertTrue(mismatching.startsWith(prefix + "ecdsa-sha2-nistp256 "), mismatching);
            assertNotEquals(line, mismatching);
        }
    }

    @Test
    void closeEndsTheServersThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        LoopbackSshServer server = LoopbackSshServer.start();
        Set<Thread> started;
        try (Socket client = new Socket("127.0.0.1", server.port())) {
            // The server's identification line: a session is being served.
            assertTrue(client.getInputStream().read() >= 0);
            started = new HashSet<>(Thread.getAllStackTraces().keySet());
            started.removeAll(before);
            started.removeIf(t -> !t.getName().startsWith("sshd-"));
            assertFalse(started.isEmpty(), "no MINA threads found");
            for (Thread t : started) assertTrue(t.isDaemon(), t.getName() + " is not a daemon");
            server.close();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        for (Thread t : started) t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        assertEquals(Set.of(), started.stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet()));
        assertFalse(Files.exists(server.root()), "the root is deleted");
    }

    @ParameterizedTest
    @CsvSource({
        "RSA_PEM, id_rsa, -----BEGIN RSA PRIVATE KEY-----, ssh-rsa",
        "RSA_OPENSSH, id_rsa, -----BEGIN OPENSSH PRIVATE KEY-----, ssh-rsa",
        "ED25519_OPENSSH, id_ed25519, -----BEGIN OPENSSH PRIVATE KEY-----, ssh-ed25519",
    })
    void clientKeyFilesHaveTheirTypesForm(SshClientKey.Type type, String fileName, String privateHeader, String publicType)
            throws Exception {
        SshClientKey key = SshClientKey.generate(dir, type);
        assertEquals(dir.resolve(fileName), key.privateKeyFile());
        assertEquals(dir.resolve(fileName + ".pub"), key.publicKeyFile());
        String pem = Files.readString(key.privateKeyFile());
        assertTrue(pem.startsWith(privateHeader + "\n"), pem);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.privateKeyFile())));
        String pub = Files.readString(key.publicKeyFile()).trim();
        assertTrue(pub.startsWith(publicType + " ") && pub.endsWith(" konnect-test"), pub);
        assertTrue(KeyUtils.compareKeys(key.publicKey(), PublicKeyEntry.parsePublicKeyEntry(pub).resolvePublicKey(null, null, null)));
    }
}
