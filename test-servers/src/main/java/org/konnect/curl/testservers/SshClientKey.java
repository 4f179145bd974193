package org.konnect.curl.testservers;

import java.io.IOException;
import java.io.OutputStream;
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
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * A freshly generated key pair for SSH public-key authentication, written as the two files
 * libcurl's {@code CURLOPT_SSH_PRIVATE_KEYFILE} and {@code CURLOPT_SSH_PUBLIC_KEYFILE} take:
 * the private key unencrypted, in one of the forms of {@link Type}, and the public key as one
 * OpenSSH line ({@code ssh-rsa AAAA... comment} or {@code ssh-ed25519 ...}).
 *
 * <p>libssh2 1.10 built on OpenSSL (what libcurl uses here) reads all of them: traditional PEM
 * through OpenSSL's PEM reader, the OpenSSH format with its own parser (since 1.9). With RSA it
 * signs by {@code ssh-rsa} (SHA-1), which {@link LoopbackSshServer} accepts.
 */
public final class SshClientKey {
    /** The kind of key and the form of its private key file. */
    public enum Type {
        /** RSA 2048, private key in traditional PEM ({@code BEGIN RSA PRIVATE KEY}, PKCS#1). */
        RSA_PEM("id_rsa"),
        /** RSA 2048, private key in OpenSSH's own format ({@code BEGIN OPENSSH PRIVATE KEY}). */
        RSA_OPENSSH("id_rsa"),
        /** Ed25519, private key in OpenSSH's own format, the only one OpenSSH writes for it. */
        ED25519_OPENSSH("id_ed25519");

        private final String fileName;

        Type(String fileName) {
            this.fileName = fileName;
        }
    }

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
        return generate(directory, Type.RSA_PEM);
    }

    /**
     * Generates a key pair of {@code type} and writes it into {@code directory} as
     * {@code id_rsa} or {@code id_ed25519} (owner-readable only) and the same name with
     * {@code .pub}.
     *
     * @param directory an existing directory that the caller deletes when done
     * @param type the key's algorithm and private key format
     * @return the key and its files
     */
    public static SshClientKey generate(Path directory, Type type) {
        try {
            KeyPair pair;
            if (type == Type.ED25519_OPENSSH) {
                pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                pair = generator.generateKeyPair();
            }
            Path privateFile = directory.resolve(type.fileName);
            Path publicFile = directory.resolve(type.fileName + ".pub");
            if (type == Type.RSA_PEM) {
                try (Writer out = Files.newBufferedWriter(privateFile, StandardCharsets.US_ASCII);
                     JcaPEMWriter pem = new JcaPEMWriter(out)) {
                    // A java.security RSA private key comes out as "RSA PRIVATE KEY" (PKCS#1), not PKCS#8.
                    pem.writeObject(pair.getPrivate());
                }
            } else {
                try (OutputStream out = Files.newOutputStream(privateFile)) {
                    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "konnect-test", null, out);
                }
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
