package org.konnect.curl.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback TCP port that refuses connections: bound by a socket that never listens, so no other
 * process (another test run on the same machine) can take it while the fuzzer aims transfers at it.
 */
final class RefusingPort implements AutoCloseable {
    private final Socket holder = new Socket();

    RefusingPort() {
        try {
            holder.bind(new InetSocketAddress(InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1}), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return holder.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        holder.close();
    }
}
