package org.konnect.curl.samples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.konnect.curl.Certificates;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.Multi;
import org.konnect.curl.Outcome;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;
import org.konnect.curl.ReadCallback;
import org.konnect.curl.testservers.LoopbackDictServer;
import org.konnect.curl.testservers.LoopbackFtpServer;
import org.konnect.curl.testservers.LoopbackGopherServer;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackLdapServer;
import org.konnect.curl.testservers.LoopbackMailServer;
import org.konnect.curl.testservers.LoopbackMqttBroker;
import org.konnect.curl.testservers.LoopbackRtspServer;
import org.konnect.curl.testservers.LoopbackSshServer;
import org.konnect.curl.testservers.LoopbackTelnetServer;
import org.konnect.curl.testservers.LoopbackTftpServer;
import org.konnect.curl.testservers.TestPki;

/**
 * One {@link RequestProtocol} implementation, {@link Probe}, used unchanged over every protocol
 * the embedded servers speak: {@code file://}, HTTP/1.1, HTTP/2 (h2c upgrade), FTP, FTPS, SFTP,
 * SCP, SMTP, IMAP, POP3, LDAP, MQTT, TFTP, DICT, GOPHER, TELNET and RTSP, all served locally.
 * A stop adds only what its protocol needs (credentials, a trusted CA, a pinned host key, a
 * body to send, an RTSP method). For each it prints the body and what {@code getinfo} reports:
 * response code, effective URL, scheme, HTTP version, size, content type, total time, primary
 * IP and port, and the number of new connections.
 *
 * <p>It drives a {@link Multi} directly, on the main thread; {@code Probe} would work the same
 * through a {@code MultiActor}. Usage: {@code ProtocolTour [--trace]}; exit status 0 when every
 * transfer returns what was expected, 1 otherwise, 2 for bad arguments.
 */
public final class ProtocolTour {
    static final String USAGE = String.join("\n",
            "usage: ProtocolTour [--trace]",
            "  one transfer over each protocol of the embedded servers (all local), printing what getinfo reports",
            "  --trace  print stack traces of errors");

    private ProtocolTour() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** What {@link Probe} reports: the body and the transfer's info. */
    record Report(String body, int responseCode, String effectiveUrl, String scheme, HttpVersion httpVersion,
                  long sizeDownload, String contentType, Duration totalTime, String primaryIp, int primaryPort,
                  int numConnects) {}

    /**
     * Fetches a URL into memory, optionally asking for an HTTP version, and reads the
     * transfer's info in {@code completed}. Nothing in it depends on the protocol.
     */
    static final class Probe implements RequestProtocol<Void, Report> {
        private final String url;
        private final HttpVersion version;
        private final Consumer<ConfigHandle> options;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Probe(String url, HttpVersion version, Consumer<ConfigHandle> options) {
            this.url = url;
            this.version = version;
            this.options = options;
        }

