package org.konnect.curl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.CurlError;
import org.konnect.curl.testservers.Https;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.TestPki;

/** Basic, Bearer and Digest credentials per origin, and a TLS client certificate. */
@ExtendWith(LoopbackServers.class)
class AuthTest extends HttpFixture {
    private final TestServer a = TestServer.start();
    private final TestServer b = TestServer.start();
    private final TestPki pki;
    @TempDir Path dir;

    AuthTest(TestPki pki) {
        this.pki = pki;
    }

    @AfterAll
    void stopServers() {
        a.close();
        b.close();
    }

    private static String authorization(HttpResponse r) {
        return r.headers().first("X-Echo-Authorization").orElse("");
    }

    @Test
    void eachOriginGetsItsOwnCredentials() throws Exception {
        HttpClient client = client(settings().withCredentials(Origin.of(a.url("/")), Credentials.basic("user", "secret"))
                .withCredentials(Origin.of(b.url("/")), Credentials.bearer("tok-b")));
        String basic = "Basic " + Base64.getEncoder().encodeToString("user:secret".getBytes(StandardCharsets.UTF_8));
        assertEquals(basic, authorization(await(client.send(HttpRequest.get(a.url("/echo"))))));
        assertEquals("Bearer tok-b", authorization(await(client.send(HttpRequest.get(b.url("/echo"))))));
        assertEquals("", authorization(await(client.send(HttpRequest.get("http://localhost:" + a.port() + "/echo")))));
    }

    @Test
    void digestAnswersTheServersChallenge() throws Exception {
        HttpClient client = client(settings().withCredentials(Origin.of(a.url("/")),
                Credentials.digest(TestServer.USER, TestServer.PASSWORD)));
        HttpResponse r = await(client.send(HttpRequest.post(a.url("/digest/echo"), RequestBody.of("signed body"))));
        assertEquals(200, r.status());
        assertEquals("signed body", r.bodyText());
        assertTrue(authorization(r).startsWith("Digest username=\"alice\""), authorization(r));
        HttpResponse streamed = await(client.stream(HttpRequest.get(a.url("/digest/echo"))));
        assertEquals(200, streamed.status());
        assertEquals("GET", streamed.headers().first("X-Method").orElseThrow());
        await(streamed.toStrict(1000, testKit.system()));
    }

    @Test
    void wrongOrMissingDigestCredentialsGet401() throws Exception {
        HttpClient wrong = client(settings().withCredentials(Origin.of(a.url("/")), Credentials.digest(TestServer.USER, "nope")));
        assertEquals(401, await(wrong.send(HttpRequest.get(a.url("/digest/echo")))).status());
        HttpResponse none = await(client(settings()).send(HttpRequest.get(a.url("/digest/echo"))));
        assertEquals(401, none.status());
        assertTrue(none.headers().first("WWW-Authenticate").orElseThrow().startsWith("Digest"));
    }

    @Test
    void aClientCertificateOpensAServerThatRequiresOne(@Https(requireClientCertificate = true) LoopbackHttpServer mutual)
            throws Exception {
        Path ca = Files.write(dir.resolve("ca.pem"), pki.ca().certPem());
        Path cert = Files.write(dir.resolve("client.pem"), pki.client().certPem());
        Path key = Files.write(dir.resolve("client.key"), pki.client().keyPem());
        HttpClient with = client(settings().withCaCertificates(ca).withClientCertificate(new ClientCertificate(cert, key, null)));
        assertEquals(200, await(with.send(HttpRequest.get(mutual.url("/bytes/10")))).status());
        Throwable without = failure(client(settings().withCaCertificates(ca)).send(HttpRequest.get(mutual.url("/bytes/10"))));
        String code = assertInstanceOf(CurlError.class, without).codeName();
        assertTrue(code.equals("CURLE_SEND_ERROR") || code.equals("CURLE_RECV_ERROR") || code.equals("CURLE_SSL_CONNECT_ERROR"), code);
    }

    @Test
    void anUntrustedServerIsRefused(@Https LoopbackHttpServer https) throws Exception {
        Throwable e = failure(client(settings()).send(HttpRequest.get(https.url("/bytes/10"))));
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", assertInstanceOf(CurlError.class, e).codeName());
    }
}
