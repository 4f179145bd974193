package org.konnect.curl.testservers;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An accepted socket that notices when the peer disconnects: a read on its input stream that
 * returns end-of-stream, or fails while the socket is still open locally, reports the disconnect
 * (once) to a callback. Read time-outs and failures caused by closing the socket locally do not count.
 */
final class TrackedSocket extends Socket {

    private final Runnable onPeerDisconnect;
    private final AtomicBoolean reported = new AtomicBoolean();

    TrackedSocket(Runnable onPeerDisconnect) {
        this.onPeerDisconnect = onPeerDisconnect;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return new FilterInputStream(super.getInputStream()) {
            @Override
            public int read() throws IOException {
                try {
                    int b = super.read();
                    if (b < 0) {
                        peerDisconnected();
                    }
                    return b;
                } catch (IOException e) {
                    readFailed(e);
                    throw e;
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    int n = super.read(buffer, offset, length);
                    if (n < 0) {
                        peerDisconnected();
                    }
                    return n;
                } catch (IOException e) {
                    readFailed(e);
                    throw e;
                }
            }
        };
    }

    private void readFailed(IOException e) {
        if (!(e instanceof SocketTimeoutException) && !isClosed()) {
            peerDisconnected();
        }
    }

    private void peerDisconnected() {
        if (reported.compareAndSet(false, true)) {
            onPeerDisconnect.run();
        }
    }
}
