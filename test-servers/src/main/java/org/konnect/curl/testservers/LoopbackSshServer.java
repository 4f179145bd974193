package org.konnect.curl.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An in-process SSH server (Apache MINA SSHD) on {@code 127.0.0.1} and an ephemeral port, with
 * the SFTP subsystem and the SCP command, both confined to a fresh temporary directory that
 * they see as {@code /}. One user, {@link #USER}, signs in with {@link #PASSWORD} or with the
 * {@link SshClientKey} given to {@link #start(SshClientKey)}.
 *
 * <p>The host key is an ECDSA P-256 key generated at start, so nothing trusts it until a test
 * says so: {@link #knownHostsLine()} for {@code CURLOPT_SSH_KNOWNHOSTS}, {@link #hostKeySha256()}
 * for {@code CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256}. ECDSA rather than RSA: libssh2 before 1.11
 * verifies RSA host keys by {@code ssh-rsa} (SHA-1) signatures only, ECDSA ones the same way
 * in every version.
 */
public final class LoopbackSshServer implements AutoCloseable {
    /** The only user name the server knows. */
    public static final String USER = "tester";
    /** {@link #USER}'s password. */
    public static final String PASSWORD = "s3cret";

    private final SshServer sshd;
    private final Path root;
    private final PublicKey hostKey;

    private LoopbackSshServer(SshServer sshd, Path root, PublicKey hostKey) {
        this.sshd = sshd;
        this.root = root;
        this.hostKey = hostKey;
    }

    /**
     * Starts a server with an empty root directory and password authentication only.
     *
     * @return the started server
     */
    public static LoopbackSshServer start() {
        return start(null);
    }

    /**
     * Starts a server with an empty root directory that also accepts {@code clientKey} for
     * {@link #USER} (public-key authentication).
     *
     * @param clientKey the key to authorise, or {@code null} for password authentication only
     * @return the started server
     */
    public static LoopbackSshServer start(SshClientKey clientKey) {
        Path root = null;
        try {
            root = Files.createTempDirectory("loopback-ssh-");
            KeyPair hostKeys = generateHostKey();
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost("127.0.0.1");
            sshd.setPort(0);
            sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKeys));
            sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
            sshd.setPublickeyAuthenticator((user, key, session) ->
                    clientKey != null && USER.equals(user) && KeyUtils.compareKeys(clientKey.publicKey(), key));
            // Without this, MINA offers keyboard-interactive too and answers it with the password check.
            sshd.setKeyboardInteractiveAuthenticator(null);
            sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
            sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
            sshd.setCommandFactory(new ScpCommandFactory.Builder().build());
            sshd.start();
            return new LoopbackSshServer(sshd, root, hostKeys.getPublic());
        } catch (IOException e) {
            if (root != null) TempTrees.delete(root);
            throw new UncheckedIOException("cannot start the loopback SSH server", e);
        }
    }

    private static KeyPair generateHostKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an ECDSA host key", e);
        }
    }

    /**
     * The port the server listens on.
     *
     * @return the ephemeral port on {@code 127.0.0.1}
     */
    public int port() {
        return sshd.getPort();
    }

    /**
     * An SFTP URL of a path under the root.
     *
     * @param path relative to the root, without a leading slash; ending with {@code /} for a directory listing
     * @return {@code "sftp://127.0.0.1:PORT/" + path}
     */
    public String sftpUrl(String path) {
        return "sftp://127.0.0.1:" + port() + "/" + path;
    }

    /**
     * An SCP URL of a path under the root.
     *
     * @param path relative to the root, without a leading slash
     * @return {@code "scp://127.0.0.1:PORT/" + path}
     */
    public String scpUrl(String path) {
        return "scp://127.0.0.1:" + port() + "/" + path;
    }

    /**
     * The directory that SFTP and SCP see as {@code /}; deleted by {@link #close()}.
     *
     * @return the root directory
     */
    public Path root() {
        return root;
    }

    /**
     * The host's public key.
     *
     * @return the ECDSA P-256 public key the server presents
     */
    public PublicKey hostKey() {
        return hostKey;
    }

    /**
     * The host key as an OpenSSH {@code known_hosts} line. A host on a port other than 22 is
     * named {@code [host]:port} there, which is how libssh2 looks it up.
     *
     * @return {@code [127.0.0.1]:PORT ecdsa-sha2-nistp256 AAAA...}
     */
    public String knownHostsLine() {
        return knownHostsLine(hostKey);
    }

    /**
     * A {@code known_hosts} line that gives this server's name and port another key: a file
     * holding it makes a client that checks see a changed host key.
     *
     * @return the line, with a freshly generated key of the same type
     */
    public String mismatchingKnownHostsLine() {
        return knownHostsLine(generateHostKey().getPublic());
    }

    private String knownHostsLine(PublicKey key) {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key);
    }

    /**
     * Writes a {@code known_hosts} file that trusts this server's host key.
     *
     * @param file the file to create or replace
     * @return {@code file}
     */
    public Path writeKnownHosts(Path file) {
        try {
            return Files.writeString(file, knownHostsLine() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The host key's SHA-256 fingerprint as {@code CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256} takes it:
     * base64 without padding of the SHA-256 of the key blob (what OpenSSH prints after
     * {@code SHA256:}).
     *
     * @return 43 base64 characters
     */
    public String hostKeySha256() {
        return sha256(hostKey);
    }

    /**
     * The SHA-256 fingerprint, in the form of {@link #hostKeySha256()}, of any SSH public key.
     *
     * @param key the public key
     * @return base64 without padding of the SHA-256 of its SSH wire encoding
     */
    public static String sha256(PublicKey key) {
        ByteArrayBuffer blob = new ByteArrayBuffer();
        blob.putRawPublicKey(key);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob.getCompactData());
            return Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** Stops the server at once, closing its sessions, and deletes {@link #root()}. */
    @Override
    public void close() {
        try {
            sshd.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the loopback SSH server", e);
        } finally {
            TempTrees.delete(root);
        }
    }

}
