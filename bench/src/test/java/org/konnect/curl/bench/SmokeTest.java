package org.konnect.curl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.konnect.curl.testservers.Fresh;
import org.konnect.curl.testservers.Https;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;
import org.konnect.curl.testservers.TestPki;

/**
 * A tiny run of the benchmark's JVM contenders against an in-process server: each completes
 * every request with every byte, and frees every native object when closed. No timing is
 * asserted; the real runs are {@code bench/run}.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class SmokeTest {
    private final LoopbackHttpServer server;
    private final LoopbackHttpServer https;
    private final TestPki pki;

    SmokeTest(LoopbackHttpServer server, @Https LoopbackHttpServer https, TestPki pki) {
        this.server = server;
        this.https = https;
        this.pki = pki;
    }

    @ParameterizedTest
    @ValueSource(strings = {"multi", "multiactor", "pekko-http", "pekko-http-single", "jdk-httpclient", "vertx", "reactor-netty",
        "jetty-client", "apache-async", "okhttp"})
    @Timeout(60)
    void contenderCompletesEveryRequest(String name) throws Exception {
        try (Contender c = Worker.create(name, 8)) {
            Contender.Result small = c.run(new Spec(server.url("/bytes/100"), 200, 8));
            assertEquals(new Contender.Result(200, 0, 200 * 100), small, name + " small");
            Contender.Result bulk = c.run(new Spec(server.url("/bytes/200000"), 20, 4));
            assertEquals(new Contender.Result(20, 0, 20 * 200_000), bulk, name + " bulk");
        }
    }

    /**
     * The peers over TLS against a server whose certificate only the test CA vouches for (given
     * as a PEM file, as {@code Worker --cacert} gives it), over HTTP/1.1 and with h2 asked for by
     * ALPN. With h2 the steady state is one connection carrying every stream: once the runs are
     * done one connection is open, and a further run opens none. (OkHttp, cold, connects once per
     * call in flight and then keeps only the first h2 connection, so the connections accepted are
     * not counted from the start.)
     */
    @ParameterizedTest
    @CsvSource({"vertx,false", "vertx,true", "reactor-netty,false", "reactor-netty,true", "jetty-client,false",
        "jetty-client,true", "apache-async,false", "apache-async,true", "okhttp,false", "okhttp,true"})
    @Timeout(60)
    void peerCompletesEveryRequestOverTls(String name, boolean http2, @Fresh @Https LoopbackHttpServer tls, @TempDir Path dir)
            throws Exception {
        Path ca = Files.write(dir.resolve("ca.pem"), pki.ca().certPem());
        try (Contender c = Worker.create(name, 8)) {
            Spec small = new Spec(tls.url("/bytes/100"), 100, 8, ca.toString(), http2);
            assertEquals(new Contender.Result(100, 0, 100 * 100), c.run(small), name + " small over https");
            Spec bulk = small.with(tls.url("/bytes/200000"), 10, 4);
            assertEquals(new Contender.Result(10, 0, 10 * 200_000), c.run(bulk), name + " bulk over https");
            // HTTP/2.0, HTTP_2, h2; HTTP/1.1, HTTP_1_1, http/1.1
            assertEquals(http2, c.protocol().contains("2"), name + " negotiated " + c.protocol());
            if (http2) {
                assertTrue(tls.awaitActiveConnections(1, Duration.ofSeconds(30)), name + ": " + tls.activeConnections() + " open");
                int accepted = tls.acceptedConnections();
                assertEquals(new Contender.Result(100, 0, 100 * 100), c.run(small), name + " again");
                assertEquals(accepted, tls.acceptedConnections(), name + ": no new connection for h2 streams");
            }
        }
    }

    /** Without the CA file the peers do not trust the test server: every transfer fails, none hangs. */
    @ParameterizedTest
    @ValueSource(strings = {"vertx", "reactor-netty", "jetty-client", "apache-async", "okhttp"})
    @Timeout(60)
    void peerRefusesAnUntrustedServer(String name) throws Exception {
        try (Contender c = Worker.create(name, 2)) {
            assertEquals(new Contender.Result(0, 4, 0), c.run(new Spec(https.url("/bytes/100"), 4, 2, null, false)), name);
        }
    }

    /** Six origins (three servers, each as 127.0.0.1 and as localhost) through a pool of two MultiActors. */
    @Test
    @Timeout(60)
    void poolContenderCompletesEveryRequestOverSeveralOrigins() throws Exception {
        try (LoopbackHttpServer second = LoopbackHttpServer.start(); LoopbackHttpServer third = LoopbackHttpServer.start()) {
            List<String> urls = new ArrayList<>();
            for (LoopbackHttpServer s : List.of(server, second, third)) {
                urls.add(s.url("/bytes/100"));
                urls.add(s.localhostUrl("/bytes/100"));
            }
            String origins = String.join(",", urls);
            try (Contender c = Worker.create("pool-2", 12)) {
                assertEquals(new Contender.Result(240, 0, 240 * 100), c.run(new Spec(origins, 240, 12)));
                assertEquals(new Contender.Result(60, 0, 60 * 100), c.run(new Spec(origins, 60, 12)), "a second run");
            }
            assertEquals(6, PoolContender.urls(new Spec(origins, 1, 1)).size());
        }
    }

    @Test
    void touchReadsEveryByte() {
        ByteBuffer b = ByteBuffer.allocateDirect(19);
        for (int i = 0; i < 19; i++) b.put(i, (byte) 1);
        b.position(3);
        // 16 bytes as two big-endian words of 0x0101..01, plus no tail
        assertEquals(2 * 0x0101010101010101L, Touch.sum(b));
        b.limit(18);
        assertEquals(0x0101010101010101L + 7, Touch.sum(b));
        assertEquals(3, b.position());
    }

    @Test
    void percentilesAndMedians() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) sorted[i] = i + 1;
        assertEquals(50, Worker.pct(sorted, 0.50));
        assertEquals(99, Worker.pct(sorted, 0.99));
        assertEquals(100, Worker.pct(sorted, 1.0));
        assertEquals(2.5, Harness.median(List.of(new double[] {4}, new double[] {1}, new double[] {3}, new double[] {2}), 0));
        assertEquals(3.0, Harness.median(List.of(new double[] {5}, new double[] {1}, new double[] {3}), 0));
    }

    @Test
    void chartIsDrawnHeadless(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<Harness.Row> rows = new ArrayList<>();
        for (String w : List.of("small", "small_https", "h2", "bulk", "concurrent")) {
            Harness.Row ceiling = new Harness.Row(w, "c");
            ceiling.opsPerS = 1000.0;
            ceiling.mbPerS = 1.0;
            ceiling.ratio = 1.0;
            rows.add(ceiling);
            for (String c : Harness.CONTENDERS) {
                Harness.Row r = new Harness.Row(w, c);
                r.opsPerS = 1000.0;
                r.mbPerS = 1.0;
                r.ratio = Rounds.isC(c) ? 1.0 : 0.5;
                r.ratioMin = r.ratio * 0.9;   // the rounds' spread, drawn as whiskers
                r.ratioMax = r.ratio * 1.1;
                rows.add(r);
            }
        }
        Path png = dir.resolve("results.png");
        Chart.draw(rows, List.<String[]>of(new String[] {"blocked", "multiactor", "10", "30.0", "40.0", "50.0", "60.0", "70.0"}),
                png, "quick", "test machine");
        assertTrue(Files.size(png) > 10_000);
    }
}
