package org.konnect.curl.protocols;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.testservers.LoopbackSshServer;
import org.konnect.curl.testservers.SshClientKey;

/**
 * The SFTP and SCP tests' server: one of each test's own (tests change its files), which knows a
 * client key generated for that test. Started on first use, so that a test which brings its own
 * server starts none; and because JUnit injects the {@code @TempDir} the key is written to only
 * after the test instance is built. Also the login options those tests share.
 */
final class OwnSshServer implements AutoCloseable {
    /** libcurl's {@code CURLSSH_AUTH_PUBLICKEY} and {@code CURLSSH_AUTH_PASSWORD} bits (curl.h). */
    static final int AUTH_PUBLICKEY = 1;
    static final int AUTH_PASSWORD = 2;

    private SshClientKey clientKey;
    private LoopbackSshServer server;

    /** The server, started with a new client key in {@code dir} if it is not running yet. */
    LoopbackSshServer in(Path dir) {
        if (server == null) {
            clientKey = SshClientKey.generate(dir);
            server = LoopbackSshServer.start(clientKey);
        }
        return server;
    }

    /** The key the server knows; only once {@link #in(Path)} has started it. */
    SshClientKey clientKey() {
        if (clientKey == null) throw new IllegalStateException("the server is not started");
        return clientKey;
    }

    @Override
    public void close() {
        if (server != null) server.close();
    }

    /** The test user with the test password. */
    static Consumer<ConfigHandle> password() {
        return h -> {
            h.setopt(CurlOpt.USERNAME, LoopbackSshServer.USER);
            h.setopt(CurlOpt.PASSWORD, LoopbackSshServer.PASSWORD);
        };
    }

    /** The test user, signing in with {@code key} only. */
    static Consumer<ConfigHandle> publicKey(SshClientKey key) {
        return h -> {
            h.setopt(CurlOpt.USERNAME, LoopbackSshServer.USER);
            h.setopt(CurlOpt.byName("SSH_AUTH_TYPES"), AUTH_PUBLICKEY);
            h.setopt(CurlOpt.byName("SSH_PRIVATE_KEYFILE"), key.privateKeyFile().toString());
            h.setopt(CurlOpt.byName("SSH_PUBLIC_KEYFILE"), key.publicKeyFile().toString());
        };
    }

    /** Accepts only {@code server}'s host key, by its SHA-256 fingerprint: libcurl's default is to check none. */
    static Consumer<ConfigHandle> pinned(LoopbackSshServer server) {
        return h -> h.setopt(CurlOpt.byName("SSH_HOST_PUBLIC_KEY_SHA256"), server.hostKeySha256());
    }

    /** Checks the host key against the known_hosts file {@code knownHosts}. */
    static Consumer<ConfigHandle> knownHosts(Path knownHosts) {
        return h -> h.setopt(CurlOpt.byName("SSH_KNOWNHOSTS"), knownHosts.toString());
    }
}
