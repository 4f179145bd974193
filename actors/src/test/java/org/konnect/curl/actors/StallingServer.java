package org.konnect.curl.actors;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.konnect.curl.testservers.LoopbackRawServer;

/**
 * A raw server that reads each request, counts it, then sends nothing until the client goes
 * away: a transfer that stays in flight, for tests that stop, cancel or wait on it.
 */
final class StallingServer implements AutoCloseable {
    private final CountDownLatch requests;
    private final LoopbackRawServer server;

    private StallingServer(int expectedRequests) {
        requests = new CountDownLatch(expectedRequests);
        server = LoopbackRawServer.start(s -> {
            LoopbackRawServer.readRequestHead(s);
            requests.countDown();
            LoopbackRawServer.awaitPeerClose(s);
        });
    }

    /** Starts a server that {@link #awaitRequests()} waits on for {@code expectedRequests} requests. */
    static StallingServer start(int expectedRequests) {
        return new StallingServer(expectedRequests);
    }

    String url(String path) {
        return server.url(path);
    }

    /** True once the expected requests have all arrived (10 s at most). */
    boolean awaitRequests() {
        try {
            return requests.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True once {@code n} clients have gone away, within {@code timeout}. */
    boolean awaitDisconnects(int n, Duration timeout) {
        return server.awaitDisconnects(n, timeout);
    }

    @Override
    public void close() {
        server.close();
    }
}
