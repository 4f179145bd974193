package org.konnect.curl.testservers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * The faults a {@link HostileHttpServer} answers with, one per path ({@link #path()}). Each
 * constant says what the server sends in reply to a request for its path. A fault that keeps
 * the connection usable (the redirects) may serve several requests on it; every other fault
 * ends the connection as it says.
 */
public enum HttpFault {

    /** Reads the request and closes the connection without sending a byte. */
    EMPTY_REPLY {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.finish();
        }
    },
    /** Reads the request and never answers, keeping the connection open and silent. */
    NO_REPLY {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.stall();
        }
    },
    /** Reads the request and resets the connection (TCP RST) without answering. */
    RESET_BEFORE_HEADERS {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.reset();
        }
    },
    /** A complete head promising 100,000 body bytes, then a reset. */
    RESET_AFTER_HEADERS {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Content-Length: 100000"));
            c.reset();
        }
    },
    /** A head promising 100,000 body bytes, 50,000 of them, then a reset. */
    RESET_MID_BODY {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Content-Length: 100000"));
            c.send(PatternBytes.of(50_000));
            c.reset();
        }
    },
    /** The status line and one header, then a close (FIN) before the empty line that ends the head. */
    FIN_IN_HEADERS {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n");
            c.finish();
        }
    },
    /** A head promising 100,000 body bytes, 50,000 of them, then a close (FIN). */
    FIN_MID_BODY {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Content-Length: 100000"));
            c.send(PatternBytes.of(50_000));
            c.finish();
        }
    },
    /** A status line whose code is not a number ({@code HTTP/1.1 two hundred OK}). */
    GARBAGE_STATUS_LINE {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send("HTTP/1.1 two hundred OK\r\nContent-Length: 5\r\n\r\nhello");
            c.finish();
        }
    },
    /** An HTTP/0.9 reply: a body with no status line and no headers, then a close. */
    HTTP_09 {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send("<html>a reply from before HTTP/1.0</html>\n");
            c.finish();
        }
    },
    /** A status line of an HTTP version that does not exist ({@code HTTP/7.3 200 OK}). */
    UNKNOWN_HTTP_VERSION {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send("HTTP/7.3 200 OK\r\nContent-Length: 5\r\n\r\nhello");
            c.finish();
        }
    },
    /** A good status line, then header lines without a colon, with control and high bytes. */
    GARBAGE_HEADERS {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send("HTTP/1.1 200 OK\r\nthis line has no colon\r\n\u0001\u0002\u00ff\u00fe\r\n"
                    + "Content-Length: 5\r\n\r\nhello");
            c.finish();
        }
    },
    /** A header whose value holds a NUL byte. */
    NUL_IN_HEADER {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send("HTTP/1.1 200 OK\r\nX-Nul: before\u0000after\r\nContent-Length: 5\r\n\r\nhello");
            c.finish();
        }
    },
    /** One header line of 1 MiB, then an ordinary end of the head and a body. */
    HUGE_HEADER {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send("HTTP/1.1 200 OK\r\nX-Huge: " + "h".repeat(1 << 20) + "\r\nContent-Length: 5\r\n\r\nhello");
            c.finish();
        }
    },
    /** 100,000 short headers (about 1.3 MB of head), then an ordinary end of the head and a body. */
    HUNDRED_THOUSAND_HEADERS {
        @Override
        void serve(FaultConnection c) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < 100_000; i++) {
                head.append("X-").append(i).append(": v\r\n");
            }
            c.send(head.append("Content-Length: 5\r\n\r\nhello").toString());
            c.finish();
        }
    },
    /** The status line, then one byte of a header line every 100 ms: a head that never ends. */
    SLOW_HEADERS {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send("HTTP/1.1 200 OK\r\nX-Slow: ");
            c.pace(new byte[] {'s'}, 100, Long.MAX_VALUE);
        }
    },
    /** {@code 100 Continue} responses without end, a thousand every 10 ms, and never a final one. */
    FLOOD_OF_1XX {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.pace("HTTP/1.1 100 Continue\r\n\r\n".repeat(1000).getBytes(StandardCharsets.ISO_8859_1), 10, Long.MAX_VALUE);
        }
    },
    /** {@code Content-Length: 100000} and only 1,000 bytes, the connection then open and silent. */
    CONTENT_LENGTH_LONGER_THAN_BODY {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Content-Length: 100000"));
            c.send(PatternBytes.of(1_000));
            c.stall();
        }
    },
    /** {@code Content-Length: 100} and 1,000 bytes of body, then a close. */
    CONTENT_LENGTH_SHORTER_THAN_BODY {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Content-Length: 100"));
            c.send(PatternBytes.of(1_000));
            c.finish();
        }
    },
    /** Two {@code Content-Length} headers that disagree (100 and 200), and 200 bytes. */
    CONTENT_LENGTH_DOUBLED_CONFLICTING {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Content-Length: 100", "Content-Length: 200"));
            c.send(PatternBytes.of(200));
            c.finish();
        }
    },
    /** Two {@code Content-Length: 100} headers, and 100 bytes. */
    CONTENT_LENGTH_DOUBLED_EQUAL {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Content-Length: 100", "Content-Length: 100"));
            c.send(PatternBytes.of(100));
            c.finish();
        }
    },
    /** {@code Content-Length: -1}, and 100 bytes. */
    CONTENT_LENGTH_NEGATIVE {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Content-Length: -1"));
            c.send(PatternBytes.of(100));
            c.finish();
        }
    },
    /** {@code Content-Length: ten}, and 10 bytes. */
    CONTENT_LENGTH_NOT_A_NUMBER {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Content-Length: ten"));
            c.send(PatternBytes.of(10));
            c.finish();
        }
    },
    /** A {@code Content-Length} beyond 2^64, and 100 bytes. */
    CONTENT_LENGTH_OVERFLOW {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Content-Length: 99999999999999999999999"));
            c.send(PatternBytes.of(100));
            c.finish();
        }
    },
    /** A chunked body whose first chunk size is not hexadecimal ({@code zz}). */
    BAD_CHUNK_SIZE {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Transfer-Encoding: chunked") + "zz\r\nhello\r\n0\r\n\r\n");
            c.finish();
        }
    },
    /** A chunked body whose chunk size has 18 hexadecimal digits, more than 64 bits. */
    CHUNK_SIZE_OVERFLOW {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Transfer-Encoding: chunked") + "F".repeat(18) + "\r\nhello\r\n0\r\n\r\n");
            c.finish();
        }
    },
    /** Two complete chunks of a chunked body, then a close without the last (empty) chunk. */
    TRUNCATED_CHUNKED_BODY {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Transfer-Encoding: chunked") + "5\r\nhello\r\n6\r\n world\r\n");
            c.finish();
        }
    },
    /** A chunk announced as 4,000 bytes (hex {@code fa0}), 100 of them, then a close. */
    TRUNCATED_CHUNK {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Transfer-Encoding: chunked") + "fa0\r\n");
            c.send(PatternBytes.of(100));
            c.finish();
        }
    },
    /** Both {@code Transfer-Encoding: chunked} and {@code Content-Length: 5}, and a chunked body of 1,000 bytes. */
    CHUNKED_AND_CONTENT_LENGTH {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Content-Length: 5", "Transfer-Encoding: chunked") + "3e8\r\n");
            c.send(PatternBytes.of(1_000));
            c.send("\r\n0\r\n\r\n");
            c.finish();
        }
    },
    /** {@code Content-Length: 1048576}, then one body byte every 100 ms. */
    SLOW_BODY {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Content-Length: 1048576"));
            c.pace(new byte[] {'b'}, 100, Long.MAX_VALUE);
        }
    },
    /** A body without a length, ended by a close that never comes: 64 KiB every 10 ms, for ever. */
    ENDLESS_BODY {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Connection: close"));
            c.pace(PatternBytes.of(64 * 1024), 10, Long.MAX_VALUE);
        }
    },
    /** A {@code 302} to its own path, on the same connection, for ever. */
    REDIRECT_LOOP {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(redirect(path()));
        }
    },
    /** A {@code 302} to {@code file:///etc/passwd}. */
    REDIRECT_TO_FILE {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(redirect("file:///etc/passwd"));
        }
    },
    /**
     * Asked on {@code 127.0.0.1}: a {@code 302} to the same path and port on {@code localhost},
     * which a client must treat as another host (and not send it the credentials it was given);
     * asked on {@code localhost}: {@code 200} with a short body. {@link HostileHttpServer#requestHeads()}
     * shows what each request carried.
     */
    REDIRECT_TO_OTHER_HOST_WITH_CREDENTIALS {
        @Override
        void serve(FaultConnection c) throws IOException {
            if (c.host().startsWith("localhost:")) {
                c.send(ok("Content-Length: 6") + "landed");
            } else {
                c.send(redirect("http://localhost:" + c.localPort() + path()));
            }
        }
    },
    /** {@code Content-Encoding: gzip}: 16 KiB on the wire that decode to 16 MiB of zeros. */
    GZIP_BOMB {
        @Override
        void serve(FaultConnection c) throws IOException {
            byte[] bomb = Bomb.BYTES;
            c.send(ok("Content-Encoding: gzip", "Content-Length: " + bomb.length));
            c.send(bomb);
            c.finish();
        }
    },
    /** {@code Content-Encoding: gzip} over bytes that are not gzip. */
    CORRUPT_GZIP {
        @Override
        void serve(FaultConnection c) throws IOException {
            c.send(ok("Content-Encoding: gzip", "Content-Length: 100"));
            c.send(PatternBytes.of(100));
            c.finish();
        }
    },
    /** Six gzip layers ({@code Content-Encoding: gzip, gzip, ...}) around a short body. */
    TOO_MANY_ENCODINGS {
        @Override
        void serve(FaultConnection c) throws IOException {
            byte[] body = "hello".getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 6; i++) {
                body = gzip(body);
            }
            c.send(ok("Content-Encoding: gzip, gzip, gzip, gzip, gzip, gzip", "Content-Length: " + body.length));
            c.send(body);
            c.finish();
        }
    };

    /** Answers one request on {@code c}. */
    abstract void serve(FaultConnection c) throws IOException;

    /** The path this fault is served on: {@code /} and its name in lower case, {@code _} as {@code -}. */
    public String path() {
        return "/" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The fault served on {@code path}, or {@code null}. */
    static HttpFault forPath(String path) {
        for (HttpFault f : values()) {
            if (f.path().equals(path)) {
                return f;
            }
        }
        return null;
    }

    private static String ok(String... headers) {
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static String redirect(String location) {
        return "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n";
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(wire)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return wire.toByteArray();
    }

    /** The gzip bomb, made once, when first served. */
    private static final class Bomb {
        static final byte[] BYTES = GzipZeros.of(16L << 20);
    }
}
