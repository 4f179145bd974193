package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.Multi;
import org.konnect.curl.testkit.LoopbackSshServer;
import org.konnect.curl.testkit.NoNativeLeaks;
import org.konnect.curl.testkit.SshClientKey;

/** SCP against Apache MINA SSHD: download and upload, password and key authentication, host-key checking. */
@ExtendWith(NoNativeLeaks.class)
class ScpTest {
    /** libcurl's {@code CURLSSH_AUTH_PUBLICKEY} bit (curl.h). */
    private static final int AUTH_PUBLICKEY = 1;

    @TempDir
    Path dir;
    SshClientKey clientKey;
    /** A server of each test's own: tests change its files. */
    LoopbackSshServer server;

    private LoopbackSshServer server() {
        if (server == null) {
            clientKey = SshClientKey.generate(dir);
            server = LoopbackSshServer.start(clientKey);
        }
        return server;
    }

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }

    private static byte[] random(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }

    @Test
    void downloadsWithPassword() throws Exception {
        byte[] content = random(400_000, 11);
        Files.write(server().root().resolve("data.bin"), content);
        try (Multi multi = Multi.open()) {
            byte[] body = SshTransfer.run(multi, new SshTransfer(server.scpUrl("data.bin"), h -> {
                h.setopt(CurlOpt.USERNAME, LoopbackSshServer.USER);
                h.setopt(CurlOpt.PASSWORD, LoopbackSshServer.PASSWORD);
                h.setopt(CurlOpt.byName("SSH_HOST_PUBLIC_KEY_SHA256"), server.hostKeySha256());
            }));
            assertArrayEquals(content, body);
        }
    }

    @Test
    void uploadsWithAPublicKeyAndKnownHosts() throws Exception {
        byte[] content = random(150_000, 12);
        Path knownHosts = server().writeKnownHosts(dir.resolve("known_hosts"));
        try (Multi multi = Multi.open()) {
            SshTransfer.run(multi, new SshTransfer(server.scpUrl("up.bin"), h -> {
                h.setopt(CurlOpt.USERNAME, LoopbackSshServer.USER);
                h.setopt(CurlOpt.byName("SSH_AUTH_TYPES"), AUTH_PUBLICKEY);
                h.setopt(CurlOpt.byName("SSH_PRIVATE_KEYFILE"), clientKey.privateKeyFile().toString());
                h.setopt(CurlOpt.byName("SSH_PUBLIC_KEYFILE"), clientKey.publicKeyFile().toString());
                h.setopt(CurlOpt.byName("SSH_KNOWNHOSTS"), knownHosts.toString());
                h.setopt(CurlOpt.UPLOAD, true);
                // SCP announces the file's size before its bytes: libcurl needs it up front.
                h.setopt(CurlOpt.INFILESIZE_LARGE, (long) content.length);
                h.setopt(CurlOpt.READFUNCTION, SshTransfer.uploading(content));
            }));
        }
        assertArrayEquals(content, Files.readAllBytes(server.root().resolve("up.bin")));
    }

    @Test
    void wrongPasswordIsLoginDenied() {
        try (Multi multi = Multi.open()) {
            CurlError e = SshTransfer.failure(multi, new SshTransfer(server().scpUrl("x"), h -> {
                h.setopt(CurlOpt.USERNAME, LoopbackSshServer.USER);
                h.setopt(CurlOpt.PASSWORD, "wrong");
                h.setopt(CurlOpt.byName("SSH_HOST_PUBLIC_KEY_SHA256"), server.hostKeySha256());
            }));
            assertEquals("CURLE_LOGIN_DENIED", e.codeName());
        }
    }

    @Test
    void aChangedHostKeyStopsTheUploadBeforeAnyByte() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server().mismatchingKnownHostsLine() + "\n");
        try (Multi multi = Multi.open()) {
            CurlError e = SshTransfer.failure(multi, new SshTransfer(server.scpUrl("never.bin"), h -> {
                h.setopt(CurlOpt.USERNAME, LoopbackSshServer.USER);
                h.setopt(CurlOpt.PASSWORD, LoopbackSshServer.PASSWORD);
                h.setopt(CurlOpt.byName("SSH_KNOWNHOSTS"), knownHosts.toString());
                h.setopt(CurlOpt.UPLOAD, true);
                h.setopt(CurlOpt.INFILESIZE_LARGE, 3L);
                h.setopt(CurlOpt.READFUNCTION, SshTransfer.uploading(new byte[] {1, 2, 3}));
            }));
            assertEquals("CURLE_PEER_FAILED_VERIFICATION", e.codeName());
        }
        assertFalse(Files.exists(server.root().resolve("never.bin")));
    }

    @Test
    void aMissingFileIsAnError() {
        try (Multi multi = Multi.open()) {
            CurlError e = SshTransfer.failure(multi, new SshTransfer(server().scpUrl("nothing-here.bin"), h -> {
                h.setopt(CurlOpt.USERNAME, LoopbackSshServer.USER);
                h.setopt(CurlOpt.PASSWORD, LoopbackSshServer.PASSWORD);
                h.setopt(CurlOpt.byName("SSH_HOST_PUBLIC_KEY_SHA256"), server.hostKeySha256());
            }));
            assertEquals("CURLE_REMOTE_FILE_NOT_FOUND", e.codeName());
        }
    }
}
