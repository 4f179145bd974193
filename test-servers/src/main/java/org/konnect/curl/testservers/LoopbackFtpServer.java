package org.konnect.curl.testservers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.filesystem.nativefs.NativeFileSystemFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.ssl.ClientAuth;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * An in-process FTP server, Apache FtpServer, on {@code 127.0.0.1} and an ephemeral port,
 * serving a fresh temporary directory as {@code /}, its data connections in passive mode on
 * ephemeral ports of 127.0.0.1, or in active mode to the port a client names ({@code PORT} or
 * {@code EPRT}, libcurl's {@code CURLOPT_FTPPORT}; the server connects from an ephemeral port, and
 * only to the client's own address).
 * Two users may log in, both with read and write access to the whole directory:
 * {@code anonymous} (any password, what a URL without credentials logs in as) and
 * {@link #USER} with the password {@link #PASSWORD}; any other password or user is refused
 * with {@code 530}.
 *
 * <p>Over TLS ({@link #startTls}) the server presents a certificate given to it: with
 * {@link TlsMode#EXPLICIT} a client upgrades the control connection by {@code AUTH TLS} (libcurl:
 * {@code CURLOPT_USE_SSL}) and protects the data connections by {@code PROT P}; with
 * {@link TlsMode#IMPLICIT} every connection is TLS from its first byte ({@code ftps://} URLs).
 *
 * <p>Each server has threads of its own, all daemons, which {@link #close()} ends after closing
 * every control and data connection; it also deletes the directory. (MINA's TLS filter runs its
 * handshake work on two daemon threads of its own, shared by the whole JVM and never ended.)
 */
public final class LoopbackFtpServer implements AutoCloseable {

    /** The user name of the user with a password. */
    public static final String USER = "konnect";
    /** {@link #USER}'s password. */
    public static final String PASSWORD = "konnect-secret";

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    /** How a client gets TLS from a server started by {@link #startTls}. */
    public enum TlsMode {
        /** Plain FTP until the client sends {@code AUTH TLS} (RFC 4217); {@code ftp://} URLs. */
        EXPLICIT,
        /** TLS from the first byte on every connection; {@code ftps://} URLs. */
        IMPLICIT
    }

    private final FtpServer server;
    private final FtpListener listener;
    private final Path root;
    private final TlsMode tls;
    private boolean closed;

    private LoopbackFtpServer(FtpServer server, FtpListener listener, Path root, TlsMode tls) {
        this.server = server;
        this.listener = listener;
        this.root = root;
        this.tls = tls;
    }

    /** Starts a plain FTP server with an empty temporary root directory. */
    public static LoopbackFtpServer start() {
        return start(null, null);
    }

    /**
     * Starts an FTPS server with an empty temporary root directory, presenting {@code certificate}
     * (e.g. {@link TestPki#server()}; a client trusts it by the PKI's CA).
     *
     * @param certificate the server's certificate and key
     * @param mode explicit ({@code AUTH TLS}) or implicit TLS
     * @return the started server
     */
    public static LoopbackFtpServer startTls(TestPki.Issued certificate, TlsMode mode) {
        if (certificate == null || mode == null) {
            throw new NullPointerException("a certificate and a TLS mode are required");
        }
        return start(certificate, mode);
    }

    private static LoopbackFtpServer start(TestPki.Issued certificate, TlsMode mode) {
        Path root = null;
        try {
            root = Files.createTempDirectory("loopback-ftp-");
            SSLContext context = certificate == null ? null : serverContext(certificate);
            SslConfiguration ssl = context == null ? null : new Tls(context, "TLSv1.3", "TLSv1.2");
            DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
            data.setActiveEnabled(true);
            data.setActiveLocalAddress(LOOPBACK);
            data.setActiveLocalPort(0);   // from an ephemeral port, not 20 (which needs privileges)
            data.setActiveIpCheck(true);   // only to the client's own address: no bounce to one it names
            data.setPassiveAddress(LOOPBACK);
            data.setPassivePorts("0");
            // TLS 1.2 on data connections: a TLS 1.3 server sends session tickets after the
            // handshake, which a client that only uploads never reads; closing the connection
            // with them unread resets it (RST), and the server may lose the upload's end (426).
            data.setSslConfiguration(context == null ? null : new Tls(context, "TLSv1.2"));
            data.setImplicitSsl(mode == TlsMode.IMPLICIT);
            FtpListener listener = new FtpListener(LOOPBACK, mode == TlsMode.IMPLICIT, ssl,
                    data.createDataConnectionConfiguration());

            FtpServerFactory factory = new FtpServerFactory();
            factory.addListener("default", listener);
            factory.setUserManager(users(root));
            NativeFileSystemFactory files = new NativeFileSystemFactory();
            files.setCreateHome(false);
            factory.setFileSystem(files);
            ConnectionConfigFactory connections = new ConnectionConfigFactory();
            connections.setAnonymousLoginEnabled(true);
            connections.setMaxLogins(1000);
            connections.setMaxAnonymousLogins(1000);
            connections.setMaxLoginFailures(10);
            connections.setLoginFailureDelay(0); // a refused password is answered at once
            factory.setConnectionConfig(connections.createConnectionConfig());

            FtpServer server = factory.createServer();
            server.start();
            return new LoopbackFtpServer(server, listener, root, mode);
        } catch (IOException | FtpException | RuntimeException e) {
            if (root != null) {
                TempTrees.delete(root);
            }
            throw new IllegalStateException("cannot start the loopback FTP server", e);
        }
    }

    private static UserManager users(Path root) throws FtpException {
        PropertiesUserManagerFactory factory = new PropertiesUserManagerFactory();
        factory.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        UserManager users = factory.createUserManager(); // no file: in memory
        List<Authority> readWrite = List.of(new WritePermission(), new ConcurrentLoginPermission(0, 0));
        for (String name : List.of("anonymous", USER)) {
            BaseUser user = new BaseUser();
            user.setName(name);
            user.setPassword(name.equals(USER) ? PASSWORD : "");
            user.setHomeDirectory(root.toAbsolutePath().toString());
            user.setAuthorities(readWrite);
            user.setEnabled(true);
            users.save(user);
        }
        return users;
    }

    /** The control port. */
    public int port() {
        return listener.getPort();
    }

    /**
     * {@code "ftp://127.0.0.1:PORT/" + path}, or {@code ftps://} on an implicit-TLS server;
     * {@code path} is relative to the root, without a leading slash.
     */
    public String url(String path) {
        return (tls == TlsMode.IMPLICIT ? "ftps" : "ftp") + "://127.0.0.1:" + port() + "/" + path;
    }

    /** The directory served as {@code /}; deleted by {@link #close()}. */
    public Path root() {
        return root;
    }

    /** How the server offers TLS, or {@code null} for a plain FTP server. */
    public TlsMode tlsMode() {
        return tls;
    }

    /** Number of TCP control connections accepted since start. */
    public int acceptedConnections() {
        return listener.acceptedConnections();
    }

    /** The threads the server started so far (for tests that check that {@link #close()} ends them). */
    Set<Thread> threads() {
        return listener.threads();
    }

    /** Closes every control and data connection and the listener, ends the threads and deletes {@link #root()}. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listener.stop(STOP_TIMEOUT);
        server.stop(); // what is left: the server's own bookkeeping
        TempTrees.delete(root);
    }


    private static SSLContext serverContext(TestPki.Issued certificate) {
        char[] password = "loopback".toCharArray(); // the key store never leaves this method
        try {
            KeyStore keys = certificate.keyStore(password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the FTP server's TLS", e);
        }
    }

    /** The server side of TLS: the certificate's context, the given protocol versions, no client certificates. */
    private static final class Tls implements SslConfiguration {
        private final SSLContext context;
        private final String[] protocols;

        Tls(SSLContext context, String... protocols) {
            this.context = context;
            this.protocols = protocols;
        }

        @Override
        public SSLSocketFactory getSocketFactory() {
            return context.getSocketFactory();
        }

        @Override
        public SSLContext getSSLContext() {
            return context;
        }

        @Override
        public SSLContext getSSLContext(String protocol) {
            return context;
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return null; // the JDK's defaults
        }

        @Override
        public String getEnabledProtocol() {
            return protocols[0];
        }

        @Override
        public String[] getEnabledProtocols() {
            return protocols.clone();
        }

        @Override
        public ClientAuth getClientAuth() {
            return ClientAuth.NONE;
        }
    }
}
