package org.konnect.curl.fuzz;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.Mime;

/**
 * Free-form values of each Java type the options take, drawn to reach libcurl's edges: zero,
 * negatives, the extremes, empty and huge strings, non-ASCII text, control characters and
 * embedded NULs; and values of types no option takes.
 */
final class Values {
    private static final long[] EDGES = {0, 1, -1, 2, 3, 4, 5, 7, 8, 10, 16, 100, 255, 256, 1000, 1024, 65535, 65536,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, -2, -100};
    private static final String[] WORDS = {"", " ", "*", "-", "0", "1", "-1", "ALL", "none", "GET", "POST", "HEAD", "PUT",
        "DELETE", "OPTIONS", "CONNECT", "http", "https,http", "all", "-all", "gzip", "deflate, br", "identity", "0-0",
        "0-", "-5", "1-2,3-4", "a:b", ":", "user:pass", "PEM", "DER", "P12", "ENG", "SRP", "DEFAULT", "TLSv1.3", "X-Fuzz: 1",
        "X-Fuzz-Leak: yes", "Host: 127.0.0.1", "Content-Length: 5", "Transfer-Encoding: chunked", "Expect: 100-continue",
        "Accept:", "NoColon", "\u00e9t\u00e9", "\u4e2d\u6587", "\ud83d\ude00", "\r\n", "a\r\nX-Injected: 1", "%00",
        "\t", "\u0001\u007f", "aws:amz:us-east-1:s3", "sha256//AAAA", "ecl:", "pn:localhost", "true", "1.5"};

    private Values() {}

    static long longValue(Random r) {
        switch (r.nextInt(4)) {
            case 0: return r.nextLong();
            case 1: return r.nextInt(100_000) - 1000;
            default: return EDGES[r.nextInt(EDGES.length)];
        }
    }

    /** A value of type long: every integral boxed type, a Boolean, or a libcurl constant. */
    static Object longOption(Random r) {
        long v = longValue(r);
        switch (r.nextInt(8)) {
            case 0: return (int) v;
            case 1: return (short) v;
            case 2: return (byte) v;
            case 3: return r.nextBoolean();
            case 4: return HttpVersion.values()[r.nextInt(HttpVersion.values().length)];
            default: return v;
        }
    }

    /** A value of type curl_off_t: an integral boxed type. */
    static Object offT(Random r) {
        long v = longValue(r);
        switch (r.nextInt(5)) {
            case 0: return (int) v;
            case 1: return (short) v;
            case 2: return (byte) v;
            default: return v;
        }
    }

    /** Text for a free string option: words, junk, long and huge strings; never a NUL (see {@link #withNul}). */
    static String text(Random r) {
        switch (r.nextInt(10)) {
            case 0: return "";
            case 1: return junk(r, 1 + r.nextInt(40));
            case 2: return junk(r, 1 + r.nextInt(5000));
            case 3: return r.nextInt(20) == 0 ? "x".repeat(1 + r.nextInt(1 << 20)) : "y".repeat(1 + r.nextInt(70_000));
            default: return WORDS[r.nextInt(WORDS.length)];
        }
    }

    static String withNul(Random r) {
        String s = text(r);
        int at = s.isEmpty() ? 0 : r.nextInt(s.length());
        return s.substring(0, at) + '\0' + s.substring(at);
    }

    /** Characters of every class, a lone surrogate included (it encodes as '?'). */
    static String junk(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0: b.append((char) (1 + r.nextInt(31))); break;
                case 1: b.append((char) (0x80 + r.nextInt(0x780))); break;
                case 2: b.append((char) (0xd800 + r.nextInt(0x800))); break;
                default: b.append((char) (32 + r.nextInt(95))); break;
            }
        }
        return b.toString();
    }

    /**
     * Junk for a URL's path, now and then with characters libcurl refuses in a URL (most transfers
     * should get past the URL); no '@' or '\\', so that it cannot turn into a host.
     */
    static String pathJunk(Random r) {
        int roll = r.nextInt(10);
        String s = roll < 6 ? "p" + r.nextInt(1000) : roll < 8 ? WORDS[r.nextInt(WORDS.length)] : junk(r, r.nextInt(30));
        return s.replace('@', '_').replace('\\', '_');
    }

    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static byte[] blob(Random r) {
        int[] sizes = {0, 1, 16, 100, 1000, 70_000};
        if (r.nextInt(5) == 0) return Sandbox.utf8("-----BEGIN CERTIFICATE-----\n" + junk(r, 64) + "\n-----END CERTIFICATE-----\n");
        return bytes(r, sizes[r.nextInt(sizes.length)]);
    }

    /** {@code POSTFIELDS}: bytes (with NULs) or text. */
    static Object body(Random r) {
        int n = r.nextInt(8) == 0 ? r.nextInt(200_000) : r.nextInt(100);
        return r.nextBoolean() ? bytes(r, n) : junk(r, n);
    }

    /** A list of strings, as a List, an array or a Set. */
    static Object stringList(Random r, Random source, java.util.function.Function<Random, String> item) {
        int n = r.nextInt(6);
        List<String> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) items.add(item.apply(source));
        switch (r.nextInt(3)) {
            case 0: return items.toArray(new String[0]);
            case 1: return new LinkedHashSet<>(items);
            default: return items;
        }
    }

    static Mime mime(Random r) {
        int n = r.nextInt(4);
        Mime.Part[] parts = new Mime.Part[n];
        String[] encoders = {"base64", "quoted-printable", "7bit", "8bit", "binary", "nonsense", ""};
        for (int i = 0; i < n; i++) {
            Mime.Part p = r.nextBoolean() ? Mime.Part.data(bytes(r, r.nextInt(3000))) : Mime.Part.text(junk(r, r.nextInt(300)));
            if (r.nextBoolean()) p = p.name(text(r).replace('\0', ' '));
            if (r.nextInt(3) == 0) p = p.type(WORDS[r.nextInt(WORDS.length)]);
            if (r.nextInt(3) == 0) p = p.filename(junk(r, r.nextInt(20)));
            if (r.nextInt(3) == 0) p = p.encoder(encoders[r.nextInt(encoders.length)]);
            if (r.nextInt(4) == 0) p = p.headers(Arrays.asList(WORDS[r.nextInt(WORDS.length)], "X-Part: " + i));
            parts[i] = p;
        }
        return Mime.of(parts);
    }

    /** Values no option takes, or takes only in another kind's place. */
    static Object alien(Random r) {
        switch (r.nextInt(10)) {
            case 0: return 1.5;
            case 1: return 2.0f;
            case 2: return BigInteger.valueOf(r.nextLong());
            case 3: return new AtomicLong(5);
            case 4: return 'c';
            case 5: return new Object();
            case 6: return Arrays.asList("ok", null);
            case 7: return List.of("ok", 7);
            case 8: return new int[] {1, 2};
            default: return new StringBuilder("builder");
        }
    }
}
