package org.konnect.curl.testservers;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * An in-process mail server (GreenMail) on {@code 127.0.0.1}: SMTP, IMAP and POP3, in plain text
 * and over implicit TLS (SMTPS, IMAPS, POP3S), each on an ephemeral port of its own, sharing one
 * set of users and mailboxes. A message sent over SMTP to a user's address is delivered into
 * that user's {@code INBOX}, where IMAP and POP3 read it.
 *
 * <p>Users exist only once {@link #addUser added}; SMTP, IMAP and POP3 check their passwords
 * (SMTP only when the client authenticates: GreenMail accepts mail without {@code AUTH}).
 *
 * <p>GreenMail offers no {@code STARTTLS} (nor {@code STLS}) at all: {@link #url} leads to
 * services that have none. For STARTTLS, {@link #startTlsUrl} leads to a {@link StartTlsFront} of
 * the SMTP, IMAP or POP3 service, which speaks the plain-text part of the session itself and
 * hands the rest, over TLS, to GreenMail.
 *
 * <p>The TLS services and the fronts present a certificate of {@link MailTlsKeyStore#pki()}, one
 * PKI per JVM: GreenMail reads its key store once per JVM, so every mail server shares it.
 */
public final class LoopbackMailServer implements AutoCloseable {

    /** The six services, each named by its URL scheme. */
    public enum Protocol {
        SMTP, SMTPS, IMAP, IMAPS, POP3, POP3S;

        /** The URL scheme and GreenMail's name of the service: {@code "smtp"}, {@code "imaps"}, ... */
        public String scheme() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String LOOPBACK = "127.0.0.1";

    private final GreenMail greenMail;
    private final Map<Protocol, Integer> ports = new EnumMap<>(Protocol.class);
    private final Map<Protocol, StartTlsFront> fronts = new EnumMap<>(Protocol.class);

    private LoopbackMailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** Starts all six services, with no users. */
    public static LoopbackMailServer start() {
        MailTlsKeyStore.install();
        ServerSetup[] setups = new ServerSetup[Protocol.values().length];
        for (Protocol p : Protocol.values()) {
            // Port 0: GreenMail binds its server socket to an ephemeral port and reports the port it got.
            setups[p.ordinal()] = new ServerSetup(0, LOOPBACK, p.scheme());
        }
        GreenMail greenMail = new GreenMail(setups);
        greenMail.start();
        LoopbackMailServer server = new LoopbackMailServer(greenMail);
        try {
            server.ports.put(Protocol.SMTP, greenMail.getSmtp().getPort());
            server.ports.put(Protocol.SMTPS, greenMail.getSmtps().getPort());
            server.ports.put(Protocol.IMAP, greenMail.getImap().getPort());
            server.ports.put(Protocol.IMAPS, greenMail.getImaps().getPort());
            server.ports.put(Protocol.POP3, greenMail.getPop3().getPort());
            server.ports.put(Protocol.POP3S, greenMail.getPop3s().getPort());
            MailTlsKeyStore.checkInUse();
            SSLContext tls = MailTlsKeyStore.serverContext();
            for (Protocol p : List.of(Protocol.SMTP, Protocol.IMAP, Protocol.POP3)) {
                server.fronts.put(p, StartTlsFront.start(StartTlsFront.Dialogue.valueOf(p.name()), server.port(p), tls));
            }
        } catch (RuntimeException e) {
            server.close(); // what has started stops again: nothing outlives a failed start
            throw e;
        }
        return server;
    }

    /** Adds a user with an (empty) {@code INBOX}; mail to {@code email} goes there. */
    public LoopbackMailServer addUser(String email, String login, String password) {
        greenMail.setUser(email, login, password);
        return this;
    }

    /** The port of one service. */
    public int port(Protocol protocol) {
        return ports.get(protocol);
    }

    /** {@code "imap://127.0.0.1:PORT/"}: the root URL of one service. */
    public String url(Protocol protocol) {
        return url(protocol, "");
    }

    /** {@code "imap://127.0.0.1:PORT/" + path}; {@code path} without a leading slash, e.g. {@code "INBOX/;UID=1"}. */
    public String url(Protocol protocol, String path) {
        return protocol.scheme() + "://" + LOOPBACK + ":" + port(protocol) + "/" + path;
    }

    /**
     * {@code "smtp://127.0.0.1:PORT/" + path} with the port of the STARTTLS front of
     * {@code protocol}'s service: {@link Protocol#SMTP}, {@link Protocol#IMAP} or {@link Protocol#POP3}.
     */
    public String startTlsUrl(Protocol protocol, String path) {
        return protocol.scheme() + "://" + LOOPBACK + ":" + startTlsPort(protocol) + "/" + path;
    }

    /** The port of the STARTTLS front of {@code protocol}'s service: SMTP, IMAP or POP3. */
    public int startTlsPort(Protocol protocol) {
        StartTlsFront front = fronts.get(protocol);
        if (front == null) {
            throw new IllegalArgumentException(protocol + " has no STARTTLS front: it is SMTP, IMAP or POP3 only");
        }
        return front.port();
    }

    /** Every message delivered so far, one copy per recipient mailbox, in delivery order. */
    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** The messages in the {@code INBOX} of the user with login {@code login}. */
    public List<MimeMessage> inbox(String login) {
        return greenMail.findReceivedMessages(u -> u.getLogin().equals(login), m -> true).collect(Collectors.toList());
    }

    /**
     * Puts a raw RFC 5322 message ({@code CRLF} line ends) straight into a user's {@code INBOX},
     * bypassing SMTP, for tests that read mail.
     */
    public void deliver(String login, byte[] rawMessage) {
        GreenMailUser user = greenMail.getUserManager().getUser(login);
        if (user == null) {
            throw new IllegalArgumentException("no user with login " + login);
        }
        try {
            user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(rawMessage)));
        } catch (MessagingException e) {
            throw new IllegalArgumentException("not a parsable message", e);
        }
    }

    /** Stops every service and front, and closes their connections. */
    @Override
    public void close() {
        fronts.values().forEach(StartTlsFront::close);
        greenMail.stop();
    }
}
