package org.konnect.curl.testservers;

import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An RTSP server (RFC 2326) on {@code 127.0.0.1} and an ephemeral port that answers every
 * request on a connection with {@code 200 OK}, a {@code CSeq} and a {@code Public} header and no
 * body, which is the answer to OPTIONS. It records the request lines received.
 *
 * <p>{@link #startWithCSeqOffBy(int)} starts one that answers with a {@code CSeq} shifted from
 * the request's, to see a client notice the mismatch.
 */
public final class LoopbackRtspServer implements AutoCloseable {
    /** The methods the {@code Public} header lists. */
    public static final String PUBLIC = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN";

    private final int cseqShift;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final LoopbackRawServer tcp;

    private LoopbackRtspServer(int cseqShift) {
        this.cseqShift = cseqShift;
        this.tcp = LoopbackRawServer.start(this::answer);
    }

    /**
     * Starts a server that echoes each request's {@code CSeq}.
     *
     * @return the started server
     */
    public static LoopbackRtspServer start() {
        return new LoopbackRtspServer(0);
    }

    /**
     * Starts a server that answers with the request's {@code CSeq} plus {@code shift}.
     *
     * @param shift what to add to the request's sequence number
     * @return the started server
     */
    public static LoopbackRtspServer startWithCSeqOffBy(int shift) {
        return new LoopbackRtspServer(shift);
    }

    private void answer(Socket s) throws Exception {
        while (true) { // RTSP keeps the connection for the next request; the client's close ends this
            String head = LoopbackRawServer.readRequestHead(s);
            String[] lines = head.split("\r\n");
            requestLines.add(lines[0]);
            long cseq = -1;
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("cseq:")) cseq = Long.parseLong(line.substring(5).trim());
            }
            TextLines.write(s.getOutputStream(), "RTSP/1.0 200 OK\r\n"
                    + "CSeq: " + (cseq + cseqShift) + "\r\n"
                    + "Public: " + PUBLIC + "\r\n"
                    + "\r\n");
        }
    }

    /**
     * The request lines received so far, e.g. {@code OPTIONS * RTSP/1.0}.
     *
     * @return a snapshot
     */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /**
     * {@code "rtsp://127.0.0.1:PORT" + path}.
     *
     * @param path the path of the stream
     * @return the URL
     */
    public String url(String path) {
        return "rtsp://127.0.0.1:" + tcp.port() + path;
    }

    /** Closes the port and every connection. */
    @Override
    public void close() {
        tcp.close();
    }
}
