package org.konnect.curl.testservers;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The certificate GreenMail's TLS services (SMTPS, IMAPS, POP3S) and the {@link StartTlsFront}s of
 * {@link LoopbackMailServer} present: a server certificate
 * for 127.0.0.1 and localhost issued by {@link #pki()}, a {@link TestPki} made once per JVM.
 *
 * <p>Why once per JVM: GreenMail takes its key store from the system properties
 * {@code greenmail.tls.keystore.file} and {@code greenmail.tls.keystore.password}, read when its
 * server socket factory is first used and never again. {@link LoopbackMailServer} installs them
 * before it starts GreenMail, and checks afterwards that GreenMail really uses this certificate,
 * so that a key store configured elsewhere in the JVM fails loudly instead of failing TLS tests.
 */
public final class MailTlsKeyStore {
    private static final String PASSWORD = "loopback-mail";

    /** Made on first use; the key store file holds its server certificate and key. */
    private static final class Holder {
        static final TestPki PKI = TestPki.create();
        static final Path FILE = write(PKI);
    }

    private MailTlsKeyStore() {
    }

    /** The PKI whose CA clients trust to verify the mail servers' TLS certificate (its {@link TestPki#server()}). */
    public static TestPki pki() {
        return Holder.PKI;
    }

    /** A TLS server context presenting the same certificate, for the {@link StartTlsFront}s. */
    static SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(pki().server().keyStore(PASSWORD.toCharArray()), PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the mail servers' TLS context", e);
        }
    }

    /** Points GreenMail at the key store file, unless something in this JVM has already pointed it elsewhere. */
    static synchronized void install() {
        String file = Holder.FILE.toString();
        if (System.getProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY) == null) {
            System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY, file);
            System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY, PASSWORD);
        }
    }

    /** Throws unless GreenMail's server socket factory holds {@link #pki()}'s server certificate. */
    static void checkInUse() {
        DummySSLServerSocketFactory factory = (DummySSLServerSocketFactory) DummySSLServerSocketFactory.getDefault();
        try {
            Certificate used = factory.getKeyStore().getCertificate("key");
            if (!pki().server().cert().equals(used)) {
                throw new IllegalStateException("GreenMail's TLS key store was configured elsewhere in this JVM (system property "
                        + DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY + "), not by the test servers");
            }
        } catch (KeyStoreException e) {
            throw new IllegalStateException("cannot read GreenMail's TLS key store", e);
        }
    }

    private static Path write(TestPki pki) {
        try {
            Path file = Files.createTempFile("loopback-mail-", ".p12");
            file.toFile().deleteOnExit();
            return Files.write(file, pki.server().pkcs12(PASSWORD.toCharArray()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the mail servers' key store", e);
        }
    }
}
