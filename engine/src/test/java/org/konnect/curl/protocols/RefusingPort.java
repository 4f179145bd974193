package org.konnect.curl.protocols;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback TCP port that refuses connections: bound by a socket that never listens, so that no
 * other process can take it while a test uses it (unlike a port found free and closed again).
 */
final class RefusingPort implements AutoCloseable {
    private final Socket holder = new Socket();

    RefusingPort() throws IOException {
        holder.bind(new InetSocketAddress(InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1}), 0));
    }

    int port() {
        return holder.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        holder.close();
    }
}
