package org.konnect.curl.testservers;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import java.security.KeyStore;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.io.RateControl;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * An in-process Jetty 12 HTTP server on {@code 127.0.0.1} and an ephemeral port, speaking HTTP/1.1 and
 * h2c (HTTP/2 cleartext, both by prior knowledge and via {@code Upgrade: h2c}) on the same port.
 *
 * <p>Endpoints:
 * <ul>
 *   <li>{@code GET|HEAD /bytes/{n}[?chunk=K&delayMs=D]} – {@code n} bytes of {@link #pattern(int) the pattern},
 *       optionally in K-byte pieces with D ms pauses;</li>
 *   <li>{@code /echo} – any method; echoes the body, plus {@code X-Method}, {@code X-Body-Length} and
 *       {@code X-Echo-<Name>} for every request header {@code <Name>} that starts with {@code X-}, and for {@code Authorization};</li>
 *   <li>{@code /digest} – any method; reads the body and answers {@code "<METHOD> <length> pattern|other"}
 *       (whether the body is {@link #pattern(int) the pattern});</li>
 *   <li>{@code /slow-read/{delayMs}} – any method; reads the body one chunk at a time, waiting
 *       {@code delayMs} after each before it asks for the next (a slow consumer of uploads; see
 *       {@link #awaitBodyBytesRead}), and answers {@code "read <length>"};</li>
 *   <li>{@code /status/{code}} – that status with body {@code "status <code>"};</li>
 *   <li>{@code /protocol} – the request protocol as Jetty reports it ({@code HTTP/1.1}, {@code HTTP/2.0});</li>
 *   <li>{@code /redirect?to=<url>} – 302 to {@code url};</li>
 *   <li>{@code /drip/{n}} – {@code n} pattern bytes, 1 KiB every 20 ms, stopping when the client goes away;</li>
 *   <li>{@code /gzip-zeros/{n}} – {@code n} zero bytes, gzip-encoded: a decompression bomb;</li>
 *   <li>{@code /encoded/{n}[?steps=gzip,deflate,rawdeflate,identity&header=H&members=M&truncate=T&corrupt=I]} –
 *       {@code n} pattern bytes through a chain of content codings, optionally in M gzip members, with
 *       another {@code Content-Encoding} header, the last T bytes cut off or byte I inverted
 *       ({@code corruptFromEnd=I}: counted back from the last byte);</li>
 *   <li>anything else – 404.</li>
 * </ul>
 * All handlers are non-blocking, so the server copes with about a thousand concurrent requests.
 * {@link #startTls} serves the same endpoints over HTTPS instead, with HTTP/2 and HTTP/1.1
 * offered by ALPN and, optionally, client certificates required.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    private static final int MAX_THREADS = 256;
    private static final int ACCEPT_QUEUE = 1024;
    private static final int MAX_H2_STREAMS = 1024;
    /**
     * Jetty's HTTP/2 rate control (a DoS guard on frames it finds suspicious, 50 or so a second by
     * default) closed the connection under libcurl 8.14.1 with 100 streams of 20 KB on it: about
     * one run in ten, every stream then in flight failed with CURLE_SEND_ERROR "Broken pipe"
     * (bench's TlsSmokeTest in CI; 0 of 120 runs on 7.88.1, 0 of 120 on 8.14.1 without it). A
     * loopback test server has no attacker to guard against, so it has no rate control.
     */
    private static final RateControl.Factory NO_RATE_CONTROL = new RateControl.Factory() { };

    private final Server server;
    private final ServerConnector connector;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bodyBytesSent = new AtomicLong();
    /** Request body bytes {@code /slow-read} has taken; guarded by {@link #lock}. */
    private long bodyBytesRead;
    private final Object lock = new Object();
    /** Open TCP channels; guarded by {@link #lock}. */
    private final Set<SelectableChannel> open = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The bound port, remembered so that it stays known after close(). */
    private volatile int port = -1;
    /** Channels ever accepted; guarded by {@link #lock}. */
    private int accepted;
    /** Streamed /bytes and /drip responses in progress; guarded by {@link #lock}. */
    private int transfers;
    /** Streamed responses whose current write waits for the socket (see {@link #awaitBlockedWrite}); guarded by {@link #lock}. */
    private int blockedWrites;

    /**
     * How a {@link #startTls TLS server} identifies itself: a key store with its key and
     * chain, and, to require client certificates, the trust store that verifies them.
     */
    public record Tls(KeyStore keyStore, char[] password, KeyStore clientTrust) {}

    private final boolean secure;

    private LoopbackHttpServer(Tls tls) {
        this.secure = tls != null;
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8);
        threads.setName("loopback-http");
        threads.setDaemon(true);
        server = new Server(threads, new ScheduledExecutorScheduler("loopback-http-scheduler", true), null);
        server.setStopTimeout(0);

        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        HttpConnectionFactory http11 = new HttpConnectionFactory(config);
        HTTP2CServerConnectionFactory h2c = new BodySafeH2cConnectionFactory(config);
        h2c.setMaxConcurrentStreams(MAX_H2_STREAMS);
        h2c.setRateControlFactory(NO_RATE_CONTROL);

        connector = new ServerConnector(server, 1, -1, tls == null
                ? new ConnectionFactory[] {http11, h2c} : tlsFactories(tls, config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        connector.setReuseAddress(true);
        // Counts TCP connections, not Jetty Connection objects: an h2c upgrade replaces the
        // HTTP/1.1 Connection on the same socket, which must not count twice.
        connector.getSelectorManager().addEventListener(new SelectorManager.AcceptListener() {
            @Override
            public void onAccepted(SelectableChannel channel) {
                synchronized (lock) {
                    if (open.add(channel)) {
                        accepted++;
                        lock.notifyAll();
                    }
                }
            }

            @Override
            public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
                onClosed(channel);
            }

            @Override
            public void onClosed(SelectableChannel channel) {
                synchronized (lock) {
                    if (open.remove(channel)) {
                        lock.notifyAll();
                    }
                }
            }
        });
        server.addConnector(connector);
        server.setHandler(new HttpRoutes(requests, new TransferGauge() {
            @Override
            public void started() {
                synchronized (lock) {
                    transfers++;
                    lock.notifyAll();
                }
            }

            @Override
            public void finished() {
                synchronized (lock) {
                    transfers--;
                    lock.notifyAll();
                }
            }

            @Override
            public void sent(int bytes) {
                bodyBytesSent.addAndGet(bytes);
            }

            @Override
            public void blocked(boolean blocked) {
                synchronized (lock) {
                    blockedWrites += blocked ? 1 : -1;
                    lock.notifyAll();
                }
            }

            @Override
            public void read(int bytes) {
                synchronized (lock) {
                    bodyBytesRead += bytes;
                    lock.notifyAll();
                }
            }
        }));
    }

    private static ConnectionFactory[] tlsFactories(Tls tls, HttpConfiguration plain) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(new String(tls.password()));
        ssl.setKeyManagerPassword(new String(tls.password()));
        if (tls.clientTrust() != null) {
            ssl.setTrustStore(tls.clientTrust());
            ssl.setNeedClientAuth(true);
        }
        HttpConfiguration config = new HttpConfiguration(plain);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);   // tests also connect to 127.0.0.1, which sends no SNI
        config.addCustomizer(secure);
        HttpConnectionFactory http11 = new HttpConnectionFactory(config);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
        h2.setMaxConcurrentStreams(MAX_H2_STREAMS);
        h2.setRateControlFactory(NO_RATE_CONTROL);
        // ALPN names are case-sensitive: "http/1.1", not the factory's protocol name "HTTP/1.1" (with
        // that, a client offering only http/1.1 failed the handshake: "No matching application layer protocol").
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), "http/1.1");
        alpn.setDefaultProtocol(http11.getProtocol());
        return new ConnectionFactory[] {new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, http11};
    }

    /** Starts a server on 127.0.0.1 and an ephemeral port. */
    public static LoopbackHttpServer start() {
        return start(null);
    }

    /** Starts an HTTPS server (h2 and http/1.1 by ALPN) on 127.0.0.1 and an ephemeral port. */
    public static LoopbackHttpServer startTls(Tls tls) {
        return start(java.util.Objects.requireNonNull(tls, "tls"));
    }

    private static LoopbackHttpServer start(Tls tls) {
        LoopbackHttpServer s = new LoopbackHttpServer(tls);
        try {
            s.server.start();
            s.port = s.connector.getLocalPort();
        } catch (Exception e) {
            s.close();
            throw new IllegalStateException("cannot start the loopback HTTP server", e);
        }
        return s;
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** {@code "http(s)://127.0.0.1:PORT" + pathAndQuery}; {@code pathAndQuery} should start with {@code /}. */
    public String url(String pathAndQuery) {
        return (secure ? "https" : "http") + "://127.0.0.1:" + port() + pathAndQuery;
    }

    /** The same URL with host name {@code localhost} (for certificate host-name checks). */
    public String localhostUrl(String pathAndQuery) {
        return (secure ? "https" : "http") + "://localhost:" + port() + pathAndQuery;
    }

    /** Number of TCP connections accepted since start; each counts once, whatever protocol it speaks. */
    public int acceptedConnections() {
        synchronized (lock) {
            return accepted;
        }
    }

    /**
     * Body bytes the {@code /bytes} and {@code /drip} routes have handed to their connections so
     * far (a write in progress included): when a client stops reading, this stops growing once
     * the socket buffers are full.
     */
    public long bodyBytesSent() {
        return bodyBytesSent.get();
    }

    /**
     * Waits until a streamed {@code /bytes} or {@code /drip} response has a blocked write: one that
     * the connection did not take when it was made, because its send buffer was full (the client
     * reads slower than the server writes, or not at all). A client that has stopped reading gets
     * one for good, once the socket buffers between them are full.
     *
     * @return {@link #bodyBytesSent()} at that moment, or -1 if no write blocked within
     *         {@code timeout} or the calling thread was interrupted (its interrupt flag is then set again)
     */
    public long awaitBlockedWrite(Duration timeout) {
        synchronized (lock) {
            return awaitCondition(() -> blockedWrites > 0, timeout) ? bodyBytesSent.get() : -1;
        }
    }

    /**
     * Waits until {@code /slow-read} has taken at least {@code bytes} request body bytes in all.
     *
     * @return the bytes taken by then, or -1 if fewer came within {@code timeout} or the calling
     *         thread was interrupted (its interrupt flag is then set again)
     */
    public long awaitBodyBytesRead(long bytes, Duration timeout) {
        synchronized (lock) {
            return awaitCondition(() -> bodyBytesRead >= bytes, timeout) ? bodyBytesRead : -1;
        }
    }

    /** Number of TCP connections currently open. */
    public int activeConnections() {
        synchronized (lock) {
            return open.size();
        }
    }

    /**
     * Waits until exactly {@code n} connections are open.
     *
     * @return true if that happened within {@code timeout}; false on timeout or if the calling
     *         thread was interrupted (its interrupt flag is then set again)
     */
    public boolean awaitActiveConnections(int n, Duration timeout) {
        return awaitCondition(() -> open.size() == n, timeout);
    }

    /**
     * Number of {@code /bytes} and {@code /drip} response bodies being streamed right now; a transfer
     * ends when its last byte was written or when the server noticed that the client went away
     * (connection closed, HTTP/2 stream reset).
     */
    public int activeTransfers() {
        synchronized (lock) {
            return transfers;
        }
    }

    /**
     * Waits until exactly {@code n} transfers (see {@link #activeTransfers()}) are in progress.
     *
     * @return true if that happened within {@code timeout}; false on timeout or if the calling
     *         thread was interrupted (its interrupt flag is then set again)
     */
    public boolean awaitActiveTransfers(int n, Duration timeout) {
        return awaitCondition(() -> transfers == n, timeout);
    }

    private boolean awaitCondition(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Number of requests (HTTP/1.1 requests and HTTP/2 streams) handled since start. */
    public long requestCount() {
        return requests.get();
    }

    /** The first {@code n} bytes of the pattern served by {@code /bytes} and {@code /drip}: byte i = (byte) (i % 251). */
    public static byte[] pattern(int n) {
        return PatternBytes.of(n);
    }

    /** True if {@code data} equals {@link #pattern(int) pattern(data.length)}. */
    public static boolean isPattern(byte[] data) {
        return PatternBytes.matches(data);
    }

    /** Stops the server, closing the listener, every open connection and all its threads. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the loopback HTTP server", e);
        }
    }
}
