package org.konnect.curl.testservers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A throw-away PKI for TLS tests, generated in memory: a CA, and certificates it issued for a
 * server on 127.0.0.1/localhost (valid, expired, or for another host name) and for a client.
 * Keys are EC P-256. Every artefact is available in the encodings a TLS client may be given.
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    /** BouncyCastle's provider, used directly (not installed JVM-wide): the JDK has no AES/CBC/PKCS7Padding. */
    private static final org.bouncycastle.jce.provider.BouncyCastleProvider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private final Issued ca;
    private final Issued server;
    private final Issued expiredServer;
    private final Issued wrongHostServer;
    private final Issued client;

    private TestPki() throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        KeyPair caKeys = keyPair();
        // A distinct name per PKI: verifiers pick issuers by name, so two test CAs must not share one.
        X500Name caName = new X500Name("CN=Konnect Test CA " + SERIAL.incrementAndGet());
        X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), caName, caKeys.getPublic());
        caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate caCert = sign(caBuilder, caKeys.getPrivate());
        ca = new Issued(caCert, caKeys.getPrivate(), null);

        server = issue("CN=127.0.0.1", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
                KeyPurposeId.id_kp_serverAuth, new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost"));
        expiredServer = issue("CN=127.0.0.1", now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)),
                KeyPurposeId.id_kp_serverAuth, new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost"));
        wrongHostServer = issue("CN=wrong.example", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
                KeyPurposeId.id_kp_serverAuth, new GeneralName(GeneralName.dNSName, "wrong.example"));
        client = issue("CN=Konnect Test Client", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
                KeyPurposeId.id_kp_clientAuth);
    }

    /** Generates a new PKI (a fraction of a second). */
    public static TestPki create() {
        try {
            return new TestPki();
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the test PKI", e);
        }
    }

    public Issued ca() {
        return ca;
    }

    /** For 127.0.0.1 and localhost, valid now. */
    public Issued server() {
        return server;
    }

    /** For 127.0.0.1 and localhost, expired yesterday. */
    public Issued expiredServer() {
        return expiredServer;
    }

    /** Valid, but for {@code wrong.example} only. */
    public Issued wrongHostServer() {
        return wrongHostServer;
    }

    /** A client certificate (extended key usage clientAuth). */
    public Issued client() {
        return client;
    }

    private Issued issue(String subject, Instant from, Instant to, KeyPurposeId purpose, GeneralName... names)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.cert(), serial(), Date.from(from), Date.from(to),
                new X500Name(subject), keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        if (names.length > 0) b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        return new Issued(sign(b, ca.key()), keys.getPrivate(), ca.cert());
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    /** A certificate, its private key and its issuer (null for the CA itself), in every encoding. */
    public record Issued(X509Certificate cert, PrivateKey key, X509Certificate issuer) {
        public byte[] certDer() {
            try {
                return cert.getEncoded();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        public byte[] certPem() {
            return pem("CERTIFICATE", certDer());
        }

        /** Unencrypted PKCS#8. */
        public byte[] keyDer() {
            return key.getEncoded();
        }

        /** Unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}). */
        public byte[] keyPem() {
            return pem("PRIVATE KEY", keyDer());
        }

        /** Encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}, AES-256-CBC). */
        public byte[] encryptedKeyPem(char[] password) {
            PemObject pem = encryptedKey(password);
            return pem(pem.getType(), pem.getContent());
        }

        /** Encrypted PKCS#8, DER. */
        public byte[] encryptedKeyDer(char[] password) {
            return encryptedKey(password).getContent();
        }

        private PemObject encryptedKey(char[] password) {
            try {
                return new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(
                        org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC).setProvider(BC).setPassword(password).build()).generate();
            } catch (OperatorCreationException | IOException e) {
                throw new IllegalStateException("cannot encrypt the test key", e);
            }
        }

        /** PKCS#12 holding the key and the chain (this certificate, then its issuer). */
        public byte[] pkcs12(char[] password) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                keyStore(password).store(out, password);
                return out.toByteArray();
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot write the PKCS#12 file", e);
            }
        }

        /** An in-memory PKCS#12 key store with the key under alias "key". */
        public KeyStore keyStore(char[] password) {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                Certificate[] chain = issuer == null ? new Certificate[] {cert} : new Certificate[] {cert, issuer};
                ks.setKeyEntry("key", key, password, chain);
                return ks;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build the key store", e);
            }
        }

        /** A trust store holding this certificate only. */
        public KeyStore trustStore() {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setCertificateEntry("trusted", cert);
                return ks;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build the trust store", e);
            }
        }

        private static byte[] pem(String type, byte[] der) {
            StringWriter text = new StringWriter();
            try (PemWriter w = new PemWriter(text)) {
                w.writeObject(new PemObject(type, der));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

}
