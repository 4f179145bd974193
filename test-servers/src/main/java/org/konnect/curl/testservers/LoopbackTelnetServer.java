package org.konnect.curl.testservers;

import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A telnet peer on {@code 127.0.0.1} and an ephemeral port that negotiates no option (so a
 * client that only negotiates when asked, as libcurl does, sends plain data): it reads one line,
 * answers {@link #reply(String)} and closes the connection. It records the lines received.
 */
public final class LoopbackTelnetServer implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoopbackRawServer tcp;

    private LoopbackTelnetServer() {
        this.tcp = LoopbackRawServer.start(this::echo);
    }

    /**
     * Starts a server.
     *
     * @return the started server
     */
    public static LoopbackTelnetServer start() {
        return new LoopbackTelnetServer();
    }

    private void echo(Socket s) throws Exception {
        String line = TextLines.read(s.getInputStream());
        if (line == null) return;
        lines.add(line);
        TextLines.write(s.getOutputStream(), reply(line));
    }

    /**
     * What the server answers to {@code line}.
     *
     * @param line a line received, without its line end
     * @return {@code "you said: " + line + CR LF}
     */
    public static String reply(String line) {
        return "you said: " + line + "\r\n";
    }

    /**
     * The lines received so far, without their line ends.
     *
     * @return a snapshot
     */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * {@code "telnet://127.0.0.1:PORT"}.
     *
     * @return the URL
     */
    public String url() {
        return "telnet://127.0.0.1:" + tcp.port();
    }

    /** Closes the port and every connection. */
    @Override
    public void close() {
        tcp.close();
    }
}