        @Override
        public void configureHandle(ConfigHandle h) {
            h.setopt(CurlOpt.URL, url);
            if (version != null) h.setopt(CurlOpt.HTTP_VERSION, version);   // ignored but by HTTP
            options.accept(h);
            h.setopt(CurlOpt.CONNECTTIMEOUT_MS, 10_000);
            h.setopt(CurlOpt.TIMEOUT_MS, 30_000);
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                int n = data.remaining();
                byte[] chunk = new byte[n];
                data.get(chunk);
                body.write(chunk, 0, n);
                return n;
            });
        }

        @Override
        public Report completed(GetInfoHandle info) {
            return new Report(body.toString(StandardCharsets.UTF_8), info.getinfo(CurlInfo.RESPONSE_CODE),
                    info.getinfo(CurlInfo.EFFECTIVE_URL), info.getinfo(CurlInfo.SCHEME), info.getinfo(CurlInfo.HTTP_VERSION),
                    info.getinfo(CurlInfo.SIZE_DOWNLOAD_T), info.getinfo(CurlInfo.CONTENT_TYPE),
                    info.getinfo(CurlInfo.TOTAL_TIME_T), info.getinfo(CurlInfo.PRIMARY_IP), info.getinfo(CurlInfo.PRIMARY_PORT),
                    info.getinfo(CurlInfo.NUM_CONNECTS));
        }
    }

    /**
     * One stop of the tour: a name, a URL, what its protocol needs, and the response code and body
     * expected. {@link #NO_CODE}: libcurl defines no response code for the protocol (IMAP and POP3:
     * 7.88 reports a leftover 221 there, 8.x 0), so none is checked or shown.
     */
    private static final int NO_CODE = -1;

    private record Stop(String name, String url, HttpVersion version, Consumer<ConfigHandle> options, int expectedCode,
                        String expectedBody) {
        Stop(String name, String url, HttpVersion version, int expectedCode, String expectedBody) {
            this(name, url, version, h -> { }, expectedCode, expectedBody);
        }
    }

    /** Runs the tour, printing to {@code out}; returns the exit status. */
    public static int run(String[] args, PrintStream out) {
        boolean trace = false;
        for (String a : args) {
            if (a.equals("--trace")) {
                trace = true;
            } else if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                return 0;
            } else {
                out.println("error: unknown argument " + a);
                out.println(USAGE);
                return 2;
            }
        }
        Path dir = null;
        TestPki pki = TestPki.create();
        try (LoopbackHttpServer http = LoopbackHttpServer.start(); LoopbackFtpServer ftp = LoopbackFtpServer.start();
             LoopbackFtpServer ftps = LoopbackFtpServer.startTls(pki.server(), LoopbackFtpServer.TlsMode.IMPLICIT);
             LoopbackSshServer ssh = LoopbackSshServer.start(); LoopbackMailServer mail = LoopbackMailServer.start();
             LoopbackLdapServer ldap = LoopbackLdapServer.start(); LoopbackMqttBroker mqtt = LoopbackMqttBroker.start();
             LoopbackTftpServer tftp = LoopbackTftpServer.start();
             LoopbackDictServer dict = LoopbackDictServer.start(Map.of("tour", "a journey that returns to its start"));
             LoopbackGopherServer gopher = LoopbackGopherServer.start(Map.of("hello.txt", bytes("Hello over Gopher\r\n")));
             LoopbackTelnetServer telnet = LoopbackTelnetServer.start(); LoopbackRtspServer rtsp = LoopbackRtspServer.start()) {
            dir = Files.createTempDirectory("konnect-tour-");
            Path file = Files.writeString(dir.resolve("hello.txt"), "Hello from a local file\n");
            Files.writeString(ftp.root().resolve("hello.txt"), "Hello over FTP\n");
            Files.writeString(ftps.root().resolve("hello.txt"), "Hello over FTPS\n");
            Files.writeString(ssh.root().resolve("hello.txt"), "Hello over SSH\n");
            mail.addUser("tour@example.org", "tour", "tour-secret");
            String message = "From: tour@example.org\r\nSubject: tour\r\n\r\nHello over mail\r\n";
            mail.deliver("tour", message.getBytes(StandardCharsets.UTF_8));
            Consumer<ConfigHandle> sshLogin = h -> {
                h.setopt(CurlOpt.USERPWD, LoopbackSshServer.USER + ":" + LoopbackSshServer.PASSWORD);
                h.setopt("SSH_HOST_PUBLIC_KEY_SHA256", ssh.hostKeySha256());   // the host key, pinned
            };
            Consumer<ConfigHandle> mailLogin = h -> h.setopt(CurlOpt.USERPWD, "tour:tour-secret");
            tftp.put("hello.txt", bytes("Hello over TFTP\n"));
            Consumer<ConfigHandle> sendMail = h -> {
                h.setopt("MAIL_FROM", "<tour@example.org>");
                h.setopt("MAIL_RCPT", List.of("<tour@example.org>"));
                h.setopt(CurlOpt.UPLOAD, true);
                h.setopt(CurlOpt.READFUNCTION, once(bytes(message)));
            };
            Consumer<ConfigHandle> rtspOptions = h -> {
                h.setopt("RTSP_REQUEST", 1L);   // CURL_RTSPREQ_OPTIONS
                h.setopt("RTSP_STREAM_URI", "*");
            };
            List<Stop> stops = List.of(
                    new Stop("file://", file.toUri().toString(), null, 0, "Hello from a local file\n"),
                    new Stop("HTTP/1.1", http.url("/protocol"), HttpVersion.HTTP_1_1, 200, "HTTP/1.1"),
                    new Stop("HTTP/2", http.url("/protocol"), HttpVersion.HTTP_2, 200, "HTTP/2.0"),
                    new Stop("FTP", ftp.url("hello.txt"), null, 226, "Hello over FTP\n"),
                    new Stop("FTPS", ftps.url("hello.txt"), null,
                            h -> Certificates.addCaCertificates(h, pki.ca().certPem()), 226, "Hello over FTPS\n"),
                    new Stop("SFTP", ssh.sftpUrl("hello.txt"), null, sshLogin, 0, "Hello over SSH\n"),
                    new Stop("SCP", ssh.scpUrl("hello.txt"), null, sshLogin, 0, "Hello over SSH\n"),
                    new Stop("IMAP", mail.url(LoopbackMailServer.Protocol.IMAP, "INBOX;UID=1"), null, mailLogin, NO_CODE, message),
                    new Stop("POP3", mail.url(LoopbackMailServer.Protocol.POP3, "1"), null, mailLogin, NO_CODE, message),
                    new Stop("SMTP", mail.url(LoopbackMailServer.Protocol.SMTP, "tour.example.org"), null, sendMail, 250, ""),
                    new Stop("LDAP", ldap.url("ou=people,dc=example,dc=com?cn?sub?(uid=alice)"), null, 0,
                            "DN: uid=alice,ou=people,dc=example,dc=com\n\tcn: Alice Liddell\n\n\n"),
                    new Stop("MQTT", mqtt.url("tour/hello"), null, h -> h.setopt(CurlOpt.POSTFIELDS, "Hello over MQTT"), 0, ""),
                    new Stop("TFTP", tftp.url("hello.txt"), null, 0, "Hello over TFTP\n"),
                    new Stop("DICT", dict.url("/d:tour"), null, 0,
                            LoopbackDictServer.BANNER + "250 ok\r\n" + dict.define("tour") + "221 bye\r\n"),
                    new Stop("GOPHER", gopher.url("0hello.txt"), null, 0, "Hello over Gopher\r\n"),
                    new Stop("TELNET", telnet.url(), null, h -> h.setopt(CurlOpt.READFUNCTION, once(bytes("hello\r\n"))), 0,
                            LoopbackTelnetServer.reply("hello")),
                    new Stop("RTSP", rtsp.url("/stream"), null, rtspOptions, 200, ""));
            return tour(stops, out, trace);
        } catch (IOException | RuntimeException e) {
            out.println("error: " + e);
            if (trace) e.printStackTrace(out);
            return 1;
        } finally {
            if (dir != null) deleteQuietly(dir);
        }
    }

    private static int tour(List<Stop> stops, PrintStream out, boolean trace) {
        int ok = 0;
        List<String> summary = new ArrayList<>();
        try (Multi multi = Multi.open()) {
            for (Stop stop : stops) {
                out.println("== " + stop.name() + "  " + stop.url());
                CompletableFuture<Outcome<Void, Report>> stage = multi.process(new Probe(stop.url(), stop.version(), stop.options()))
                        .toCompletableFuture();
                while (!stage.isDone()) multi.perform(Duration.ofSeconds(1));
                Report r;
                try {
                    r = ((Outcome.Final<Void, Report>) stage.join()).result();
                } catch (CompletionException e) {
                    Throwable cause = e.getCause();
                    out.println("   error: " + (cause instanceof CurlError ? cause.getMessage() : String.valueOf(cause)));
                    if (trace) cause.printStackTrace(out);
                    summary.add(String.format(Locale.ROOT, "  %-9s failed", stop.name()));
                    continue;
                }
                print(r, out);
                boolean good = (stop.expectedCode() == NO_CODE || r.responseCode() == stop.expectedCode())
                        && r.body().equals(stop.expectedBody());
                if (good) {
                    ok++;
                } else {
                    out.printf(Locale.ROOT, "   error: expected code %d and body %s%n", stop.expectedCode(),
                            quoted(stop.expectedBody()));
                }
                String code = stop.expectedCode() == NO_CODE ? "  -" : String.format(Locale.ROOT, "%3d", r.responseCode());
                summary.add(String.format(Locale.ROOT, "  %-9s code %s  %-6s %-8s %s", stop.name(), code,
                        r.scheme(), r.httpVersion(), good ? "ok" : "UNEXPECTED"));
            }
        }
        out.println("summary:");
        summary.forEach(out::println);
        out.printf(Locale.ROOT, "%d of %d protocols returned what was expected%n", ok, stops.size());
        return ok == stops.size() ? 0 : 1;
    }

    private static void print(Report r, PrintStream out) {
        out.printf(Locale.ROOT, "   body             %s%n", quoted(r.body()));
        out.printf(Locale.ROOT, "   response code    %d%n", r.responseCode());
        out.printf(Locale.ROOT, "   effective URL    %s%n", r.effectiveUrl());
        out.printf(Locale.ROOT, "   scheme           %s%n", r.scheme());
        out.printf(Locale.ROOT, "   HTTP version     %s%n", r.httpVersion());
        out.printf(Locale.ROOT, "   size             %d bytes%n", r.sizeDownload());
        out.printf(Locale.ROOT, "   content type     %s%n", r.contentType() == null ? "(none)" : r.contentType());
        out.printf(Locale.ROOT, "   total time       %.3f ms%n", r.totalTime().toNanos() / 1e6);
        out.printf(Locale.ROOT, "   primary IP:port  %s%n", r.primaryIp() == null || r.primaryIp().isEmpty()
                ? "(none: no network)" : r.primaryIp() + ":" + r.primaryPort());
        out.printf(Locale.ROOT, "   num connects     %d%n", r.numConnects());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A read callback that hands over {@code data} once, then reports the end (0). */
    private static ReadCallback once(byte[] data) {
        boolean[] sent = {false};
        return buffer -> {
            if (sent[0]) return 0;
            sent[0] = true;
            buffer.put(data);
            return data.length;
        };
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
