package org.konnect.curl.testservers;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An HTTP/1.1 server on raw loopback sockets that answers each request with the
 * {@link HttpFault} named by its path ({@link #url(HttpFault)}), and {@code 404} for any other
 * path. No HTTP library is used: a library is built not to send these replies.
 *
 * <p>It keeps every request head it reads ({@link #requestHeads()}), and counts the connections
 * it has not closed yet ({@link #openConnections()}): a fault that waits for the client to go
 * away closes its side once the client has, so after the client closed its connections none
 * should stay open here.
 */
public final class HostileHttpServer implements AutoCloseable {

    private final ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "hostile-http-pacer");
        t.setDaemon(true);
        return t;
    });
    private final Queue<String> requestHeads = new ConcurrentLinkedQueue<>();
    private final LoopbackRawServer raw;

    private HostileHttpServer() {
        raw = LoopbackRawServer.start(this::serve);
    }

    /** Starts a server on 127.0.0.1 and an ephemeral port. */
    public static HostileHttpServer start() {
        return new HostileHttpServer();
    }

    private void serve(Socket s) throws Exception {
        FaultConnection c = new FaultConnection(s, pacer);
        while (!c.ended()) {
            String head = c.readRequest();
            if (head == null) {
                return;
            }
            requestHeads.add(head);
            HttpFault fault = HttpFault.forPath(pathOf(head));
            if (fault == null) {
                c.send("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
            } else {
                fault.serve(c);
            }
        }
    }

    /** The path of a request head's request target, without the query. */
    private static String pathOf(String head) {
        String[] requestLine = head.substring(0, head.indexOf('\n')).trim().split(" ");
        String target = requestLine.length > 1 ? requestLine[1] : "";
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The listening port. */
    public int port() {
        return raw.port();
    }

    /** {@code http://127.0.0.1:PORT} and the fault's path. */
    public String url(HttpFault fault) {
        return raw.url(fault.path());
    }

    /** Every request head read since start (or {@link #clearRequestHeads()}), in order. */
    public List<String> requestHeads() {
        return List.copyOf(requestHeads);
    }

    /** Forgets the request heads read so far. */
    public void clearRequestHeads() {
        requestHeads.clear();
    }

    /** Number of connections accepted since start. */
    public int acceptedConnections() {
        return raw.acceptedConnections();
    }

    /** Number of accepted connections not closed on this side yet. */
    public int openConnections() {
        return raw.openConnections();
    }

    /**
     * Waits until every accepted connection is closed on this side.
     *
     * @return true if that happened within {@code timeout}; false on timeout or interrupt
     */
    public boolean awaitNoOpenConnections(Duration timeout) {
        return raw.awaitNoOpenConnections(timeout);
    }

    /** Stops pacing, closes the listener and every connection, and ends their threads. */
    @Override
    public void close() {
        pacer.shutdownNow();
        raw.close();
    }
}
