package org.konnect.curl.testservers;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection of a {@link HostileHttpServer}, as an {@link HttpFault} sees it: the request
 * just read, ways to send bytes, and the ways a connection can end (closed, reset, silent,
 * paced). A fault that ends the connection makes it the last request; one that does not (a
 * redirect) leaves it open for the client's next request.
 */
public final class FaultConnection {

    private final Socket socket;
    private final OutputStream out;
    private final ScheduledExecutorService pacer;
    private String head;
    private boolean ended;

    FaultConnection(Socket socket, ScheduledExecutorService pacer) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.pacer = pacer;
    }

    /** Reads the next request head; {@code null} once the client has closed the connection. */
    String readRequest() throws IOException {
        try {
            head = LoopbackRawServer.readRequestHead(socket);
            return head;
        } catch (EOFException e) {
            return null;
        }
    }

    /** Whether the fault ended the connection, so no further request is read. */
    boolean ended() {
        return ended;
    }

    /** The request head, as read (ISO-8859-1, up to and including the empty line). */
    public String requestHead() {
        return head;
    }

    /** The request's {@code Host} header value (case-insensitive name), or {@code ""}. */
    public String host() {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("host:")) {
                return line.substring("host:".length()).trim();
            }
        }
        return "";
    }

    /** The port the client connected to. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Sends {@code text} (ISO-8859-1) at once. */
    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends {@code bytes} at once. */
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Closes the sending side (FIN), then waits for the client to close its side. */
    public void finish() throws IOException {
        ended = true;
        socket.shutdownOutput();
        LoopbackRawServer.awaitPeerClose(socket);
    }

    /** Resets the connection: a close with a zero linger time sends a TCP RST instead of a FIN. */
    public void reset() throws IOException {
        ended = true;
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Sends nothing more and keeps the connection open until the client closes it. */
    public void stall() throws IOException {
        ended = true;
        LoopbackRawServer.awaitPeerClose(socket);
    }

    /**
     * Sends {@code piece} every {@code periodMs} milliseconds, {@code times} times, from the
     * server's pacing thread, until the client closes the connection (or a write fails because
     * it did). The connection's own thread waits for the close meanwhile; when it returns, no
     * write is running or will run, so the socket can be closed at once.
     */
    public void pace(byte[] piece, long periodMs, long times) throws IOException {
        ended = true;
        Object writing = new Object();
        boolean[] stopped = {false}; // guarded by writing
        long[] sent = {0}; // only the pacing thread touches it: runs of a periodic task never overlap
        ScheduledFuture<?> task = pacer.scheduleAtFixedRate(() -> {
            synchronized (writing) {
                if (stopped[0] || sent[0]++ >= times) {
                    throw new IllegalStateException("done"); // an exception ends a periodic task
                }
                try {
                    send(piece);
                } catch (IOException e) {
                    throw new IllegalStateException(e); // the client is gone
                }
            }
        }, 0, periodMs, TimeUnit.MILLISECONDS);
        try {
            LoopbackRawServer.awaitPeerClose(socket);
        } finally {
            task.cancel(false);
            synchronized (writing) {
                stopped[0] = true; // waits for a write in progress: a close must not race it
            }
        }
    }
}
