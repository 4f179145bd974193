package org.konnect.curl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Every run stops its MultiActor before it returns: NoNativeLeaks checks nothing native is left. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class ParallelFetchTest {
    /** A table row: {@code #  status  size  time  version  conn  url}. */
    static final String ROW_200 = "\\s+\\d+\\s+200\\s+.*";

    final LoopbackHttpServer http;

    ParallelFetchTest(LoopbackHttpServer http) {
        this.http = http;
    }

    @Test
    void shortRunListsEveryGeneratedFileWithStatus200AndExitsZero() {
        Captured c = new Captured();
        assertEquals(0, ParallelFetch.run(new String[] {"--short", "--quiet"}, c.out), c.text());
        List<String> rows = c.lines().stream().filter(l -> l.matches(ROW_200)).toList();
        assertEquals(ParallelFetch.GENERATED_SHORT, rows.size(), c.text());
        for (int i = 0; i < rows.size(); i++) {
            assertTrue(rows.get(i).trim().startsWith((i + 1) + " "), rows.get(i));
            assertTrue(rows.get(i).matches(".*\\bhttp://127\\.0\\.0\\.1:\\d+/bytes/\\d+$"), rows.get(i));
        }
        assertTrue(rows.stream().anyMatch(r -> r.contains("HTTP/1.1")), c.text());
        assertTrue(rows.stream().anyMatch(r -> r.contains("HTTP/2 ")), c.text());
        assertTrue(c.text().contains("total: 12 transfers, 12 ok, 0 failed"), c.text());
        assertEquals(0, c.count("\\[[#.]+\\].*"), "--quiet: no progress line\n" + c.text());
        assertEquals(0, c.count("error:.*"), c.text());
    }

    @Test
    void withoutQuietAProgressLineIsPrintedAndTheLastShowsEveryTransferDone() {
        Captured c = new Captured();
        assertEquals(0, ParallelFetch.run(new String[] {"--short"}, c.out), c.text());
        // not a terminal (System.console() is not this stream): whole lines, no '\r' redraws
        assertFalse(c.text().contains("\r"), c.text());
        assertEquals(1, c.count("\\[#{30}\\]\\s+12/12 transfers .* MB/s"), c.text());
    }

    @Test
    void progressLineShowsTransfersBytesAndRate() {
        String line = ParallelFetch.Progress.line(150, 300, 123_400_000, 2_000_000_000L);
        assertEquals("[###############...............]   150/300 transfers   123.4 MB     61.7 MB/s", line);
    }

    @Test
    void givenUrlsAreFetchedAndEachFailureIsOneClearLineWithExitOne() throws IOException {
        String refused = "http://127.0.0.1:" + closedPort() + "/nothing-listens-here";
        String missing = http.url("/status/404");
        Captured c = new Captured();
        int status = ParallelFetch.run(new String[] {"--quiet", http.url("/bytes/1234"), refused, missing,
            http.url("/bytes/99")}, c.out);
        assertEquals(1, status, c.text());
        assertEquals(2, c.count(ROW_200), c.text());
        assertTrue(c.text().contains("1.2 kB"), c.text());
        List<String> errors = c.lines().stream().filter(l -> l.startsWith("error:")).toList();
        assertEquals(List.of("error: " + refused + ": CURLE_COULDNT_CONNECT (7): " + detail(errors.get(0)),
                "error: " + missing + ": HTTP status 404"), errors, c.text());
        assertFalse(c.text().contains("\tat "), "no stack trace without --trace\n" + c.text());
        assertTrue(c.text().contains("total: 4 transfers, 2 ok, 2 failed"), c.text());
    }

    @Test
    void traceAddsTheStackTrace() throws IOException {
        Captured c = new Captured();
        assertEquals(1, ParallelFetch.run(new String[] {"--quiet", "--trace", "http://127.0.0.1:" + closedPort() + "/"}, c.out));
        assertEquals(1, c.count("error: .*CURLE_COULDNT_CONNECT.*"), c.text());
        assertTrue(c.text().contains("\tat "), c.text());
    }

    @Test
    void unsupportedProtocolFailsItsTransferOnly() {
        Captured c = new Captured();
        assertEquals(1, ParallelFetch.run(new String[] {"--quiet", "foo://nowhere/", http.url("/bytes/10")}, c.out));
        assertEquals(1, c.count(ROW_200), c.text());
        assertEquals(1, c.count("error: foo://nowhere/: CURLE_UNSUPPORTED_PROTOCOL \\(1\\): .*"), c.text());
    }

    @Test
    void manyUrlsPrintTwentyRowsAndAnAggregateUnlessAll() {
        List<String> args = new ArrayList<>(List.of("--quiet"));
        for (int i = 0; i < 25; i++) args.add(http.url("/bytes/" + (100 + i)));

        Captured some = new Captured();
        assertEquals(0, ParallelFetch.run(args.toArray(new String[0]), some.out), some.text());
        assertEquals(ParallelFetch.TABLE_ROWS, some.count(ROW_200), some.text());
        assertTrue(some.text().contains("5 more rows not shown (--all prints every row)"), some.text());
        assertEquals(1, some.count("\\s+10\\s+200\\s.*/bytes/109"), "the first ten rows\n" + some.text());
        assertEquals(0, some.count("\\s+11\\s+200\\s.*"), some.text());
        assertEquals(1, some.count("\\s+16\\s+200\\s.*/bytes/115"), "and the last ten\n" + some.text());
        assertEquals(1, some.count("\\s+200\\s+HTTP/1.1\\s+25 transfers .*"), some.text());

        args.add("--all");
        Captured all = new Captured();
        assertEquals(0, ParallelFetch.run(args.toArray(new String[0]), all.out), all.text());
        assertEquals(25, all.count(ROW_200), all.text());
        assertFalse(all.text().contains("not shown"), all.text());
    }

    @Test
    void badArgumentsPrintTheUsageAndExitTwo() {
        Captured c = new Captured();
        assertEquals(2, ParallelFetch.run(new String[] {"--fast"}, c.out));
        assertTrue(c.text().startsWith("error: unknown option --fast\nusage: ParallelFetch"), c.text());
    }

    /** The part of an error line after the CURLE code: libcurl's own wording, not checked. */
    private static String detail(String errorLine) {
        return errorLine.substring(errorLine.indexOf("(7): ") + 5);
    }

    /** A loopback port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
