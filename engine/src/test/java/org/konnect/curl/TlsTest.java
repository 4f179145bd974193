package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.testservers.Https;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;
import org.konnect.curl.testservers.TestPki;

/** TLS: CA certificates, verification failures, client certificates, ALPN, certinfo. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class TlsTest {
    static final String KEY_PASSWORD = "key-pass";
    final TestPki pki;
    final LoopbackHttpServer https;
    final LoopbackHttpServer expired;
    final LoopbackHttpServer wrongHost;
    final LoopbackHttpServer mutual;
    @TempDir Path dir;

    TlsTest(TestPki pki, @Https LoopbackHttpServer https, @Https(Https.Certificate.EXPIRED) LoopbackHttpServer expired,
            @Https(Https.Certificate.WRONG_HOST) LoopbackHttpServer wrongHost,
            @Https(requireClientCertificate = true) LoopbackHttpServer mutual) {
        this.pki = pki;
        this.https = https;
        this.expired = expired;
        this.wrongHost = wrongHost;
        this.mutual = mutual;
    }

    static Exchange.Result fetch(String url, Consumer<ConfigHandle> tls) {
        try (Multi multi = Multi.open()) {
            return Drive.result(multi, multi.process(new Exchange(url, tls)));
        }
    }

    static CurlError failure(String url, Consumer<ConfigHandle> tls) {
        try (Multi multi = Multi.open()) {
            return Drive.failure(multi, multi.process(new Exchange(url, tls)));
        }
    }

    Path write(String name, byte[] data) throws Exception {
        return Files.write(dir.resolve(name), data);
    }

    // ---- CA certificates -----------------------------------------------------------------

    @Test
    void caFromAPemFile() throws Exception {
        Path ca = write("ca.pem", pki.ca().certPem());
        assertEquals(200, fetch(https.url("/bytes/100"), h -> Certificates.addCaCertificates(h, ca)).code());
    }

    @Test
    void caFromADerFile() throws Exception {
        Path ca = write("ca.der", pki.ca().certDer());
        assertEquals(200, fetch(https.url("/bytes/100"), h -> Certificates.addCaCertificates(h, ca, Certificates.Format.DER)).code());
    }

    @Test
    void caFromPemAndDerBlobs() {
        assertEquals(200, fetch(https.url("/bytes/100"), h -> Certificates.addCaCertificates(h, pki.ca().certPem())).code());
        assertEquals(200, fetch(https.url("/bytes/100"), h -> Certificates.addCaCertificates(h, pki.ca().certDer())).code());
    }

    @Test
    void severalCaCertificatesAccumulate() {
        TestPki other = TestPki.create();
        assertEquals(200, fetch(https.url("/bytes/100"), h -> {
            Certificates.addCaCertificates(h, other.ca().certPem());
            Certificates.addCaCertificates(h, pki.ca().certDer());
        }).code());
    }

    @Test
    void withoutTheCaVerificationFails() {
        CurlError e = failure(https.url("/bytes/100"), h -> {});
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", e.codeName());
        assertTrue(e.detail().contains("certificate"), e.detail());
    }

    @Test
    void aHostNameMismatchFails() {
        CurlError e = failure(wrongHost.url("/bytes/100"), h -> Certificates.addCaCertificates(h, pki.ca().certPem()));
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", e.codeName());
        assertTrue(e.detail().contains("127.0.0.1"), e.detail());
    }

    @Test
    void anExpiredServerCertificateFails() {
        CurlError e = failure(expired.url("/bytes/100"), h -> Certificates.addCaCertificates(h, pki.ca().certPem()));
        assertEquals("CURLE_PEER_FAILED_VERIFICATION", e.codeName());
        assertTrue(e.detail().contains("expired"), e.detail());
    }

    @Test
    void localhostMatchesTheDnsName() {
        assertEquals(200, fetch(https.localhostUrl("/bytes/10"), h -> Certificates.addCaCertificates(h, pki.ca().certPem())).code());
    }

    // ---- HTTP/2 and certinfo -------------------------------------------------------------

    @Test
    void http2IsNegotiatedByAlpnAndTheChainIsReadable() {
        List<X509Certificate>[] chain = new List[1];
        try (Multi multi = Multi.open()) {
            Exchange ex = new Exchange(https.url("/protocol"), h -> {
                Certificates.addCaCertificates(h, pki.ca().certPem());
                h.setopt(CurlOpt.CERTINFO, true);
            }) {
                @Override
                public Result completed(GetInfoHandle info) {
                    chain[0] = Certificates.peerCertificates(info);
                    assertEquals(0L, info.getinfo(CurlInfo.SSL_VERIFYRESULT));
                    assertEquals("https", info.getinfo(CurlInfo.SCHEME));
                    assertTrue(info.getinfo(CurlInfo.APPCONNECT_TIME_T).toNanos() > 0, "a TLS handshake took place");
                    return super.completed(info);
                }
            };
            Exchange.Result r = Drive.result(multi, multi.process(ex));
            assertEquals(HttpVersion.HTTP_2, r.version());
            assertEquals("HTTP/2.0", r.text());
        }
        assertEquals(pki.server().cert(), chain[0].get(0));
        assertEquals(pki.ca().cert(), chain[0].get(1));
    }

    // ---- client certificates -------------------------------------------------------------

    Consumer<ConfigHandle> trusted(Consumer<ConfigHandle> client) {
        return h -> {
            Certificates.addCaCertificates(h, pki.ca().certPem());
            client.accept(h);
        };
    }

    /** The status of a GET from the server that requires a client certificate, with {@code setup} presenting one. */
    private int withClientCertificate(Consumer<ConfigHandle> setup) {
        return fetch(mutual.url("/bytes/10"), trusted(setup)).code();
    }

    @Test
    void clientCertificateAsPemFiles() throws Exception {
        Path cert = write("client.pem", pki.client().certPem());
        Path key = write("client.key", pki.client().encryptedKeyPem(KEY_PASSWORD.toCharArray()));
        assertEquals(200, withClientCertificate(h -> Certificates.setClientCertificate(h, cert, key, KEY_PASSWORD)));
    }

    @Test
    void clientCertificateAsDerFiles() throws Exception {
        Path cert = write("client.der", pki.client().certDer());
        Path key = write("client.key.der", pki.client().keyDer());
        Path encrypted = write("client.enc.der", pki.client().encryptedKeyDer(KEY_PASSWORD.toCharArray()));
        assertEquals(200, withClientCertificate(h -> Certificates.setClientCertificate(h, cert, key, null)));
        assertEquals(200, withClientCertificate(h -> Certificates.setClientCertificate(h, cert, encrypted, KEY_PASSWORD)));
    }

    @Test
    void clientCertificateAsAPkcs12File() throws Exception {
        Path p12 = write("client.p12", pki.client().pkcs12(KEY_PASSWORD.toCharArray()));
        assertEquals(200, withClientCertificate(h -> Certificates.setClientCertificate(h, p12, null, KEY_PASSWORD)));
    }

    @Test
    void clientCertificateAsBlobsInEveryFormat() {
        TestPki.Issued c = pki.client();
        char[] pw = KEY_PASSWORD.toCharArray();
        assertEquals(200, withClientCertificate(h -> Certificates.setClientCertificate(h, c.certPem(), c.keyPem(), null)));
        assertEquals(200, withClientCertificate(h -> Certificates.setClientCertificate(h, c.certPem(), c.encryptedKeyPem(pw),
                KEY_PASSWORD)));
        assertEquals(200, withClientCertificate(h -> Certificates.setClientCertificate(h, c.certDer(), c.keyDer(), null)));
        assertEquals(200, withClientCertificate(h -> Certificates.setClientCertificate(h, c.certDer(), c.encryptedKeyDer(pw),
                KEY_PASSWORD)));
        assertEquals(200, withClientCertificate(h -> Certificates.setClientCertificate(h, c.pkcs12(pw), null, KEY_PASSWORD)));
    }

    @Test
    void withoutAClientCertificateTheServerRefuses() {
        CurlError e = failure(mutual.url("/bytes/10"), trusted(h -> {}));
        // The server sends TLS's "certificate required" alert and closes. Whether libcurl reads
        // the alert first or finds the socket already closed is a race on loopback; both fail.
        if (e.codeName().equals("CURLE_SEND_ERROR")) {
            assertTrue(e.detail().contains("not connected") || e.detail().contains("reset"), e.detail());
        } else {
            assertTrue(e.codeName().equals("CURLE_RECV_ERROR") || e.codeName().equals("CURLE_SSL_CONNECT_ERROR"), e.toString());
            assertTrue(e.detail().contains("certificate"), e.detail());
        }
    }

    @Test
    void aWrongPasswordIsACertificateProblem() {
        TestPki.Issued c = pki.client();
        CurlError onKey = failure(mutual.url("/bytes/10"), trusted(h -> Certificates.setClientCertificate(h, c.certPem(),
                c.encryptedKeyPem(KEY_PASSWORD.toCharArray()), "wrong")));
        assertEquals("CURLE_SSL_CERTPROBLEM", onKey.codeName());
        CurlError onP12 = failure(mutual.url("/bytes/10"), trusted(h -> Certificates.setClientCertificate(h,
                c.pkcs12(KEY_PASSWORD.toCharArray()), null, "wrong")));
        assertEquals("CURLE_SSL_CERTPROBLEM", onP12.codeName());
        assertTrue(onP12.detail().toLowerCase().contains("pkcs12") || onP12.detail().contains("password"), onP12.detail());
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsACertificateProblem() {
        TestPki other = TestPki.create();
        CurlError e = failure(mutual.url("/bytes/10"), trusted(h -> Certificates.setClientCertificate(h,
                pki.client().certPem(), other.client().keyPem(), null)));
        assertEquals("CURLE_SSL_CERTPROBLEM", e.codeName());
    }

    // ---- bad input -------------------------------------------------------------------------

    /** Runs {@code body} inside configureHandle and returns what it threw. */
    IllegalArgumentException rejected(Consumer<ConfigHandle> body) {
        IllegalArgumentException[] seen = new IllegalArgumentException[1];
        fetch(https.url("/bytes/1"), h -> {
            seen[0] = assertThrows(IllegalArgumentException.class, () -> body.accept(h));
            Certificates.addCaCertificates(h, pki.ca().certPem());
        });
        return seen[0];
    }

    @Test
    void garbageEmptyAndMissingInputAreRejectedClearly() {
        byte[] garbage = "this is not a certificate".getBytes(StandardCharsets.US_ASCII);
        assertTrue(rejected(h -> Certificates.addCaCertificates(h, garbage)).getMessage().contains("neither PEM, DER nor PKCS#12"));
        assertTrue(rejected(h -> Certificates.addCaCertificates(h, new byte[0])).getMessage().contains("empty"));
        assertTrue(rejected(h -> Certificates.addCaCertificates(h, dir.resolve("missing.pem"))).getMessage().contains("does not exist"));
        assertTrue(rejected(h -> Certificates.setClientCertificate(h, garbage, pki.client().keyPem(), null)).getMessage()
                .contains("client certificate blob"));
        assertTrue(rejected(h -> Certificates.setClientCertificate(h, pki.client().certPem(), new byte[0], null)).getMessage()
                .contains("private key blob is empty"));
        assertTrue(rejected(h -> Certificates.addCaCertificates(h, pki.ca().certPem(), Certificates.Format.DER)).getMessage()
                .contains("given as DER but holds PEM"));
        assertTrue(rejected(h -> Certificates.setClientCertificate(h, pki.client().pkcs12("x".toCharArray()),
                pki.client().keyPem(), "x")).getMessage().contains("carries its own key"));
        byte[] brokenPem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII);
        assertTrue(rejected(h -> Certificates.addCaCertificates(h, brokenPem)).getMessage().contains("no readable certificate"));
    }

    @Test
    void theBackendIsDetected() {
        assertEquals(TlsBackend.OPENSSL, TlsBackend.current(), Curl.sslVersion());
        assertEquals(TlsBackend.GNUTLS, TlsBackend.of("GnuTLS/3.7.9"));
        assertEquals(TlsBackend.NONE, TlsBackend.of(null));
    }

    // ---- the ready-made Request's safe defaults -------------------------------------------

    @Test
    void requestVerifiesPeersByDefault() {
        try (Multi multi = Multi.open()) {
            CurlError e = Drive.failure(multi, multi.process(Request.toMemory(https.url("/bytes/10"))));
            assertEquals("CURLE_PEER_FAILED_VERIFICATION", e.codeName());
        }
    }

    @Test
    void requestDoesNotFollowRedirectsToOtherProtocols(LoopbackHttpServer http) {
        try (Multi multi = Multi.open()) {
            CurlError e = Drive.failure(multi, multi.process(Request.toMemory(http.url("/redirect?to=file:///etc/hostname"))));
            assertEquals("CURLE_UNSUPPORTED_PROTOCOL", e.codeName());
        }
    }

    @Test
    void requestSendsCredentialsToTheOriginalHostOnly(LoopbackHttpServer http) {
        try (Multi multi = Multi.open()) {
            Request.Response same = Drive.result(multi, multi.process(Request.toMemory(
                    http.url("/redirect?to=" + http.url("/echo"))).withCredentials("user", "secret")));
            assertEquals(200, same.responseCode());
            // 127.0.0.1 → localhost is another host name for libcurl: no Authorization there.
            Exchange.Result elsewhere = Drive.result(multi, multi.process(new Exchange(
                    http.url("/redirect?to=" + http.localhostUrl("/echo")), h -> {
                        h.setopt(CurlOpt.FOLLOWLOCATION, true);
                        h.setopt(CurlOpt.USERNAME, "user");
                        h.setopt(CurlOpt.PASSWORD, "secret");
                    })));
            assertNull(elsewhere.header("X-Echo-Authorization"), elsewhere.headers().toString());
            Exchange.Result direct = Drive.result(multi, multi.process(new Exchange(http.url("/echo"), h -> {
                h.setopt(CurlOpt.USERNAME, "user");
                h.setopt(CurlOpt.PASSWORD, "secret");
            })));
            assertInstanceOf(String.class, direct.header("X-Echo-Authorization"), "credentials reach the original host");
        }
    }
}
