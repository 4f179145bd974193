package org.konnect.curl.testservers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TFTP server (RFC 1350) on UDP {@code 127.0.0.1} and an ephemeral port, serving files held in
 * memory: read requests get DATA blocks of 512 bytes, each sent once its predecessor is
 * acknowledged (the last one shorter, empty if the file is a multiple of 512); write requests
 * store the file once its last block has arrived. Options (RFC 2347) are recorded but never
 * acknowledged, as a server of RFC 1350 would, so a client falls back to the basic protocol.
 *
 * <p>Each transfer runs from a socket of its own (its transfer ID), one transfer at a time, on
 * the server's one thread. A missing file gets ERROR 1, any request but RRQ/WRQ ERROR 4.
 */
public final class LoopbackTftpServer implements AutoCloseable {
    /** A request as received: its opcode name ({@code RRQ}/{@code WRQ}), file, mode and options. */
    public record Request(String kind, String file, String mode, Map<String, String> options) {}

    private static final int BLOCK = 512;
    private static final int RRQ = 1;
    private static final int WRQ = 2;
    private static final int DATA = 3;
    private static final int ACK = 4;
    private static final int ERROR = 5;
    private static final int RETRIES = 5;
    private static final int REPLY_TIMEOUT_MS = 1000;

    private final InetAddress loopback;
    private final DatagramSocket listener;
    private final ResourceTracker tracker = new ResourceTracker();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private LoopbackTftpServer() throws IOException {
        loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        listener = new DatagramSocket(new InetSocketAddress(loopback, 0));
    }

    /**
     * Starts a server with no files.
     *
     * @return the started server
     * @throws UncheckedIOException if it cannot bind
     */
    public static LoopbackTftpServer start() {
        try {
            LoopbackTftpServer server = new LoopbackTftpServer();
            server.tracker.track(server.listener);
            server.tracker.startThread("loopback-tftp-" + server.port(), server::serve);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the loopback TFTP server", e);
        }
    }

    private void serve() {
        byte[] buffer = new byte[BLOCK + 4];
        while (!tracker.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                listener.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            ByteBuffer in = ByteBuffer.wrap(p.getData(), 0, p.getLength());
            int opcode = in.remaining() >= 2 ? in.getShort() & 0xffff : -1;
            DatagramSocket transfer;
            try {
                transfer = new DatagramSocket(new InetSocketAddress(loopback, 0));
            } catch (IOException e) {
                continue; // no port for this transfer: the client will time out
            }
            if (!tracker.track(transfer)) return;
            try {
                transfer.connect(p.getSocketAddress());
                transfer.setSoTimeout(REPLY_TIMEOUT_MS);
                if (opcode == RRQ || opcode == WRQ) {
                    Request r = parse(opcode == RRQ ? "RRQ" : "WRQ", in);
                    requests.add(r);
                    if (opcode == RRQ) sendFile(transfer, r.file()); else receiveFile(transfer, r.file());
                } else {
                    transfer.send(error(4, "illegal TFTP operation"));
                }
            } catch (IOException e) {
                // the client went away or the server is closing: this transfer is over
            } finally {
                tracker.release(transfer);
            }
        }
    }

    private static Request parse(String kind, ByteBuffer in) {
        List<String> fields = new ArrayList<>();
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == 0) {
                fields.add(field.toString(StandardCharsets.US_ASCII));
                field.reset();
            } else {
                field.write(b);
            }
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 2; i + 1 < fields.size(); i += 2) options.put(fields.get(i), fields.get(i + 1));
        return new Request(kind, fields.isEmpty() ? "" : fields.get(0), fields.size() > 1 ? fields.get(1) : "", options);
    }

    private void sendFile(DatagramSocket s, String name) throws IOException {
        byte[] content = files.get(name);
        if (content == null) {
            s.send(error(1, "file not found"));
            return;
        }
        for (int block = 1; ; block++) {
            int from = (block - 1) * BLOCK;
            int n = Math.min(BLOCK, content.length - from);
            ByteBuffer data = ByteBuffer.allocate(4 + n).putShort((short) DATA).putShort((short) block).put(content, from, n);
            if (!sendUntil(s, packet(data), ACK, block)) return;
            if (n < BLOCK) return;
        }
    }

    private void receiveFile(DatagramSocket s, String name) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] buffer = new byte[BLOCK + 4];
        DatagramPacket ack = packet(ByteBuffer.allocate(4).putShort((short) ACK).putShort((short) 0));
        for (int block = 1; ; block++) {
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            if (!sendUntil(s, ack, DATA, block, reply)) return;
            content.write(buffer, 4, reply.getLength() - 4);
            ack = packet(ByteBuffer.allocate(4).putShort((short) ACK).putShort((short) block));
            if (reply.getLength() - 4 < BLOCK) {
                files.put(name, content.toByteArray()); // stored before the last ACK, which ends the client's transfer
                s.send(ack);
                return;
            }
        }
    }

    private static boolean sendUntil(DatagramSocket s, DatagramPacket out, int opcode, int block) throws IOException {
        byte[] buffer = new byte[BLOCK + 4];
        return sendUntil(s, out, opcode, block, new DatagramPacket(buffer, buffer.length));
    }

    /** Sends {@code out} until the peer answers {@code opcode} for {@code block} (into {@code reply}); false if it gave up. */
    private static boolean sendUntil(DatagramSocket s, DatagramPacket out, int opcode, int block, DatagramPacket reply)
            throws IOException {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            s.send(out);
            try {
                while (true) {
                    reply.setLength(reply.getData().length);
                    s.receive(reply);
                    ByteBuffer in = ByteBuffer.wrap(reply.getData(), 0, reply.getLength());
                    if (in.remaining() < 4) continue;
                    int got = in.getShort() & 0xffff;
                    if (got == ERROR) return false;
                    if (got == opcode && (in.getShort() & 0xffff) == block) return true;
                    // a duplicate of an earlier packet: keep waiting for this one
                }
            } catch (SocketTimeoutException e) {
                // lost on the way: send again
            }
        }
        return false;
    }

    private static DatagramPacket error(int code, String message) {
        byte[] text = message.getBytes(StandardCharsets.US_ASCII);
        return packet(ByteBuffer.allocate(5 + text.length).putShort((short) ERROR).putShort((short) code).put(text).put((byte) 0));
    }

    private static DatagramPacket packet(ByteBuffer b) {
        return new DatagramPacket(b.array(), b.position());
    }

    /**
     * Serves {@code content} under {@code name}.
     *
     * @param name the file name a request names
     * @param content the file's bytes (copied)
     */
    public void put(String name, byte[] content) {
        files.put(name, content.clone());
    }

    /**
     * A file's content: one put or uploaded.
     *
     * @param name the file name
     * @return a copy of its bytes, or {@code null} if there is no such file
     */
    public byte[] file(String name) {
        byte[] content = files.get(name);
        return content == null ? null : content.clone();
    }

    /**
     * The requests received so far, in order.
     *
     * @return a snapshot
     */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * The UDP port requests go to.
     *
     * @return the port
     */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * {@code "tftp://127.0.0.1:PORT/" + file}.
     *
     * @param file the file name
     * @return the URL
     */
    public String url(String file) {
        return "tftp://127.0.0.1:" + port() + "/" + file;
    }

    /** Closes the sockets, which ends the server's thread. */
    @Override
    public void close() {
        tracker.closeAll(Duration.ofSeconds(2));
    }
}
