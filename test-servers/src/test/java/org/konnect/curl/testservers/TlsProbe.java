package org.konnect.curl.testservers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Talks TLS to a loopback HTTPS server with the JDK's client, to see how it presents itself. */
final class TlsProbe {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TlsProbe() {
    }

    /** The certificate the server presents, valid or not (nothing is verified). */
    static X509Certificate servedCertificate(LoopbackHttpServer server) throws IOException, GeneralSecurityException {
        X509Certificate[] served = new X509Certificate[1];
        X509TrustManager recording = new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                served[0] = chain[0];
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("a client only");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {recording}, null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.startHandshake();
        }
        return served[0];
    }

    /**
     * The status of {@code GET /status/200} from a client that trusts the PKI's CA only and
     * presents {@link TestPki#client() its client certificate} if asked to.
     */
    static int status(LoopbackHttpServer server, TestPki pki, boolean presentClientCertificate)
            throws IOException, InterruptedException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(pki.ca().trustStore());
        KeyManager[] keys = null;
        if (presentClientCertificate) {
            char[] password = "client".toCharArray();
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(pki.client().keyStore(password), password);
            keys = factory.getKeyManagers();
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys, trust.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(WAIT).build();
        return client.send(HttpRequest.newBuilder(URI.create(server.url("/status/200"))).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
