package org.konnect.curl.testservers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LoopbackServers.class)
class LoopbackHttpServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Each test counts connections and requests: a server of its own. */
    private final LoopbackHttpServer server;

    LoopbackHttpServerTest(@Fresh LoopbackHttpServer server) {
        this.server = server;
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder()
                .version(version)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(WAIT)
                .build();
    }

    private HttpResponse<byte[]> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(server.url(path))).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void urlAndPort() {
        assertTrue(server.port() > 0);
        assertEquals("http://127.0.0.1:" + server.port() + "/x?y=1", server.url("/x?y=1"));
    }

    @Test
    void patternHelpers() {
        byte[] p = LoopbackHttpServer.pattern(600);
        assertEquals(600, p.length);
        assertEquals(0, p[0]);
        assertEquals(250, p[250] & 0xff);
        assertEquals(0, p[251]);
        assertEquals((byte) (599 % 251), p[599]);
        assertTrue(LoopbackHttpServer.isPattern(p));
        assertTrue(LoopbackHttpServer.isPattern(new byte[0]));
        p[300] ^= 1;
        assertFalse(LoopbackHttpServer.isPattern(p));
    }

    @Test
    void bytesOverHttp11() throws Exception {
        HttpResponse<byte[]> r = get(client(HttpClient.Version.HTTP_1_1), "/bytes/100000");
        assertEquals(200, r.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version());
        assertEquals(Optional.of("100000"), r.headers().firstValue("content-length"));
        assertEquals(Optional.of("application/octet-stream"), r.headers().firstValue("content-type"));
        assertEquals(100000, r.body().length);
        assertTrue(LoopbackHttpServer.isPattern(r.body()));
    }

    @Test
    void emptyAndLargeBodies() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_1_1);
        HttpResponse<byte[]> empty = get(c, "/bytes/0");
        assertEquals(200, empty.statusCode());
        assertEquals(0, empty.body().length);
        assertEquals(Optional.of("0"), empty.headers().firstValue("content-length"));
        HttpResponse<byte[]> large = get(c, "/bytes/5000000");
        assertArrayEquals(LoopbackHttpServer.pattern(5_000_000), large.body());
    }

    @Test
    void headOfBytesHasLengthButNoBody() throws Exception {
        HttpResponse<byte[]> r = client(HttpClient.Version.HTTP_1_1).send(
                HttpRequest.newBuilder(URI.create(server.url("/bytes/5000")))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals(Optional.of("5000"), r.headers().firstValue("content-length"));
        assertEquals(0, r.body().length);
    }

    @Test
    void bytesInDelayedChunks() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = get(client(HttpClient.Version.HTTP_1_1), "/bytes/10000?chunk=1000&delayMs=30");
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertArrayEquals(LoopbackHttpServer.pattern(10000), r.body());
        // ten pieces, nine pauses of 30 ms between them
        assertTrue(elapsedMs >= 9 * 30, "took only " + elapsedMs + " ms");
    }

    @Test
    void bytesRejectsOtherMethodsAndBadArguments() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_1_1);
        HttpResponse<byte[]> post = c.send(HttpRequest.newBuilder(URI.create(server.url("/bytes/10")))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, post.statusCode());
        assertEquals(400, get(c, "/bytes/abc").statusCode());
        assertEquals(400, get(c, "/bytes/-1").statusCode());
        assertEquals(400, get(c, "/bytes/10?chunk=0").statusCode());
    }

    @Test
    void echoPostWithHeaders() throws Exception {
        byte[] body = LoopbackHttpServer.pattern(70_001);
        HttpResponse<byte[]> r = client(HttpClient.Version.HTTP_1_1).send(
                HttpRequest.newBuilder(URI.create(server.url("/echo")))
                        .header("X-Custom", "hello")
                        .header("x-lower", "world")
                        .header("Accept", "*/*")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertArrayEquals(body, r.body());
        assertEquals(Optional.of("POST"), r.headers().firstValue("X-Method"));
        assertEquals(Optional.of("70001"), r.headers().firstValue("X-Body-Length"));
        assertEquals(Optional.of("hello"), r.headers().firstValue("X-Echo-X-Custom"));
        assertEquals(Optional.of("world"), r.headers().firstValue("X-Echo-x-lower"));
        assertEquals(Optional.empty(), r.headers().firstValue("X-Echo-Accept"));
    }

    @Test
    void echoOtherMethods() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_1_1);
        for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS")) {
            byte[] body = (method + " body").getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> r = c.send(HttpRequest.newBuilder(URI.create(server.url("/echo")))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode(), method);
            assertEquals(Optional.of(method), r.headers().firstValue("X-Method"));
            assertArrayEquals(body, r.body(), method);
        }
        HttpResponse<byte[]> g = get(c, "/echo");
        assertEquals(Optional.of("GET"), g.headers().firstValue("X-Method"));
        assertEquals(Optional.of("0"), g.headers().firstValue("X-Body-Length"));
        assertEquals(0, g.body().length);
    }

    @Test
    void digestSaysWhatTheBodyWas() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_1_1);
        HttpResponse<String> pattern = c.send(HttpRequest.newBuilder(URI.create(server.url("/digest")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(LoopbackHttpServer.pattern(300_000))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("PUT 300000 pattern", pattern.body());
        HttpResponse<String> other = c.send(HttpRequest.newBuilder(URI.create(server.url("/digest")))
                .POST(HttpRequest.BodyPublishers.ofString("not it")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("POST 6 other", other.body());
    }

    @Test
    void slowReadTakesTheBodyChunkByChunkAndCountsIt() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_1_1);
        CompletableFuture<HttpResponse<String>> r = c.sendAsync(HttpRequest.newBuilder(URI.create(server.url("/slow-read/5")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1 << 20])).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(server.awaitBodyBytesRead(1 << 20, Duration.ofSeconds(30)) >= 1 << 20);
        assertEquals("read " + (1 << 20), r.get(30, TimeUnit.SECONDS).body());
    }

    @Test
    void statusCodesAndNotFound() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_1_1);
        HttpResponse<byte[]> notFound = get(c, "/status/404");
        assertEquals(404, notFound.statusCode());
        assertEquals("status 404", text(notFound));
        HttpResponse<byte[]> unavailable = get(c, "/status/503");
        assertEquals(503, unavailable.statusCode());
        assertEquals("status 503", text(unavailable));
        HttpResponse<byte[]> noContent = get(c, "/status/204");
        assertEquals(204, noContent.statusCode());
        assertEquals(0, noContent.body().length);
        assertEquals(400, get(c, "/status/99").statusCode());
        assertEquals(400, get(c, "/status/abc").statusCode());
        HttpResponse<byte[]> unknown = get(c, "/no/such/thing");
        assertEquals(404, unknown.statusCode());
        assertEquals("not found", text(unknown));
    }

    @Test
    void protocolOverHttp11() throws Exception {
        HttpResponse<byte[]> r = get(client(HttpClient.Version.HTTP_1_1), "/protocol");
        assertEquals("HTTP/1.1", text(r));
        assertEquals(HttpClient.Version.HTTP_1_1, r.version());
    }

    @Test
    void h2cUpgradeUsesOneConnection() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_2);
        HttpResponse<byte[]> r = get(c, "/protocol");
        assertEquals(200, r.statusCode());
        assertEquals("HTTP/2.0", text(r));
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        HttpResponse<byte[]> bytes = get(c, "/bytes/200000");
        assertEquals(HttpClient.Version.HTTP_2, bytes.version());
        assertArrayEquals(LoopbackHttpServer.pattern(200_000), bytes.body());
        HttpResponse<byte[]> echo = c.send(HttpRequest.newBuilder(URI.create(server.url("/echo")))
                        .header("X-Via", "h2").POST(HttpRequest.BodyPublishers.ofString("over h2")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("over h2", text(echo));
        assertEquals(Optional.of("h2"), echo.headers().firstValue("x-echo-x-via"));
        assertEquals(1, server.acceptedConnections());
        assertEquals(3, server.requestCount());
    }

    @Test
    void sequentialRequestsReuseOneConnection() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_1_1);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, get(c, "/bytes/" + (1000 * i)).statusCode());
        }
        assertEquals(1, server.acceptedConnections());
        assertEquals(5, server.requestCount());
        assertEquals(1, server.activeConnections());
    }

    @Test
    void separateClientsOpenSeparateConnections() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get(client(HttpClient.Version.HTTP_1_1), "/protocol").statusCode());
        }
        assertEquals(3, server.acceptedConnections());
    }

    @Test
    void redirect() throws Exception {
        String target = server.url("/bytes/10");
        String path = "/redirect?to=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = get(client(HttpClient.Version.HTTP_1_1), path);
        assertEquals(302, r.statusCode());
        assertEquals(Optional.of(target), r.headers().firstValue("location"));

        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<byte[]> followed = get(following, path);
        assertEquals(200, followed.statusCode());
        assertArrayEquals(LoopbackHttpServer.pattern(10), followed.body());
        assertEquals(400, get(following, "/redirect").statusCode());
    }

    @Test
    void countsRawConnectionsOpenAndClosed() throws Exception {
        assertEquals(0, server.activeConnections());
        try (Socket s1 = new Socket("127.0.0.1", server.port());
             Socket s2 = new Socket("127.0.0.1", server.port())) {
            assertTrue(server.awaitActiveConnections(2, WAIT));
            assertEquals(2, server.acceptedConnections());
        }
        assertTrue(server.awaitActiveConnections(0, WAIT));
        assertEquals(2, server.acceptedConnections());
        assertFalse(server.awaitActiveConnections(1, Duration.ofMillis(50)));
    }

    @Test
    void dripStopsWhenHttp11ClientDisconnects() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write("GET /drip/100000000 HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = LoopbackRawServer.readRequestHead(s); // works for response heads too
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase().contains("content-length: 100000000"), head);
            byte[] body = in.readNBytes(3000);
            assertArrayEquals(LoopbackHttpServer.pattern(3000), body);
            assertEquals(1, server.activeTransfers());
        }
        assertTrue(server.awaitActiveTransfers(0, WAIT), "drip did not stop");
        assertTrue(server.awaitActiveConnections(0, WAIT));
    }

    @Test
    void aClientThatStopsReadingBlocksTheServersWrite() throws Exception {
        long offered = 1L << 30;
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /bytes/" + offered + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = LoopbackRawServer.readRequestHead(s); // works for response heads too
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            long sent = server.awaitBlockedWrite(WAIT);   // nothing more is read from here on
            assertTrue(sent > 0 && sent < offered, "sent when the write blocked: " + sent);
            assertEquals(1, server.activeTransfers());
        }
        assertTrue(server.awaitActiveTransfers(0, WAIT), "the transfer did not end with the connection");
    }

    @Test
    void dripStopsWhenH2StreamIsCancelled() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_2);
        assertEquals("HTTP/2.0", text(get(c, "/protocol")));
        HttpResponse<InputStream> r = c.send(HttpRequest.newBuilder(URI.create(server.url("/drip/100000000"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        try (InputStream in = r.body()) {
            assertArrayEquals(LoopbackHttpServer.pattern(2048), in.readNBytes(2048));
            assertEquals(1, server.activeTransfers());
        }
        assertTrue(server.awaitActiveTransfers(0, WAIT), "drip did not stop after the stream was reset");
        // the connection itself stays usable
        assertEquals("HTTP/2.0", text(get(c, "/protocol")));
        assertEquals(1, server.acceptedConnections());
    }

    @Test
    void manyConcurrentH2Requests() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_2);
        assertEquals("HTTP/2.0", text(get(c, "/protocol")));
        List<CompletableFuture<HttpResponse<byte[]>>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(c.sendAsync(HttpRequest.newBuilder(URI.create(server.url("/drip/3000"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> f : futures) {
            HttpResponse<byte[]> r = f.get();
            assertEquals(200, r.statusCode());
            assertArrayEquals(LoopbackHttpServer.pattern(3000), r.body());
        }
        assertEquals(1001, server.requestCount());
        assertEquals(0, server.activeTransfers());
    }

    @Test
    void manyConcurrentHttp11Connections() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_1_1);
        List<CompletableFuture<HttpResponse<byte[]>>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            futures.add(c.sendAsync(HttpRequest.newBuilder(URI.create(server.url("/drip/3000"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> f : futures) {
            assertArrayEquals(LoopbackHttpServer.pattern(3000), f.get().body());
        }
        assertTrue(server.acceptedConnections() > 1, "requests were not concurrent");
    }

    @Test
    void closeIsPromptAndReleasesThePort() throws Exception {
        int port = server.port();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET /drip/100000000 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(server.awaitActiveTransfers(1, WAIT));
            long t0 = System.nanoTime();
            server.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, "close took " + ms + " ms");
            // the client sees the connection end
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                while (in.read(buf) >= 0) {
                    // drain what was sent before the close
                }
            } catch (IOException reset) {
                // a reset is fine too
            }
        }
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }

    // ---------------------------------------------------------------- with libcurl (curl CLI)

    @Test
    void curlHttp2PriorKnowledgeAndUpgrade() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        CurlCli.Result prior = CurlCli.run("--http2-prior-knowledge", server.url("/protocol"));
        assertEquals(0, prior.exitCode(), prior.stderr());
        assertEquals("HTTP/2.0", prior.stdoutText());
        assertEquals(1, server.acceptedConnections());

        CurlCli.Result upgrade = CurlCli.run("--http2", server.url("/protocol"));
        assertEquals(0, upgrade.exitCode(), upgrade.stderr());
        assertEquals("HTTP/2.0", upgrade.stdoutText());
        assertEquals(2, server.acceptedConnections());

        CurlCli.Result http11 = CurlCli.run("--http1.1", server.url("/protocol"));
        assertEquals("HTTP/1.1", http11.stdoutText());
        assertEquals(3, server.acceptedConnections());
        assertTrue(server.awaitActiveConnections(0, WAIT));
    }

    @Test
    void curlDownloadsAndEchoes() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        for (String version : List.of("--http1.1", "--http2", "--http2-prior-knowledge")) {
            CurlCli.Result bytes = CurlCli.run(version, server.url("/bytes/300000?chunk=7000&delayMs=1"));
            assertEquals(0, bytes.exitCode(), bytes.stderr());
            assertArrayEquals(LoopbackHttpServer.pattern(300_000), bytes.stdout());

            CurlCli.Result echo = CurlCli.run(version, "-X", "PUT", "--data-binary", "curl body",
                    "-H", "X-Token: abc", "-D", "-", server.url("/echo"));
            assertEquals(0, echo.exitCode(), echo.stderr());
            String out = echo.stdoutText().toLowerCase();
            assertTrue(out.contains("x-method: put"), out);
            assertTrue(out.contains("x-echo-x-token: abc"), out);
            assertTrue(out.contains("x-body-length: 9"), out);
            assertTrue(out.endsWith("curl body"), out);

            CurlCli.Result head = CurlCli.run(version, "-I", server.url("/bytes/1234"));
            assertEquals(0, head.exitCode(), head.stderr());
            assertTrue(head.stdoutText().toLowerCase().contains("content-length: 1234"), head.stdoutText());

            if (!version.equals("--http2-prior-knowledge")) {
                // Following a redirect reuses the connection; libcurl 7.88 cannot reuse a prior-knowledge
                // h2c connection (curl issue #10634, fixed in 8.0.0), so that combination is left out.
                CurlCli.Result redirected = CurlCli.run(version, "-L", server.url(
                        "/redirect?to=" + URLEncoder.encode(server.url("/status/201"), StandardCharsets.UTF_8)));
                assertEquals(0, redirected.exitCode(), redirected.stderr());
                assertEquals("status 201", redirected.stdoutText());
            }

            CurlCli.Result missing = CurlCli.run(version, "-f", server.url("/status/404"));
            assertEquals(22, missing.exitCode());
        }
    }

    @Test
    void curlLargeUploadsToEcho(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        byte[] body = LoopbackHttpServer.pattern(3_000_000); // > 1 MiB: curl sends Expect: 100-continue
        java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("body.bin"), body);
        for (String version : List.of("--http1.1", "--http2", "--http2-prior-knowledge")) {
            CurlCli.Result post = CurlCli.run(version, "--data-binary", "@" + file, server.url("/echo"));
            assertEquals(0, post.exitCode(), post.stderr());
            assertArrayEquals(body, post.stdout(), version);
            // chunked request body (HTTP/1.1) / unknown length (HTTP/2)
            CurlCli.Result chunked = CurlCli.run(version, "-X", "POST", "-H", "Transfer-Encoding: chunked",
                    "--data-binary", "@" + file, server.url("/echo"));
            assertEquals(0, chunked.exitCode(), chunked.stderr());
            assertArrayEquals(body, chunked.stdout(), version);
        }
    }

    @Test
    void curlReusesUpgradedH2Connection() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        CurlCli.Result r = CurlCli.run("--http2", "-w", " %{http_version}\n",
                server.url("/status/200"), server.url("/protocol"), server.url("/bytes/3"));
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdoutText().startsWith("status 200 2\nHTTP/2.0 2\n"), r.stdoutText());
        assertEquals(1, server.acceptedConnections());
        assertEquals(3, server.requestCount());
    }

    @Test
    void curlTimeoutOnDripIsNoticed() throws Exception {
        assertTrue(CurlCli.available(), "no /usr/bin/curl: scripts/ensure-deps installs it");
        for (String version : List.of("--http1.1", "--http2", "--http2-prior-knowledge")) {
            CurlCli.Result r = CurlCli.run(version, "--max-time", "0.3", server.url("/drip/100000000"));
            assertEquals(28, r.exitCode(), r.stderr());
            assertTrue(r.stdout().length > 0);
            assertTrue(LoopbackHttpServer.isPattern(r.stdout()));
            assertTrue(server.awaitActiveTransfers(0, WAIT), "drip did not stop for " + version);
        }
        assertTrue(server.awaitActiveConnections(0, WAIT));
    }
}
