package org.konnect.curl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.konnect.curl.testservers.Https;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;
import org.konnect.curl.testservers.TestPki;

/**
 * The {@code small_https} and {@code h2} paths of the contenders that run them (everything but
 * the C programs, which need nginx): against the test servers' HTTPS server, trusting its CA by
 * {@code --cacert} (a PEM file, as bench/run passes nginx's), over HTTP/1.1 and over HTTP/2 with
 * 100 in flight. Every request completes with every byte; no timing is asserted.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class TlsSmokeTest {
    private final LoopbackHttpServer https;
    private final TestPki pki;

    TlsSmokeTest(TestPki pki, @Https LoopbackHttpServer https) {
        this.pki = pki;
        this.https = https;
    }

    @ParameterizedTest
    @ValueSource(strings = {"multi", "multiactor", "pekko-http", "jdk-httpclient"})
    @Timeout(120)
    void httpsAndHttp2CompleteEveryRequest(String name, @TempDir Path dir) throws Exception {
        Path ca = dir.resolve("ca.pem");
        Files.write(ca, pki.ca().certPem());
        String url = https.url("/bytes/100");
        try (Contender c = Worker.create(name, 100)) {
            Contender.Result h1 = c.run(new Spec(url, 300, 16, ca.toString(), false));
            assertEquals(new Contender.Result(300, 0, 300 * 100), h1, name + " over HTTPS");
        }
        try (Contender c = Worker.create(name, 100)) {
            Contender.Result h2 = c.run(new Spec(url, 500, 100, ca.toString(), true));
            assertEquals(new Contender.Result(500, 0, 500 * 100), h2, name + " over HTTP/2, 100 in flight");
            Contender.Result again = c.run(new Spec(https.url("/bytes/20000"), 100, 100, ca.toString(), true));
            assertEquals(new Contender.Result(100, 0, 100 * 20_000), again, name + " a second run over HTTP/2");
        }
    }
}
