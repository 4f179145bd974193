package org.konnect.curl.testkit;

import org.konnect.curl.Certificates;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.TestPki;

/**
 * A real HTTP server on {@code 127.0.0.1} and an ephemeral port, in the test's JVM, for
 * integration tests that want real sockets: HTTP/1.1 and h2c on one port ({@link #start()}), or
 * HTTPS with h2 and HTTP/1.1 by ALPN and a certificate from a CA made for it ({@link #startTls()};
 * {@link #trust} makes a transfer trust that CA). Jetty 12 underneath (the project's own test
 * server, {@code konnect-curl-test-servers}).
 *
 * <p>What it serves:
 * <ul>
 *   <li>{@code GET /bytes/{n}[?chunk=K&delayMs=D]}: {@code n} bytes of {@link #pattern(int)}, optionally in
 *       K-byte pieces D ms apart;</li>
 *   <li>{@code /echo}: any method; the request body back, with {@code X-Method}, {@code X-Body-Length}
 *       and {@code X-Echo-<Name>} for each request header {@code X-<Name>};</li>
 *   <li>{@code /status/{code}}: that status, with the body {@code "status <code>"};</li>
 *   <li>{@code /redirect?to=<url>}: a 302 to {@code url};</li>
 *   <li>{@code /drip/{n}}: {@code n} pattern bytes, 1 KiB every 20 ms, until the client goes away;</li>
 *   <li>{@code /protocol}: the request's protocol as the server saw it ({@code HTTP/1.1}, {@code HTTP/2.0});</li>
 *   <li>anything else: 404.</li>
 * </ul>
 */
public final class TestHttpServer implements AutoCloseable {
    private static final char[] KEY_STORE_PASSWORD = "testkit".toCharArray();

    private final LoopbackHttpServer server;
    private final TestPki pki;

    private TestHttpServer(LoopbackHttpServer server, TestPki pki) {
        this.server = server;
        this.pki = pki;
    }

    /**
     * Starts an HTTP/1.1 and h2c server (prior knowledge and {@code Upgrade: h2c}).
     *
     * @return the started server; close it when done
     */
    public static TestHttpServer start() {
        return new TestHttpServer(LoopbackHttpServer.start(), null);
    }

    /**
     * Starts an HTTPS server (h2 and HTTP/1.1 by ALPN) whose certificate, for 127.0.0.1 and
     * localhost, comes from a CA generated for this server.
     *
     * @return the started server; close it when done
     */
    public static TestHttpServer startTls() {
        TestPki pki = TestPki.create();
        return new TestHttpServer(LoopbackHttpServer.startTls(new LoopbackHttpServer.Tls(
                pki.server().keyStore(KEY_STORE_PASSWORD), KEY_STORE_PASSWORD, null)), pki);
    }

    /**
     * A URL of this server.
     *
     * @param pathAndQuery starting with {@code /}, e.g. {@code "/bytes/1024"}
     * @return {@code http://127.0.0.1:PORT} (or {@code https://}) and {@code pathAndQuery}
     */
    public String url(String pathAndQuery) {
        return server.url(pathAndQuery);
    }

    /**
     * The port it listens on.
     *
     * @return the port
     */
    public int port() {
        return server.port();
    }

    /**
     * Whether it serves HTTPS.
     *
     * @return {@code true} for a server from {@link #startTls()}
     */
    public boolean isTls() {
        return pki != null;
    }

    /**
     * The certificate of the CA that issued this server's, in PEM.
     *
     * @return the PEM bytes
     * @throws IllegalStateException for a plain HTTP server
     */
    public byte[] caCertificatePem() {
        if (pki == null) throw new IllegalStateException("TestHttpServer: " + url("/") + " is plain HTTP and has no CA");
        return pki.ca().certPem();
    }

    /**
     * Makes a transfer trust this server's CA; call it from {@code configureHandle}.
     *
     * @param handle the transfer's handle
     * @throws IllegalStateException for a plain HTTP server
     */
    public void trust(ConfigHandle handle) {
        Certificates.addCaCertificates(handle, caCertificatePem());
    }

    /**
     * TCP connections accepted since start (one per connection, whatever it spoke).
     *
     * @return the count
     */
    public int acceptedConnections() {
        return server.acceptedConnections();
    }

    /**
     * Requests (HTTP/1.1 requests and HTTP/2 streams) handled since start.
     *
     * @return the count
     */
    public long requestCount() {
        return server.requestCount();
    }

    /**
     * The bytes {@code /bytes/{n}} and {@code /drip/{n}} serve.
     *
     * @param n how many
     * @return byte {@code i} is {@code (byte) (i % 251)}
     */
    public static byte[] pattern(int n) {
        return LoopbackHttpServer.pattern(n);
    }

    /** Stops the server and closes its connections. */
    @Override
    public void close() {
        server.close();
    }
}
