package org.konnect.curl.testservers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A bare FTP control-connection client for protocol-level assertions. */
final class FtpControlClient implements AutoCloseable {

    private static final Pattern EPSV = Pattern.compile("^229 .*\\(\\|\\|\\|(\\d+)\\|\\)$");

    private final Socket socket;
    private final BufferedReader in;
    private final Writer out;
    final String greeting;

    FtpControlClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
        greeting = reply();
    }

    /** Sends one command and returns the complete (possibly multi-line) reply. */
    String send(String command) throws IOException {
        out.write(command + "\r\n");
        out.flush();
        return reply();
    }

    /** Reads one complete reply; multi-line replies are joined with "\n". */
    String reply() throws IOException {
        String first = in.readLine();
        if (first == null) {
            throw new IOException("connection closed");
        }
        if (first.length() < 4 || first.charAt(3) != '-') {
            return first;
        }
        StringBuilder all = new StringBuilder(first);
        String end = first.substring(0, 3) + " ";
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed in a multi-line reply");
            }
            all.append('\n').append(line);
        } while (!line.startsWith(end));
        return all.toString();
    }

    /** Logs in anonymously. */
    void login() throws IOException {
        expect("331", send("USER anonymous"));
        expect("230", send("PASS guest@"));
    }

    /** Sends EPSV and connects to the announced data port. */
    Socket openData() throws IOException {
        String r = send("EPSV");
        Matcher m = EPSV.matcher(r);
        if (!m.matches()) {
            throw new IOException("unexpected EPSV reply: " + r);
        }
        Socket data = new Socket("127.0.0.1", Integer.parseInt(m.group(1)));
        data.setSoTimeout(10_000);
        return data;
    }

    static void expect(String code, String reply) {
        if (!reply.startsWith(code)) {
            throw new AssertionError("expected " + code + " but got: " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
