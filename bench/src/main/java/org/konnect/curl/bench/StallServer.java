package org.konnect.curl.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP server on 127.0.0.1 that accepts connections and never answers: the requests sent to
 * it stall forever (until the client gives up). Its accept thread blocks in the kernel.
 */
final class StallServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new ArrayList<>();
    private final Thread acceptor;

    StallServer() throws IOException {
        server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "stall-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/never";
    }

    synchronized int accepted() {
        return accepted.size();
    }

    /** Waits until {@code n} connections were accepted; false on timeout. */
    boolean awaitAccepted(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (this) {
            while (accepted.size() < n) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) return false;
                wait(left);
            }
            return true;
        }
    }

    private void acceptLoop() {
        try {
            while (!server.isClosed()) {
                Socket s = server.accept();
                synchronized (this) {
                    accepted.add(s);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (this) {
            for (Socket s : accepted) s.close();
            accepted.clear();
        }
    }
}
