package org.konnect.curl.testservers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A STARTTLS front for a plain-text SMTP, IMAP or POP3 server that has no STARTTLS of its own
 * (GreenMail has none). It answers the client's plain-text part of the session itself, offering
 * only {@code STARTTLS} ({@code STLS} for POP3); once the client has started TLS, it connects to
 * the real server, drops that server's greeting (the client had the front's) and relays the
 * decrypted session both ways. So everything the client says after {@code STARTTLS}, from its
 * second {@code EHLO} or {@code CAPABILITY} on, reaches the real server, over TLS.
 *
 * <p>Commands other than the capability query, {@code STARTTLS} and quitting are refused before
 * TLS, as a server that requires TLS refuses them. One daemon thread serves each connection's
 * plain-text part, and two relay its TLS part.
 */
public final class StartTlsFront implements AutoCloseable {

    /** Which protocol's plain-text dialogue the front speaks. */
    public enum Dialogue {
        SMTP, IMAP, POP3
    }

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_LINE = 8_192;

    private final Dialogue dialogue;
    private final ServerSocket listener;
    private final int backendPort;
    private final SSLContext tls;
    private final ResourceTracker tracker = new ResourceTracker();

    private StartTlsFront(Dialogue dialogue, ServerSocket listener, int backendPort, SSLContext tls) {
        this.dialogue = dialogue;
        this.listener = listener;
        this.backendPort = backendPort;
        this.tls = tls;
    }

    /**
     * Starts a front on {@code 127.0.0.1} and an ephemeral port for the plain-text server on
     * {@code 127.0.0.1:backendPort}, presenting the certificate {@code tls} holds.
     */
    public static StartTlsFront start(Dialogue dialogue, int backendPort, SSLContext tls) {
        try {
            ServerSocket listener = new ServerSocket(0, 64, loopback());
            StartTlsFront front = new StartTlsFront(dialogue, listener, backendPort, tls);
            front.tracker.track(listener);
            front.tracker.startThread("starttls-front-accept-" + listener.getLocalPort(), front::acceptLoop);
            return front;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the STARTTLS front", e);
        }
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Closes the listener and every connection, and ends the threads. */
    @Override
    public void close() {
        tracker.closeAll(JOIN_TIMEOUT);
    }

    private void acceptLoop() {
        while (!tracker.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (tracker.track(client) && !tracker.startThread("starttls-front-" + port(), () -> serve(client))) {
                tracker.release(client);
            }
        }
    }

    private void serve(Socket client) {
        try {
            if (!plainTextPart(client.getInputStream(), client.getOutputStream())) {
                tracker.release(client);
                return;
            }
            SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(client, "127.0.0.1", client.getPort(), true);
            tracker.track(secured);
            secured.setUseClientMode(false);
            secured.startHandshake();
            Socket backend = new Socket(loopback(), backendPort);
            tracker.track(backend);
            readLine(backend.getInputStream()); // the real server's greeting: the client has had the front's
            relay(secured, backend);
            relay(backend, secured);
        } catch (IOException e) {
            tracker.release(client); // the client went away, or the handshake failed: the session is over
        }
    }

    /** Speaks the plain-text part; true once the client has asked for TLS and been told to go ahead. */
    private boolean plainTextPart(InputStream in, OutputStream out) throws IOException {
        send(out, switch (dialogue) {
            case SMTP -> "220 127.0.0.1 ESMTP STARTTLS front";
            case IMAP -> "* OK STARTTLS front ready";
            case POP3 -> "+OK STARTTLS front ready";
        });
        for (String line; (line = readLine(in)) != null;) {
            String[] words = line.split(" ");
            // IMAP commands start with a tag.
            String tag = dialogue == Dialogue.IMAP ? words[0] : "";
            String command = (dialogue == Dialogue.IMAP ? (words.length > 1 ? words[1] : "") : words[0]).toUpperCase(Locale.ROOT);
            switch (dialogue) {
                case SMTP -> {
                    switch (command) {
                        case "EHLO" -> send(out, "250-127.0.0.1\r\n250 STARTTLS");
                        case "HELO" -> send(out, "250 127.0.0.1");
                        case "STARTTLS" -> {
                            send(out, "220 2.0.0 Ready to start TLS");
                            return true;
                        }
                        case "QUIT" -> {
                            send(out, "221 2.0.0 Bye");
                            return false;
                        }
                        default -> send(out, "530 5.7.0 Must issue a STARTTLS command first");
                    }
                }
                case IMAP -> {
                    switch (command) {
                        // No LOGINDISABLED, though a server requiring TLS would say it: libcurl (7.88 and
                        // 8.14 alike) seems to keep it after STARTTLS and then refuses to LOGIN at all.
                        case "CAPABILITY" -> send(out, "* CAPABILITY IMAP4rev1 STARTTLS\r\n" + tag + " OK CAPABILITY done");
                        case "STARTTLS" -> {
                            send(out, tag + " OK Begin TLS negotiation now");
                            return true;
                        }
                        case "LOGOUT" -> {
                            send(out, "* BYE\r\n" + tag + " OK LOGOUT done");
                            return false;
                        }
                        default -> send(out, tag + " BAD STARTTLS first");
                    }
                }
                case POP3 -> {
                    switch (command) {
                        case "CAPA" -> send(out, "+OK\r\nSTLS\r\nUSER\r\n.");
                        case "STLS" -> {
                            send(out, "+OK Begin TLS negotiation now");
                            return true;
                        }
                        case "QUIT" -> {
                            send(out, "+OK Bye");
                            return false;
                        }
                        default -> send(out, "-ERR STLS first");
                    }
                }
                default -> throw new IllegalStateException(dialogue.name());
            }
        }
        return false;
    }

    /** Copies {@code from}'s input to {@code to}'s output on a thread of its own; the end of either ends both. */
    private void relay(Socket from, Socket to) {
        Runnable copy = () -> {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException ignored) {
                // one side closed: the session is over
            } finally {
                tracker.release(from);
                tracker.release(to);
            }
        };
        if (!tracker.startThread("starttls-front-relay-" + port(), copy)) {
            tracker.release(from);
            tracker.release(to);
        }
    }

    private static void send(OutputStream out, String lines) throws IOException {
        out.write((lines + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * One line without its CRLF, or null at the end of the stream. Reads byte by byte on purpose:
     * nothing after the {@code STARTTLS} line may be consumed, since it is the TLS handshake.
     */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1;) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            if (line.size() == MAX_LINE) throw new IOException("line too long");
            line.write(b);
        }
        return null;
    }

    private static InetAddress loopback() throws IOException {
        return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    }
}
