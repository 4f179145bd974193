package org.konnect.curl.testkit;

import java.time.Duration;
import java.util.List;
import org.konnect.curl.testservers.HostileHttpServer;
import org.konnect.curl.testservers.HttpFault;

/**
 * An HTTP/1.1 server on raw loopback sockets that misbehaves on demand: each {@link HttpFault}
 * (a reset before or after the head or in the body, a close in the middle, a garbage status
 * line, a header too big, a body shorter than announced, bad chunks, a reply that never comes, a
 * trickle, redirect loops, a gzip bomb, ...) has a URL of its own ({@link #url}). For an
 * integration test of how an actor copes with what real servers do: the transfer fails with the
 * {@code CURLE_*} code libcurl gives for that fault. The faults are those the project's fault
 * matrix checks against the curl tool ({@code konnect-curl-test-servers}).
 */
public final class FaultHttpServer implements AutoCloseable {
    private final HostileHttpServer server;

    private FaultHttpServer(HostileHttpServer server) {
        this.server = server;
    }

    /**
     * Starts a server on 127.0.0.1 and an ephemeral port.
     *
     * @return the started server; close it when done
     */
    public static FaultHttpServer start() {
        return new FaultHttpServer(HostileHttpServer.start());
    }

    /**
     * The URL that answers with {@code fault}.
     *
     * @param fault what the server does with a request for this URL
     * @return {@code http://127.0.0.1:PORT/} and the fault's path
     */
    public String url(HttpFault fault) {
        return server.url(fault);
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
     * Every request head it read, in order: what the client sent.
     *
     * @return the heads, each with its CRLFs
     */
    public List<String> requestHeads() {
        return server.requestHeads();
    }

    /**
     * Connections accepted and not closed on this side yet.
     *
     * @return the count
     */
    public int openConnections() {
        return server.openConnections();
    }

    /**
     * Waits until every connection it accepted is closed (a fault that waits for the client
     * closes its side once the client has gone).
     *
     * @param timeout how long to wait
     * @return whether that happened in time
     */
    public boolean awaitNoOpenConnections(Duration timeout) {
        return server.awaitNoOpenConnections(timeout);
    }

    /** Stops the server and closes its connections. */
    @Override
    public void close() {
        server.close();
    }
}
