package org.konnect.curl.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A TCP server on 127.0.0.1 that reads what its clients send and never answers, for the
 * soak's stalled transfers: unlike {@link StallServer}, which keeps every connection it accepted,
 * it closes its end as soon as the client goes away, so an hour of stalled-then-cancelled
 * transfers holds only the ones in flight. One thread, blocked in its selector between events.
 */
final class SoakStallServer implements AutoCloseable {
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread thread;
    private volatile boolean closing;

    SoakStallServer() throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::loop, "soak-stall-server");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.socket().getLocalPort() + "/stalled";
    }

    private void loop() {
        ByteBuffer sink = ByteBuffer.allocateDirect(4096);
        try {
            while (!closing) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) continue;
                    if (key.isAcceptable()) {
                        SocketChannel client = server.accept();
                        if (client == null) continue;
                        client.configureBlocking(false);
                        client.register(selector, SelectionKey.OP_READ);
                    } else if (key.isReadable()) {
                        SocketChannel client = (SocketChannel) key.channel();
                        sink.clear();
                        int n;
                        try {
                            n = client.read(sink);
                        } catch (IOException e) {
                            n = -1;   // reset by the client
                        }
                        if (n < 0) {
                            key.cancel();
                            client.close();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            for (SelectionKey key : selector.keys()) key.channel().close();
            selector.close();
        } catch (IOException e) {
            // the process is going away
        }
    }

    /** Closes every connection and the listener, on the server's own thread, and waits for it. */
    @Override
    public void close() throws IOException {
        closing = true;
        selector.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
