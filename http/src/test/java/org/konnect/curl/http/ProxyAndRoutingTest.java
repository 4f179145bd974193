package org.konnect.curl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.testservers.Https;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.TestPki;

/** HTTP CONNECT and SOCKS5 proxies, NO_PROXY, a UNIX domain socket and CONNECT_TO. */
@ExtendWith(LoopbackServers.class)
class ProxyAndRoutingTest extends HttpFixture {
    private final TestServer server = TestServer.start();
    private final TestPki pki;
    @TempDir Path dir;

    ProxyAndRoutingTest(TestPki pki) {
        this.pki = pki;
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void httpsGoesThroughAConnectTunnel(@Https LoopbackHttpServer https) throws Exception {
        Path ca = Files.write(dir.resolve("ca.pem"), pki.ca().certPem());
        try (ConnectProxy proxy = ConnectProxy.start()) {
            HttpClient client = client(settings().withCaCertificates(ca).withProxy(ProxySettings.httpConnect("127.0.0.1", proxy.port())));
            HttpResponse r = await(client.send(HttpRequest.get(https.url("/protocol"))));
            assertEquals(200, r.status());
            assertEquals(HttpVersion.HTTP_2, r.version());
            assertEquals("HTTP/2.0", r.bodyText());
            assertEquals(List.of("127.0.0.1:" + https.port()), proxy.tunnels());
            // The proxy's own "200 Connection established" is no part of the response.
            assertTrue(r.headers().list().stream().noneMatch(h -> h.value().contains("established")), r.headers().toString());
        }
    }

    @Test
    void httpIsTunnelledToo() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.start()) {
            HttpClient client = client(settings().withProxy(ProxySettings.httpConnect("127.0.0.1", proxy.port())));
            HttpResponse r = await(client.stream(HttpRequest.post(server.url("/echo"), RequestBody.of("through"))));
            assertEquals("through", await(r.toStrict(100, testKit.system())).bodyText());
            assertEquals(List.of("127.0.0.1:" + server.port()), proxy.tunnels());
        }
    }

    @Test
    void aProxyThatWantsCredentialsGetsThem() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.startWithCredentials("px", "secret")) {
            ProxySettings settings = ProxySettings.httpConnect("127.0.0.1", proxy.port());
            Throwable refused = failure(client(settings().withProxy(settings)).send(HttpRequest.get(server.url("/echo"))));
            assertTrue(refused.getMessage().contains("407"), refused.getMessage());
            HttpResponse ok = await(client(settings().withProxy(settings.withCredentials("px", "secret")))
                    .send(HttpRequest.get(server.url("/echo"))));
            assertEquals(200, ok.status());
        }
    }

    @Test
    void socks5ResolvesNamesAtTheProxy() throws Exception {
        try (Socks5Proxy socks = new Socks5Proxy()) {
            HttpClient client = client(settings().withProxy(ProxySettings.socks5("127.0.0.1", socks.port())));
            HttpResponse r = await(client.send(HttpRequest.put("http://localhost:" + server.port() + "/echo", RequestBody.of("socks"))));
            assertEquals("socks", r.bodyText());
            assertEquals(List.of("localhost:" + server.port()), socks.requests());
        }
    }

    @Test
    void noProxyHostsAreReachedDirectly() throws Exception {
        try (Socks5Proxy socks = new Socks5Proxy()) {
            HttpClient client = client(settings().withProxy(ProxySettings.socks5("127.0.0.1", socks.port()).withNoProxy("127.0.0.1")));
            assertEquals(200, await(client.send(HttpRequest.get(server.url("/echo")))).status());
            assertEquals(200, await(client.send(HttpRequest.get("http://localhost:" + server.port() + "/echo"))).status());
            assertEquals(List.of("localhost:" + server.port()), socks.requests());
        }
    }

    @Test
    void everyRequestCanGoOverAUnixSocket() throws Exception {
        Path socket = dir.resolve("http.sock");
        try (TestServer unix = TestServer.startUnix(socket)) {
            HttpClient client = client(settings().withRouting(Routing.unixSocket(socket)));
            HttpResponse r = await(client.send(HttpRequest.post("http://localhost/echo", RequestBody.of("over a socket"))));
            assertEquals("over a socket", r.bodyText());
            assertEquals(1, unix.routes().requests());
            HttpResponse streamed = await(client.stream(HttpRequest.get("http://docker/status/204")));
            assertEquals(204, streamed.status());
        }
    }

    @Test
    void connectToReroutesAHostAndKeepsItsName() throws Exception {
        HttpClient client = client(settings().withRouting(Routing.DIRECT.withConnectTo("api.example", 80, "127.0.0.1", server.port())));
        HttpResponse r = await(client.send(HttpRequest.get("http://api.example/echo").withHeader("X-Probe", "1")));
        assertEquals(200, r.status());
        assertEquals("1", r.headers().first("X-Echo-X-Probe").orElseThrow());
        assertEquals("http://api.example/echo", r.uri().toString());
    }
}
