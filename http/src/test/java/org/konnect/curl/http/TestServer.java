package org.konnect.curl.http;

import java.nio.file.Path;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.DigestAuthenticator;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.security.Password;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12 on 127.0.0.1 (HTTP/1.1 and h2c) or on a UNIX domain socket, serving {@link TestRoutes};
 * {@code /digest/*} needs Digest credentials {@value #USER}/{@value #PASSWORD} (Jetty's own
 * {@code DigestAuthenticator}).
 */
final class TestServer implements AutoCloseable {
    static final String USER = "alice";
    static final String PASSWORD = "wonderland";

    private final Server server;
    private final AbstractConnector connector;
    private final TestRoutes routes = new TestRoutes();

    private TestServer(Path unixSocket) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("http-test-server");
        threads.setDaemon(true);
        server = new Server(threads);
        server.setStopTimeout(0);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        HttpConnectionFactory http11 = new HttpConnectionFactory(config);
        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
        if (unixSocket == null) {
            ServerConnector c = new ServerConnector(server, http11, h2c);
            c.setHost("127.0.0.1");
            c.setPort(0);
            connector = c;
        } else {
            UnixDomainServerConnector c = new UnixDomainServerConnector(server, http11);
            c.setUnixDomainPath(unixSocket);
            connector = c;
        }
        server.addConnector(connector);
        server.setHandler(digestGuard(routes));
    }

    private static SecurityHandler digestGuard(TestRoutes routes) {
        UserStore users = new UserStore();
        users.addUser(USER, new Password(PASSWORD), new String[] {"user"});
        HashLoginService login = new HashLoginService("konnect");
        login.setUserStore(users);
        SecurityHandler.PathMapped security = new SecurityHandler.PathMapped(routes);
        security.setLoginService(login);
        security.setAuthenticator(new DigestAuthenticator());
        security.put("/digest/*", Constraint.ANY_USER);
        return security;
    }

    static TestServer start() {
        return started(new TestServer(null));
    }

    static TestServer startUnix(Path socket) {
        return started(new TestServer(socket));
    }

    private static TestServer started(TestServer s) {
        try {
            s.server.start();
        } catch (Exception e) {
            s.close();
            throw new IllegalStateException("cannot start the test server", e);
        }
        return s;
    }

    int port() {
        return ((ServerConnector) connector).getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT} + path. */
    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    TestRoutes routes() {
        return routes;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the test server", e);
        }
    }
}
