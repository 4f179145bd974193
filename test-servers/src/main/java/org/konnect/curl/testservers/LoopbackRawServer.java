package org.konnect.curl.testservers;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A TCP server on {@code 127.0.0.1} and an ephemeral port that runs a scripted {@link Behaviour} for
 * every accepted connection, on its own daemon thread, to imitate broken or hostile HTTP servers.
 *
 * <p>It counts accepted connections and peer disconnects: a connection counts as disconnected when a
 * read on the socket's input stream (made by the behaviour) returns end-of-stream or fails while the
 * socket is still open on this side. The socket is closed when the behaviour returns, and
 * {@link #openConnections()} counts the accepted sockets not closed yet.
 */
public final class LoopbackRawServer implements AutoCloseable {

    /** What to do with one accepted connection. */
    @FunctionalInterface
    public interface Behaviour {
        /** Talks to the client on {@code s}; the server closes {@code s} afterwards. */
        void handle(Socket s) throws Exception;
    }

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] GARBAGE =
            "\u0000\u0001\u0002 this is not HTTP at all \u00ff\u00fe\r\n<<garbage>>\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1);

    private final TrackingServerSocket listener;
    private final Behaviour behaviour;
    private final ResourceTracker tracker = new ResourceTracker();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Object lock = new Object();
    private int disconnects; // guarded by lock
    private int closed; // guarded by lock

    private LoopbackRawServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        this.listener = new TrackingServerSocket(1024, loopback, this::peerDisconnected);
    }

    /** Starts a server that runs {@code behaviour} for each connection. */
    public static LoopbackRawServer start(Behaviour behaviour) {
        if (behaviour == null) {
            throw new NullPointerException("behaviour");
        }
        try {
            LoopbackRawServer server = new LoopbackRawServer(behaviour);
            server.tracker.track(server.listener);
            server.tracker.startThread("loopback-raw-accept-" + server.port(), server::acceptLoop);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the loopback raw server", e);
        }
    }

    private void acceptLoop() {
        while (!tracker.isClosed()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return; // closed; any other accept failure also ends the server rather than spinning
            }
            int n = accepted.incrementAndGet();
            if (!tracker.track(s)) {
                connectionClosed();
                continue;
            }
            boolean started = tracker.startThread("loopback-raw-" + port() + "-" + n, () -> {
                try {
                    behaviour.handle(s);
                } catch (Exception e) {
                    // a behaviour ending with an exception (client gone, server closing) is normal here
                } finally {
                    tracker.release(s);
                    connectionClosed();
                }
            });
            if (!started) {
                tracker.release(s);
                connectionClosed();
            }
        }
    }

    private void connectionClosed() {
        synchronized (lock) {
            closed++;
            lock.notifyAll();
        }
    }

    private void peerDisconnected() {
        synchronized (lock) {
            disconnects++;
            lock.notifyAll();
        }
    }

    /** The listening port. */
    public int port() {
        return listener.getLocalPort();
    }

    /** {@code "http://127.0.0.1:PORT" + path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Number of connections accepted since start. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Number of connections the peer has closed (as observed by a behaviour's reads). */
    public int disconnectsSeen() {
        synchronized (lock) {
            return disconnects;
        }
    }

    /** Number of accepted connections whose socket this server has not closed yet. */
    public int openConnections() {
        synchronized (lock) {
            return accepted.get() - closed;
        }
    }

    /**
     * Waits until at least {@code n} peer disconnects have been seen.
     *
     * @return true if that happened within {@code timeout}; false on timeout or if the calling
     *         thread was interrupted (its interrupt flag is then set again)
     */
    public boolean awaitDisconnects(int n, Duration timeout) {
        return awaitCondition(() -> disconnects >= n, timeout);
    }

    /**
     * Waits until every accepted connection is closed on this side: its behaviour returned (after
     * the peer went away, for the behaviours that wait for it) and the socket was closed.
     *
     * @return true if that happened within {@code timeout}; false on timeout or if the calling
     *         thread was interrupted (its interrupt flag is then set again)
     */
    public boolean awaitNoOpenConnections(Duration timeout) {
        return awaitCondition(() -> accepted.get() == closed, timeout);
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

    /** Closes the listener and every accepted socket, which ends all behaviour threads. */
    @Override
    public void close() {
        tracker.closeAll(JOIN_TIMEOUT);
    }

    // ---------------------------------------------------------------- ready-made behaviours

    /**
     * Reads the request head, answers {@code 200 OK} promising {@code contentLength} body bytes, sends
     * only the first {@code sendBytes} bytes of the pattern and closes the connection.
     */
    public static Behaviour closeMidBody(int contentLength, int sendBytes) {
        checkLengths(contentLength, sendBytes);
        return s -> {
            readRequestHead(s);
            sendHeadAndPattern(s, contentLength, sendBytes);
            s.shutdownOutput();
        };
    }

    /** Reads the request head and then sends nothing, blocking until the peer disconnects or the server closes. */
    public static Behaviour stall() {
        return s -> {
            readRequestHead(s);
            awaitPeerClose(s);
        };
    }

    /**
     * Like {@link #closeMidBody(int, int)}, but keeps the connection open after sending
     * {@code sendBytes} bytes, blocking until the peer disconnects or the server closes.
     */
    public static Behaviour respondThenStall(int contentLength, int sendBytes) {
        checkLengths(contentLength, sendBytes);
        return s -> {
            readRequestHead(s);
            sendHeadAndPattern(s, contentLength, sendBytes);
            awaitPeerClose(s);
        };
    }

    /** Reads the request head, answers with bytes that are not HTTP, and closes the connection. */
    public static Behaviour garbage() {
        return s -> {
            readRequestHead(s);
            OutputStream out = s.getOutputStream();
            out.write(GARBAGE);
            out.flush();
            s.shutdownOutput();
        };
    }

    // ---------------------------------------------------------------- helpers for behaviours

    /**
     * Reads an HTTP request head up to and including the empty line (CRLFCRLF, or LFLF) and returns it
     * (ISO-8859-1). Reads byte by byte, so no body bytes are consumed.
     *
     * @throws EOFException if the peer closes the connection first
     */
    public static String readRequestHead(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int last4 = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("peer closed the connection before the end of the request head");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a || (last4 & 0xffff) == 0x0a0a) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head longer than " + MAX_HEAD + " bytes");
            }
        }
    }

    /**
     * Reads a WebSocket upgrade request and answers {@code 101 Switching Protocols} with the
     * {@code Sec-WebSocket-Accept} of its key (RFC 6455 section 4.2.2); frames are the caller's
     * to write and read: a server that misbehaves after a good handshake.
     *
     * @throws IOException if the request has no {@code Sec-WebSocket-Key} or the socket fails
     */
    public static void acceptWebSocket(Socket s) throws IOException {
        acceptWebSocket(s, new byte[0]);
    }

    /**
     * As {@link #acceptWebSocket(Socket)}, with {@code firstFrames} written in the same write as the
     * {@code 101}, so that the client most likely reads them with the handshake's response.
     *
     * @throws IOException if the request has no {@code Sec-WebSocket-Key} or the socket fails
     */
    public static void acceptWebSocket(Socket s, byte[] firstFrames) throws IOException {
        String key = readRequestHead(s).lines()
                .filter(l -> l.regionMatches(true, 0, "sec-websocket-key:", 0, 18))
                .findFirst().orElseThrow(() -> new IOException("no Sec-WebSocket-Key in the request")).substring(18).trim();
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no SHA-1 in this JVM", e);
        }
        byte[] head = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + firstFrames.length);
        System.arraycopy(firstFrames, 0, all, head.length, firstFrames.length);
        OutputStream out = s.getOutputStream();
        out.write(all);
        out.flush();
    }

    /**
     * Blocks reading (and discarding) from {@code s} until the peer closes the connection or the
     * socket fails or is closed locally. Uses no CPU while waiting.
     */
    public static void awaitPeerClose(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] sink = new byte[4096];
        while (in.read(sink) >= 0) {
            // discard whatever the client still sends
        }
    }

    private static void sendHeadAndPattern(Socket s, int contentLength, int sendBytes) throws IOException {
        OutputStream out = s.getOutputStream();
        String head = "HTTP/1.1 200 OK\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Content-Length: " + contentLength + "\r\n"
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(PatternBytes.of(sendBytes));
        out.flush();
    }

    private static void checkLengths(int contentLength, int sendBytes) {
        if (contentLength < 0 || sendBytes < 0) {
            throw new IllegalArgumentException("lengths must not be negative");
        }
    }
}
