package org.konnect.curl;

import java.io.IOException;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Test server for what a {@link Share} holds: one port on two loopback addresses, 127.0.0.1 and
 * 127.0.0.2, so that which address a host name resolved to shows in the answer.
 * <ul>
 *   <li>{@code /where}: the address the request arrived on;</li>
 *   <li>{@code /set-cookie?NAME=VALUE}: answers with {@code Set-Cookie: NAME=VALUE};</li>
 *   <li>{@code /cookie}: the request's {@code Cookie} header, or nothing.</li>
 * </ul>
 */
final class SharingServer implements AutoCloseable {
    private final Server server;
    private final int port;

    private SharingServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts on an ephemeral port of 127.0.0.2 that is also free on 127.0.0.1. */
    static SharingServer start() throws Exception {
        for (int attempt = 0; ; attempt++) {
            QueuedThreadPool threads = new QueuedThreadPool(16, 2);
            threads.setDaemon(true);
            threads.setName("sharing-server");
            Server server = new Server(threads);
            ServerConnector second = connector(server, "127.0.0.2", 0);
            server.addConnector(second);
            server.setHandler(new Routes());
            second.open();
            ServerConnector first = connector(server, "127.0.0.1", second.getLocalPort());
            server.addConnector(first);
            try {
                first.open();
                server.start();
                return new SharingServer(server, second.getLocalPort());
            } catch (IOException e) {
                server.stop();
                if (!(e.getCause() instanceof BindException || e instanceof BindException) || attempt == 10) throw e;
            }
        }
    }

    private static ServerConnector connector(Server server, String host, int port) {
        ServerConnector c = new ServerConnector(server, 1, 1);
        c.setHost(host);
        c.setPort(port);
        return c;
    }

    int port() {
        return port;
    }

    /** {@code http://HOST:PORT/path}. */
    String url(String host, String path) {
        return "http://" + host + ":" + port + path;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            String body;
            if ("/where".equals(path)) {
                body = Request.getLocalAddr(request);
            } else if ("/set-cookie".equals(path)) {
                response.getHeaders().put(HttpHeader.SET_COOKIE, request.getHttpURI().getQuery() + "; Path=/");
                body = "set";
            } else if ("/cookie".equals(path)) {
                String cookie = request.getHeaders().get(HttpHeader.COOKIE);
                body = cookie == null ? "" : cookie;
            } else {
                response.setStatus(404);
                body = "not found";
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
            response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }
}
