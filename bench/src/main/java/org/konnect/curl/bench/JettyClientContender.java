package org.konnect.curl.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * {@code jetty-client}: Jetty 12's {@code HttpClient} (the project's Jetty version), HTTP/1.1
 * transport on one selector with {@code maxConnectionsPerDestination} = N and a request queue
 * large enough for every waiting request, no redirects; the bodies go to a content listener
 * that touches every byte of each buffer and nothing is buffered. With {@code --http2} on
 * https:// the dynamic transport negotiates h2 (then HTTP/1.1) by ALPN, over one connection per
 * destination (streams up to the server's limit).
 */
final class JettyClientContender implements Contender {
    private final int inflight;
    private final PeerClient<HttpClient> client = new PeerClient<>(this::build);

    JettyClientContender(int inflight) {
        this.inflight = inflight;
    }

    private HttpClient build(Spec spec) {
        boolean h2 = spec.https() && spec.http2();
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setConnectTimeout(Duration.ofSeconds(120));
        if (spec.https()) {
            SslContextFactory.Client ssl = new SslContextFactory.Client();
            if (spec.cacert() != null) ssl.setTrustStore(PeerTls.trustStore(spec.cacert()));
            connector.setSslContextFactory(ssl);
        }
        HttpClientTransport transport = h2
                ? new HttpClientTransportDynamic(connector, new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector)),
                        HttpClientConnectionFactory.HTTP11)
                : new HttpClientTransportOverHTTP(connector);
        HttpClient http = new HttpClient(transport);
        http.setMaxConnectionsPerDestination(h2 ? 1 : inflight);
        http.setMaxRequestsQueuedPerDestination(Math.max(1024, 2 * inflight));
        http.setFollowRedirects(false);
        http.setIdleTimeout(300_000);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty's HttpClient", e);
        }
        return http;
    }

    @Override
    public Result run(Spec spec) throws Exception {
        HttpClient http = client.get(spec);
        Semaphore permits = new Semaphore(spec.inflight());
        AtomicLong ok = new AtomicLong(), failed = new AtomicLong(), bytes = new AtomicLong();
        for (int i = 0; i < spec.count(); i++) {
            permits.acquire();
            long[] size = new long[1];
            Request request = http.newRequest(spec.url()).onResponseContent((response, content) -> size[0] += touch(content));
            request.send(result -> {
                protocol.saw(result.getResponse().getVersion());
                if (result.isSucceeded() && result.getResponse().getStatus() == 200) {
                    ok.incrementAndGet();
                    bytes.addAndGet(size[0]);
                } else {
                    failed.incrementAndGet();
                    Failures.report("jetty-client request: status " + result.getResponse().getStatus(), result.getFailure());
                }
                permits.release();
            });
        }
        if (!permits.tryAcquire(spec.inflight(), 30, TimeUnit.MINUTES)) throw new IllegalStateException("run timed out");
        permits.release(spec.inflight());
        return new Result(ok.get(), failed.get(), bytes.get());
    }

    private static long sink;

    private static int touch(ByteBuffer content) {
        sink += Touch.sum(content);
        return content.remaining();
    }

    private final SeenProtocol protocol = new SeenProtocol();

    @Override
    public String protocol() {
        return protocol.text();
    }

    @Override
    public void close() throws Exception {
        HttpClient http = client.built();
        if (http != null) http.stop();
    }
}
