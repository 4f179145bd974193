package org.konnect.curl.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * A freshly generated RSA key pair for SSH public-key authentication, written as the two files
 * libcurl's {@code CURLOPT_SSH_PRIVATE_KEYFILE} and {@code CURLOPT_SSH_PUBLIC_KEYFILE} take.
 *
 * <p>The private key is in the traditional PEM form ({@code -----BEGIN RSA PRIVATE KEY-----},
 * PKCS#1, unencrypted), which libssh2 1.10 reads (built on OpenSSL, through OpenSSL's PEM reader),
 * as later versions do; the public key is one OpenSSH line ({@code ssh-rsa AAAA... comment}).
 * RSA, because every libssh2 offers it; 1.10 signs with {@code ssh-rsa} (SHA-1), which
 * {@link LoopbackSshServer} accepts.
 */
public final class SshClientKey {
    private final KeyPair keyPair;
    private final Path privateKeyFile;
    private final Path publicKeyFile;

    private SshClientKey(KeyPair keyPair, Path privateKeyFile, Path publicKeyFile) {
        this.keyPair = keyPair;
        this.privateKeyFile = privateKeyFile;
        this.publicKeyFile = publicKeyFile;
    }

    /**
     * Generates a 2048-bit RSA key pair and writes it into {@code directory} as {@code id_rsa}
     * (owner-readable only, as SSH clients expect) and {@code id_rsa.pub}.
     *
     * @param directory an existing directory that the caller deletes when done
     * @return the key and its files
     */
    public static SshClientKey generate(Path directory) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path privateFile = directory.resolve("id_rsa");
            Path publicFile = directory.resolve("id_rsa.pub");
            try (Writer out = Files.newBufferedWriter(privateFile, StandardCharsets.US_ASCII);
                 JcaPEMWriter pem = new JcaPEMWriter(out)) {
                // A java.security RSA private key comes out as "RSA PRIVATE KEY" (PKCS#1), not PKCS#8.
                pem.writeObject(pair.getPrivate());
            }
            Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(publicFile, PublicKeyEntry.toString(pair.getPublic()) + " konnect-test\n", StandardCharsets.US_ASCII);
            return new SshClientKey(pair, privateFile, publicFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SSH client key into " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }

    /**
     * The public key, which a server authorises.
     *
     * @return the RSA public key
     */
    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /**
     * The private key file, PEM ({@code BEGIN RSA PRIVATE KEY}), unencrypted.
     *
     * @return the path of {@code id_rsa}
     */
    public Path privateKeyFile() {
        return privateKeyFile;
    }

    /**
     * The public key file, one OpenSSH {@code ssh-rsa} line.
     *
     * @return the path of {@code id_rsa.pub}
     */
    public Path publicKeyFile() {
        return publicKeyFile;
    }
}
