package org.konnect.curl.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An HTTP proxy that only tunnels ({@code CONNECT}): Jetty's own {@link ConnectHandler}, on
 * 127.0.0.1. It keeps the address of each tunnel asked for, and can require Basic credentials
 * (a 407 otherwise).
 */
final class ConnectProxy implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final Queue<String> tunnels = new ConcurrentLinkedQueue<>();

    private ConnectProxy(String user, String password) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("connect-proxy");
        threads.setDaemon(true);
        server = new Server(threads);
        server.setStopTimeout(0);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        String expected = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server.setHandler(new ConnectHandler() {
            @Override
            protected boolean handleAuthentication(Request request, Response response, String address) {
                tunnels.add(address);
                return expected == null || expected.equals(request.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION));
            }
        });
    }

    static ConnectProxy start() {
        return started(new ConnectProxy(null, null));
    }

    static ConnectProxy startWithCredentials(String user, String password) {
        return started(new ConnectProxy(user, password));
    }

    private static ConnectProxy started(ConnectProxy p) {
        try {
            p.server.start();
        } catch (Exception e) {
            p.close();
            throw new IllegalStateException("cannot start the CONNECT proxy", e);
        }
        return p;
    }

    int port() {
        return connector.getLocalPort();
    }

    /** Every tunnel asked for, as host:port, in order. */
    java.util.List<String> tunnels() {
        return java.util.List.copyOf(tunnels);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the CONNECT proxy", e);
        }
    }
}
