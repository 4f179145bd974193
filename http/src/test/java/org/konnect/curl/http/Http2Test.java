package org.konnect.curl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.testservers.Fresh;
import org.konnect.curl.testservers.Https;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.TestPki;

/** HTTP/2 by default over TLS, multiplexed on one connection; HTTP/1.1 in the clear. */
@ExtendWith(LoopbackServers.class)
class Http2Test extends HttpFixture {
    private final Path ca;

    Http2Test(TestPki pki) throws Exception {
        ca = Files.createTempFile("http2-ca", ".pem");
        Files.write(ca, pki.ca().certPem());
    }

    @AfterAll
    void deleteCa() throws Exception {
        Files.delete(ca);
    }

    @Test
    void tlsGetsHttp2AndExchangesShareOneConnection(@Https @Fresh LoopbackHttpServer https) throws Exception {
        HttpClient client = client(settings().withCaCertificates(ca));
        List<CompletionStage<HttpResponse>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) all.add(client.send(HttpRequest.get(https.url("/bytes/" + (10_000 + i)))));
        for (int i = 0; i < 20; i++) {
            HttpResponse r = await(all.get(i));
            assertEquals(HttpVersion.HTTP_2, r.version());
            assertEquals("", r.reason());
            assertEquals(10_000 + i, r.bodyBytes().length());
        }
        assertEquals(1, https.acceptedConnections(), "the exchanges were not multiplexed");
        HttpResponse streamed = await(client.stream(HttpRequest.get(https.url("/protocol"))));
        assertEquals("HTTP/2.0", await(streamed.toStrict(100, testKit.system())).bodyText());
    }

    @Test
    void cleartextStaysOnHttp11(LoopbackHttpServer http) throws Exception {
        HttpResponse r = await(client(settings()).send(HttpRequest.get(http.url("/protocol"))));
        assertEquals(HttpVersion.HTTP_1_1, r.version());
        assertEquals("HTTP/1.1", r.bodyText());
    }

    @Test
    void http11CanBeAskedFor(@Https LoopbackHttpServer https) throws Exception {
        HttpClient client = client(settings().withCaCertificates(ca).withHttpVersion(HttpVersion.HTTP_1_1));
        assertEquals("HTTP/1.1", await(client.send(HttpRequest.get(https.url("/protocol")))).bodyText());
    }
}
