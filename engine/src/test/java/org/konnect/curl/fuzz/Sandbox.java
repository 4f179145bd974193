package org.konnect.curl.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Everything a fuzzed transfer may reach: the loopback HTTP server, a loopback port that refuses,
 * and files in one temporary directory under {@code target/}. Each method draws a value for one
 * {@link Domain}; none names another host, another port or a file elsewhere.
 */
final class Sandbox {
    /** Schemes tried on the refusing port: each fails in its own way, none reaches a server. */
    private static final List<String> REFUSED_SCHEMES = List.of("ftp", "ftps", "sftp", "scp", "smtp", "smtps", "imap", "imaps",
            "pop3", "pop3s", "ldap", "ldaps", "mqtt", "tftp", "dict", "gopher", "gophers", "telnet", "rtsp", "smb", "smbs",
            "rtmp", "ws", "wss", "https", "http", "nosuchscheme");
    private static final List<String> HOSTS = List.of("127.0.0.1", "localhost", "[::1]");

    final Path dir;
    final int httpPort;
    final int refusedPort;
    private final Path garbage;
    private final Path empty;
    private final Path cookies;
    private final Path pem;
    private final Path data;

    Sandbox(Path dir, int httpPort, int refusedPort) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.refusedPort = refusedPort;
        try {
            garbage = Files.write(dir.resolve("garbage.bin"), Values.bytes(new Random(1), 3000));
            empty = Files.write(dir.resolve("empty"), new byte[0]);
            cookies = Files.writeString(dir.resolve("cookies.txt"), "127.0.0.1\tFALSE\t/\tFALSE\t0\tfuzz\tjar\n"
                    + "localhost\tFALSE\t/\tFALSE\t0\tother\tvalue\n");
            pem = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n"
                    + "-----END CERTIFICATE-----\n");
            data = Files.write(dir.resolve("data ä.bin"), Values.bytes(new Random(2), 70_000));
            Files.createDirectories(dir.resolve("uploads"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T pick(Random r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    private String host(Random r) {
        return pick(r, HOSTS);
    }

    /** A URL of the loopback server, a file in the directory, or another scheme on the refusing port. */
    String url(Random r) {
        int roll = r.nextInt(100);
        if (roll < 60) return httpUrl(r);
        if (roll < 75) return fileUrl(r);
        if (roll < 92) return pick(r, REFUSED_SCHEMES) + "://" + host(r) + ":" + refusedPort + "/" + Values.pathJunk(r);
        return malformedUrl(r);
    }

    /** The loopback server: each route, with junk in the path or query now and then. */
    String httpUrl(Random r) {
        String base = (r.nextInt(10) == 0 ? "HTTP://" : "http://") + (r.nextInt(8) == 0 ? "user:pw@" : "") + host(r) + ":" + httpPort;
        String path;
        switch (r.nextInt(12)) {
            case 0: path = "/echo"; break;
            case 1: path = "/status/" + (200 + r.nextInt(400)); break;
            case 2: path = "/protocol"; break;
            case 3: path = "/redirect?to=" + redirectTarget(r); break;
            case 4: path = "/gzip-zeros/" + r.nextInt(200_000); break;
            case 5: path = "/loop"; break;
            case 6: path = "/drip/" + r.nextInt(300); break;
            case 7: path = "/" + Values.pathJunk(r); break;
            case 8: path = "/bytes/" + r.nextInt(300_000) + "?chunk=" + (1 + r.nextInt(70_000)); break;
            default: path = "/bytes/" + r.nextInt(r.nextBoolean() ? 100 : 100_000); break;
        }
        return base + path + (r.nextInt(10) == 0 ? "#" + Values.pathJunk(r) : "");
    }

    /** Where the server's /redirect sends: only back to the sandbox. */
    private String redirectTarget(Random r) {
        switch (r.nextInt(4)) {
            case 0: return "http://127.0.0.1:" + httpPort + "/bytes/" + r.nextInt(1000);
            case 1: return "/redirect?to=/echo";
            case 2: return fileUrl(r);
            default: return "ftp://127.0.0.1:" + refusedPort + "/x";
        }
    }

    /** A file URL inside the directory: data, a missing file, the directory, an upload target. */
    String fileUrl(Random r) {
        String prefix = r.nextBoolean() ? "file://" : "file://localhost";
        switch (r.nextInt(5)) {
            case 0: return prefix + dir.toAbsolutePath() + "/data%20%C3%A4.bin";
            case 1: return prefix + dir.toAbsolutePath() + "/missing";
            case 2: return prefix + dir.toAbsolutePath() + "/";
            case 3: return prefix + dir.toAbsolutePath() + "/garbage.bin";
            default: return prefix + dir.toAbsolutePath() + "/uploads/u" + r.nextInt(8);
        }
    }

    private String malformedUrl(Random r) {
        switch (r.nextInt(7)) {
            case 0: return "";
            case 1: return "http://";
            case 2: return "http://127.0.0.1:99999/";
            case 3: return "127.0.0.1:" + httpPort + "/bytes/5";   // no scheme: DEFAULT_PROTOCOL or libcurl's guess
            case 4: return "http://127.0.0.1:" + httpPort + "/" + "a".repeat(r.nextInt(200_000));
            case 5: return "http://127.0.0.1:" + httpPort + "/%00%ff\u00e9\u4e2d";
            default: return "http://[::1:" + refusedPort + "/";
        }
    }

    /** A proxy or DoH URL: the loopback server (an HTTP proxy that serves its own routes), or a refusal. */
    String proxy(Random r) {
        switch (r.nextInt(8)) {
            case 0: return "";
            case 1: return "http://127.0.0.1:" + httpPort;
            case 2: return "127.0.0.1:" + httpPort;
            case 3: return pick(r, List.of("socks4", "socks4a", "socks5", "socks5h")) + "://" + host(r) + ":" + refusedPort;
            case 4: return "https://127.0.0.1:" + refusedPort + "/dns-query";
            case 5: return "http://127.0.0.1:" + httpPort + "/echo";
            case 6: return "::::";
            default: return "http://" + host(r) + ":" + refusedPort;
        }
    }

    String iface(Random r) {
        return pick(r, List.of("", "lo", "if!lo", "host!127.0.0.1", "host!localhost", "127.0.0.1", "::1", "konnectfuzz0",
                "if!konnectfuzz0", "127.0.0.1:" + refusedPort, "999.1.1.1"));
    }

    String ftpPort(Random r) {
        return pick(r, List.of("-", "", "127.0.0.1", "lo", "127.0.0.1:0", "[::1]"));
    }

    long port(Random r) {
        return pick(r, List.of((long) httpPort, (long) refusedPort, 0L, -1L, 65536L, (long) Integer.MAX_VALUE, Long.MAX_VALUE,
                Long.MIN_VALUE, -80L));
    }

    long localPort(Random r) {
        return pick(r, List.of(0L, -1L, 65536L, (long) refusedPort, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    String readPath(Random r) {
        return pick(r, List.of(garbage, empty, cookies, pem, data, dir, dir.resolve("missing"), dir.resolve("no/such/dir")))
                .toAbsolutePath() + (r.nextInt(20) == 0 ? "/" : "");
    }

    /** Written by libcurl at cleanup or FLUSH: a few names, so that they are rewritten and read back. */
    String writePath(Random r) {
        switch (r.nextInt(6)) {
            case 0: return dir.resolve("no/such/dir/out").toAbsolutePath().toString();
            case 1: return dir.toAbsolutePath().toString();
            case 2: return "";
            default: return dir.resolve("written-" + r.nextInt(3)).toAbsolutePath().toString();
        }
    }

    String unixSocket(Random r) {
        return pick(r, List.of("", dir.resolve("no-socket").toAbsolutePath().toString(), dir.toAbsolutePath().toString(),
                garbage.toAbsolutePath().toString()));
    }

    String abstractSocket(Random r) {
        return r.nextInt(4) == 0 ? "" : "konnect-fuzz-" + Long.toHexString(r.nextLong());
    }

    String engine(Random r) {
        return pick(r, List.of("", "konnectfuzznoengine", "x", "engine" + r.nextInt(1000)));
    }

    /** {@code COOKIELIST}: libcurl's commands, cookies for the loopback hosts, and junk it must parse. */
    String cookieList(Random r) {
        switch (r.nextInt(8)) {
            case 0: return pick(r, List.of("ALL", "SESS", "FLUSH", "RELOAD"));
            case 1: return "Set-Cookie: fuzz=" + r.nextInt(100) + "; domain=127.0.0.1; path=/";
            case 2: return "Set-Cookie: fuzz=" + Values.text(r);
            case 3: return host(r) + "\tFALSE\t/\tFALSE\t0\tname\t" + r.nextInt();
            case 4: return "Set-Cookie: " + "k".repeat(r.nextInt(10_000)) + "=v; domain=localhost";
            default: return Values.text(r);
        }
    }

    /** A {@code CONNECT_TO} or {@code RESOLVE} entry: it may match anything, but maps only to loopback. */
    String hostMapEntry(Random r, boolean resolve) {
        String port = pick(r, List.of("", String.valueOf(httpPort), String.valueOf(refusedPort), "junk", "99999", "*"));
        // No colon in the name matched: it would shift the fields, and a port would become a host to connect to.
        String match = pick(r, List.of("", "127.0.0.1", "localhost", "fuzz.invalid", "\u00e9\u4e2d", "*", "[::1]"));
        if (resolve) {
            String addresses = pick(r, List.of("127.0.0.1", "::1", "[::1]", "", "junk", "999.1.1.1", "127.0.0.1,[::1]"));
            return pick(r, List.of("", "+", "-")) + match + ":" + port + ":" + addresses;
        }
        String to = pick(r, List.of("", "127.0.0.1", "localhost", "[::1]"));
        return match + ":" + port + ":" + to + ":" + pick(r, List.of("", String.valueOf(httpPort), String.valueOf(refusedPort), "x"));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
