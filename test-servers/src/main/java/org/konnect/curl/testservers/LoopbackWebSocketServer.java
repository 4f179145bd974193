package org.konnect.curl.testservers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * An in-process Jetty 12 WebSocket server (its core API, no servlets) on {@code 127.0.0.1} and an
 * ephemeral port, plain ({@code ws://}) or over TLS ({@code wss://}). Every endpoint reads one
 * message at a time (it demands the next only once it has handled one), so a client that does not
 * read stops it, as TCP would.
 *
 * <ul>
 *   <li>{@code /echo}: sends every text and binary message back as it came (whole, up to 64 MiB);</li>
 *   <li>{@code /fragments}: at once a text message in three frames ({@code "ab"}, {@code "cd"},
 *       {@code "ef"}) and a binary one in two (bytes 0-2, 3-5), then echoes like {@code /echo};</li>
 *   <li>{@code /ping}: at once a ping with payload {@code "are you there"}; when the pong comes,
 *       a text message {@code "pong: <its payload>"}; then echoes;</li>
 *   <li>{@code /close?code=C&reason=R}: at once a text message {@code "bye"}, then a close frame
 *       with C and R;</li>
 *   <li>{@code /drop}: at once a text message {@code "going"}, then the TCP connection closed
 *       without a close frame;</li>
 *   <li>{@code /sink}: reads every message and answers none, so a client's session stays
 *       quiet after its handshake (nothing it receives can race what a test does next);</li>
 *   <li>{@code /stream?messages=N&size=S}: N binary messages of S pattern bytes, each sent once
 *       the one before is written, counted in {@link #streamedBytes()}.</li>
 * </ul>
 * {@link #awaitClose} waits for the close frame a client sends, by the path and query of its session.
 */
public final class LoopbackWebSocketServer implements AutoCloseable {
    private static final long MAX_MESSAGE = 64L << 20;
    private final Server server;
    private final ServerConnector connector;
    private final boolean secure;
    private final List<String> closes = new ArrayList<>();
    private final AtomicLong streamedBytes = new AtomicLong();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> opened = new ConcurrentHashMap<>();

    private LoopbackWebSocketServer(KeyStore keyStore, char[] password) {
        this.secure = keyStore != null;
        QueuedThreadPool threads = new QueuedThreadPool(256, 8);
        threads.setName("loopback-ws");
        threads.setDaemon(true);
        server = new Server(threads);
        server.setStopTimeout(0);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        HttpConnectionFactory http = new HttpConnectionFactory(config);
        if (keyStore == null) {
            connector = new ServerConnector(server, 1, -1, http);
        } else {
            config.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(keyStore);
            ssl.setKeyStorePassword(new String(password));
            connector = new ServerConnector(server, 1, -1, new SslConnectionFactory(ssl, http.getProtocol()), http);
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(2048);
        connector.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(5));
            container.setMaxBinaryMessageSize(MAX_MESSAGE);
            container.setMaxTextMessageSize(MAX_MESSAGE);
            container.setMaxFrameSize(MAX_MESSAGE);
            container.setAutoFragment(false);
            container.addMapping("/*", (request, response, callback) -> new Endpoint(this, request));
        }));
    }

    /**
     * A plain ({@code ws://}) server, started.
     *
     * @return the server; close it when done
     */
    public static LoopbackWebSocketServer start() {
        return started(new LoopbackWebSocketServer(null, null));
    }

    /**
     * A {@code wss://} server presenting the key and chain in {@code keyStore}, started.
     *
     * @param keyStore the server's key and certificate chain (e.g. {@link TestPki#server()}'s)
     * @param password the key store's password
     * @return the server; close it when done
     */
    public static LoopbackWebSocketServer startTls(KeyStore keyStore, char[] password) {
        return started(new LoopbackWebSocketServer(keyStore, password));
    }

    private static LoopbackWebSocketServer started(LoopbackWebSocketServer s) {
        try {
            s.server.start();
        } catch (Exception e) {
            s.close();
            throw new IllegalStateException("cannot start the loopback WebSocket server", e);
        }
        return s;
    }

    /**
     * The port the server listens on.
     *
     * @return the bound port
     */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * The URL of {@code pathAndQuery} on this server.
     *
     * @param pathAndQuery e.g. {@code /echo}
     * @return {@code ws://127.0.0.1:port/...}, or {@code wss://localhost:port/...} for TLS (the test certificates' name)
     */
    public String url(String pathAndQuery) {
        return (secure ? "wss://localhost:" : "ws://127.0.0.1:") + connector.getLocalPort() + pathAndQuery;
    }

    /**
     * The close frame the client of the session at {@code pathAndQuery} sends (give each session a
     * query of its own to tell them apart), waiting for it; closes of other sessions are kept.
     *
     * @param pathAndQuery the session's path and query, e.g. {@code /echo?test=cancel}
     * @param timeout how long to wait
     * @return {@code "<code> <reason>"}, or null when none came in time
     * @throws InterruptedException when interrupted while waiting
     */
    public String awaitClose(String pathAndQuery, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (closes) {
            while (true) {
                for (String c : closes) {
                    if (c.startsWith(pathAndQuery + " ")) {
                        closes.remove(c);
                        return c.substring(pathAndQuery.length() + 1);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) return null;
                closes.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /**
     * Payload bytes {@code /stream} endpoints have written so far: it stops growing once a client stops reading.
     *
     * @return the bytes written
     */
    public long streamedBytes() {
        return streamedBytes.get();
    }

    /**
     * WebSocket sessions opened so far.
     *
     * @return the number of handshakes done
     */
    public int sessions() {
        return sessions.get();
    }

    /**
     * WebSocket sessions open now.
     *
     * @return sessions opened and not yet closed
     */
    public int openSessions() {
        return open.get();
    }

    /** The bytes 0, 1, 2, ... (mod 251) of the stream endpoint's messages. */
    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i % 251);
        return b;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the loopback WebSocket server", e);
        }
    }

    /**
     * One session: what happens depends on the path; every message is handled before the next is
     * demanded. Public only because Jetty calls its methods through a public lookup.
     */
    public static final class Endpoint implements Session.Listener {
        private final LoopbackWebSocketServer server;
        private final String path;
        private final String pathQuery;
        private final Fields query;
        private Session session;

        Endpoint(LoopbackWebSocketServer server, ServerUpgradeRequest request) {
            this.server = server;
            this.path = request.getHttpURI().getPath();
            this.pathQuery = request.getHttpURI().getPathQuery();
            this.query = org.eclipse.jetty.server.Request.extractQueryParameters(request);
        }

        @Override
        public void onWebSocketOpen(Session s) {
            this.session = s;
            server.sessions.incrementAndGet();
            server.open.incrementAndGet();
            server.opened.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            switch (path) {
                case "/fragments":
                    fragments(0);
                    break;
                case "/ping":
                    s.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)), Callback.from(s::demand, this::failed));
                    break;
                case "/close":
                    s.sendText("bye", Callback.from(() -> s.close(Integer.parseInt(query.getValue("code")), query.getValue("reason"),
                            Callback.NOOP), this::failed));
                    break;
                case "/drop":
                    s.sendText("going", Callback.from(s::disconnect, this::failed));
                    break;
                case "/stream":
                    stream(Integer.parseInt(query.getValue("messages")), pattern(Integer.parseInt(query.getValue("size"))));
                    break;
                default:
                    s.demand();
            }
        }

        /** The fragments of /fragments, each sent once the one before is written. */
        private void fragments(int i) {
            Callback next = Callback.from(() -> fragments(i + 1), this::failed);
            switch (i) {
                case 0: session.sendPartialText("ab", false, next); break;
                case 1: session.sendPartialText("cd", false, next); break;
                case 2: session.sendPartialText("ef", true, next); break;
                case 3: session.sendPartialBinary(ByteBuffer.wrap(new byte[] {0, 1, 2}), false, next); break;
                case 4: session.sendPartialBinary(ByteBuffer.wrap(new byte[] {3, 4, 5}), true, next); break;
                default: session.demand();
            }
        }

        private void stream(int left, byte[] message) {
            if (left == 0) {
                session.demand();
                return;
            }
            session.sendBinary(ByteBuffer.wrap(message), Callback.from(() -> {
                server.streamedBytes.addAndGet(message.length);
                stream(left - 1, message);
            }, this::failed));
        }

        private void failed(Throwable t) {
            // the client went away; nothing to answer
        }

        @Override
        public void onWebSocketText(String message) {
            if (path.equals("/sink")) {
                session.demand();
                return;
            }
            session.sendText(message, Callback.from(session::demand, this::failed));
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            if (path.equals("/sink")) {
                callback.succeed();
                session.demand();
                return;
            }
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            callback.succeed();
            session.sendBinary(copy, Callback.from(session::demand, this::failed));
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            String text = StandardCharsets.UTF_8.decode(payload).toString();
            session.sendText("pong: " + text, Callback.from(session::demand, this::failed));
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            // Jetty answers pings itself; the next frame is still demanded here
            session.demand();
        }

        @Override
        public void onWebSocketClose(int code, String reason, Callback callback) {
            synchronized (server.closes) {
                server.closes.add(pathQuery + " " + code + " " + reason);
                server.closes.notifyAll();
            }
            server.open.decrementAndGet();
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // ends the session; onWebSocketClose follows
        }
    }

    /**
     * Sessions opened per path so far.
     *
     * @return a copy, path to count
     */
    public Map<String, Integer> openedByPath() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        opened.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
