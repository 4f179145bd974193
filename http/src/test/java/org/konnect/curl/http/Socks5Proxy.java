package org.konnect.curl.http;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A small SOCKS5 proxy (RFC 1928) for the tests: no authentication, {@code CONNECT} to an IPv4
 * address or a host name (which it resolves, trying each address), bytes relayed both ways, one
 * thread per direction. It keeps what each client asked to reach, as {@code host:port}.
 */
final class Socks5Proxy implements AutoCloseable {
    private final ServerSocket listener;
    private final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();
    private final Thread acceptor;

    Socks5Proxy() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::acceptAll, "socks5-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** What clients asked to reach, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void acceptAll() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Thread t = new Thread(() -> serve(client), "socks5-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;   // closed
            }
        }
    }

    private void serve(Socket client) {
        try {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            if (in.readUnsignedByte() != 5) throw new IOException("not SOCKS5");
            in.readFully(new byte[in.readUnsignedByte()]);   // the methods offered; "no authentication" is taken
            out.write(new byte[] {5, 0});
            byte[] head = new byte[4];
            in.readFully(head);
            if (head[0] != 5 || head[1] != 1) throw new IOException("not a CONNECT request");
            String host;
            if (head[3] == 1) {
                byte[] a = new byte[4];
                in.readFully(a);
                host = InetAddress.getByAddress(a).getHostAddress();
            } else if (head[3] == 3) {
                byte[] name = new byte[in.readUnsignedByte()];
                in.readFully(name);
                host = new String(name, StandardCharsets.US_ASCII);
            } else {
                throw new IOException("address type " + head[3] + " not served");
            }
            int port = in.readUnsignedShort();
            requests.add(host + ":" + port);
            Socket target = connect(host, port);
            sockets.add(target);
            out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
            Thread back = new Thread(() -> relay(target, client), "socks5-back");
            back.setDaemon(true);
            back.start();
            relay(client, target);
        } catch (IOException e) {
            close(client);
        }
    }

    private static Socket connect(String host, int port) throws IOException {
        IOException last = null;
        for (InetAddress a : InetAddress.getAllByName(host)) {
            try {
                return new Socket(a, port);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last != null ? last : new IOException("no address for " + host);
    }

    private static void relay(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            close(to);
            close(from);
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) close(s);
    }
}
