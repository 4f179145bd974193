package org.konnect.curl.testservers;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A relay in front of Moquette 0.17 that holds back each client's CONNACK until the broker has
 * finished accepting that client. Moquette writes CONNACK and only then, in a listener of that
 * write which may run later, marks the connection connected; a SUBSCRIBE arriving in between is
 * taken for one on a closed connection and the connection is dropped. A client as quick as
 * libcurl 8 hits that window now and then. The broker announces a client to interceptors after
 * marking it connected ({@link #connected(String)}), so CONNACK is forwarded once that is heard.
 *
 * <p>Bytes pass unchanged both ways; the client's CONNECT is read whole to learn its client id.
 */
final class MqttConnackGate implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InetSocketAddress broker;
    private final ServerSocket listener;
    private final ResourceTracker tracker = new ResourceTracker();
    private final Map<String, CompletableFuture<Void>> accepted = new ConcurrentHashMap<>();

    MqttConnackGate(int brokerPort) throws IOException {
        InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        broker = new InetSocketAddress(loopback, brokerPort);
        listener = new ServerSocket(0, 50, loopback);
        tracker.track(listener);
        tracker.startThread("mqtt-connack-gate-" + listener.getLocalPort(), this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The broker has accepted the client {@code clientId}: its CONNACK may go on. */
    void connected(String clientId) {
        acceptance(clientId).complete(null);
    }

    private CompletableFuture<Void> acceptance(String clientId) {
        return accepted.computeIfAbsent(clientId, k -> new CompletableFuture<>());
    }

    private void acceptLoop() {
        while (!tracker.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket();
                if (!tracker.track(client) || !tracker.track(upstream)) return;
                upstream.connect(broker);
                CompletableFuture<String> clientId = new CompletableFuture<>();
                tracker.startThread("mqtt-gate-up", () -> pump(client, upstream, true, clientId));
                tracker.startThread("mqtt-gate-down", () -> pump(upstream, client, false, clientId));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies {@code from} to {@code to}: upstream after reading the CONNECT, downstream after the broker accepted its client. */
    private void pump(Socket from, Socket to, boolean toBroker, CompletableFuture<String> clientId) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            if (toBroker) {
                byte[] connect = readPacket(new DataInputStream(in));
                clientId.complete(clientIdOf(connect));
                out.write(connect);
            } else {
                acceptance(clientId.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            in.transferTo(out);
        } catch (Exception e) {
            // either side closed, or the broker never accepted the client: the connection ends
        } finally {
            tracker.release(from);
            tracker.release(to);
        }
    }

    /** One MQTT control packet: its first byte, its remaining length (1 to 4 bytes of 7 bits) and the rest. */
    private static byte[] readPacket(DataInputStream in) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(5).put(in.readByte());
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.readByte();
            head.put(b);
            length |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0 || shift == 21) break;
        }
        byte[] packet = new byte[head.position() + length];
        System.arraycopy(head.array(), 0, packet, 0, head.position());
        in.readFully(packet, head.position(), length);
        return packet;
    }

    /** The client id of a CONNECT: after the protocol name, level (1 byte), flags (1) and keep-alive (2). */
    private static String clientIdOf(byte[] connect) {
        int at = 1;
        while ((connect[at] & 0x80) != 0) at++;
        at++;
        ByteBuffer b = ByteBuffer.wrap(connect, at, connect.length - at);
        int protocolName = b.getShort() & 0xffff;
        b.position(b.position() + protocolName + 4);
        byte[] id = new byte[b.getShort() & 0xffff];
        b.get(id);
        return new String(id, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        tracker.closeAll(Duration.ofSeconds(2));
    }
}
