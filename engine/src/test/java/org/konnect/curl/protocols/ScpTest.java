package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.konnect.curl.protocols.OwnSshServer.knownHosts;
import static org.konnect.curl.protocols.OwnSshServer.password;
import static org.konnect.curl.protocols.OwnSshServer.pinned;
import static org.konnect.curl.protocols.OwnSshServer.publicKey;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.testservers.LoopbackSshServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/** SCP against Apache MINA SSHD: download and upload, password and key authentication, host-key checking. */
@ExtendWith(NoNativeLeaks.class)
class ScpTest {
    @TempDir
    Path dir;
    @AutoClose
    final OwnSshServer ssh = new OwnSshServer();

    private LoopbackSshServer server() {
        return ssh.in(dir);
    }

    @Test
    void downloadsWithPassword() throws Exception {
        byte[] content = RandomBytes.of(400_000, 11);
        Files.write(server().root().resolve("data.bin"), content);
        byte[] body = OwnerLoop.result(new CollectingTransfer(server().scpUrl("data.bin"), password().andThen(pinned(server())))).body();
        assertArrayEquals(content, body);
    }

    @Test
    void uploadsWithAPublicKeyAndKnownHosts() throws Exception {
        byte[] content = RandomBytes.of(150_000, 12);
        Path knownHosts = server().writeKnownHosts(dir.resolve("known_hosts"));
        OwnerLoop.result(new CollectingTransfer(server().scpUrl("up.bin"),
                publicKey(ssh.clientKey()).andThen(knownHosts(knownHosts)).andThen(h -> {
                    h.setopt(CurlOpt.UPLOAD, true);
                    // SCP announces the file's size before its bytes: libcurl needs it up front.
                    h.setopt(CurlOpt.INFILESIZE_LARGE, (long) content.length);
                    h.setopt(CurlOpt.READFUNCTION, CollectingTransfer.uploading(content));
                })));
        assertArrayEquals(content, Files.readAllBytes(server().root().resolve("up.bin")));
    }

    @Test
    void wrongPasswordIsLoginDenied() {
        CurlError e = OwnerLoop.failure(new CollectingTransfer(server().scpUrl("x"), h -> {
            h.setopt(CurlOpt.USERNAME, LoopbackSshServer.USER);
            h.setopt(CurlOpt.PASSWORD, "wrong");
            pinned(server()).accept(h);
        }));
        assertEquals("CURLE_LOGIN_DENIED", e.codeName());
    }

    @Test
    void aChangedHostKeyStopsTheUploadBeforeAnyByte() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server().mismatchingKnownHostsLine() + "\n");
        CurlError e = OwnerLoop.failure(new CollectingTransfer(server().scpUrl("never.bin"),
                password().andThen(knownHosts(knownHosts)).andThen(h -> {
                    h.setopt(CurlOpt.UPLOAD, true);
                    h.setopt(CurlOpt.INFILESIZE_LARGE, 3L);
                    h.setopt(CurlOpt.READFUNCTION, CollectingTransfer.uploading(new byte[] {1, 2, 3}));
                })));
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", e.codeName());
        assertFalse(Files.exists(server().root().resolve("never.bin")));
    }

    @Test
    void aMissingFileIsAnError() {
        CurlError e = OwnerLoop.failure(new CollectingTransfer(server().scpUrl("nothing-here.bin"), password().andThen(pinned(server()))));
        assertEquals("CURLE_REMOTE_FILE_NOT_FOUND", e.codeName());
    }
}
