package org.konnect.curl.testservers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/** A server socket whose accepted sockets are {@link TrackedSocket}s reporting peer disconnects. */
final class TrackingServerSocket extends ServerSocket {

    private final Runnable onPeerDisconnect;

    TrackingServerSocket(int backlog, InetAddress address, Runnable onPeerDisconnect) throws IOException {
        super(0, backlog, address);
        this.onPeerDisconnect = onPeerDisconnect;
    }

    @Override
    public Socket accept() throws IOException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        Socket s = new TrackedSocket(onPeerDisconnect);
        implAccept(s);
        return s;
    }
}
