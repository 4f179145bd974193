package org.konnect.curl.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * {@code apache-async}: Apache HttpClient 5's {@link CloseableHttpAsyncClient} over a
 * {@link PoolingAsyncClientConnectionManager} with max per route (and in total) = N, HTTP/1.1
 * only, no automatic retries, on an I/O reactor of one thread ({@code -Dbench.apache.iothreads},
 * default 1: the same single event loop as {@code vertx}; HttpClient's own default is one per
 * core). Each body goes to an {@link AbstractBinResponseConsumer} that touches every byte of
 * each buffer as it arrives and keeps nothing. With {@code --http2} on https:// the version
 * policy negotiates h2 by ALPN and the pool multiplexes messages over one connection
 * ({@code setMessageMultiplexing}, max per route 1).
 */
final class ApacheAsyncContender implements Contender {
    private final int inflight;
    private final PeerClient<CloseableHttpAsyncClient> client = new PeerClient<>(this::build);

    ApacheAsyncContender(int inflight) {
        this.inflight = inflight;
    }

    private CloseableHttpAsyncClient build(Spec spec) {
        boolean h2 = spec.https() && spec.http2();
        PoolingAsyncClientConnectionManagerBuilder pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(h2 ? 1 : inflight)
                .setMaxConnTotal(h2 ? 1 : inflight)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(120))
                        .setSocketTimeout(Timeout.ofMinutes(5)).build())
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setVersionPolicy(h2 ? HttpVersionPolicy.NEGOTIATE : HttpVersionPolicy.FORCE_HTTP_1).build())
                .setMessageMultiplexing(h2);
        if (spec.https()) {
            pool.setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(PeerTls.sslContext(spec.cacert())).buildAsync());
        }
        CloseableHttpAsyncClient http = HttpAsyncClients.custom()
                .setConnectionManager(pool.build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(Integer.getInteger("bench.apache.iothreads", 1)).build())
                .setVersionPolicy(h2 ? HttpVersionPolicy.NEGOTIATE : HttpVersionPolicy.FORCE_HTTP_1)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .build();
        http.start();
        return http;
    }

    @Override
    public Result run(Spec spec) throws Exception {
        CloseableHttpAsyncClient http = client.get(spec);
        URI uri = URI.create(spec.url());
        Semaphore permits = new Semaphore(spec.inflight());
        AtomicLong ok = new AtomicLong(), failed = new AtomicLong(), bytes = new AtomicLong();
        FutureCallback<Long> done = new FutureCallback<>() {
            @Override
            public void completed(Long n) {
                if (n >= 0) {
                    ok.incrementAndGet();
                    bytes.addAndGet(n);
                } else {
                    failed.incrementAndGet();   // a status other than 200, reported by the consumer
                }
                permits.release();
            }

            @Override
            public void failed(Exception e) {
                failed.incrementAndGet();
                Failures.report("apache-async request", e);
                permits.release();
            }

            @Override
            public void cancelled() {
                failed(new IllegalStateException("cancelled"));
            }
        };
        for (int i = 0; i < spec.count(); i++) {
            permits.acquire();
            http.execute(new BasicRequestProducer(Method.GET, uri), new Summer(this), done);
        }
        if (!permits.tryAcquire(spec.inflight(), 30, TimeUnit.MINUTES)) throw new IllegalStateException("run timed out");
        permits.release(spec.inflight());
        return new Result(ok.get(), failed.get(), bytes.get());
    }

    /** Touches every byte of each buffer; the result is the body's size, or -1 for a status other than 200. */
    private static final class Summer extends AbstractBinResponseConsumer<Long> {
        private static long sink;
        private final ApacheAsyncContender owner;
        private int status;
        private long size;

        Summer(ApacheAsyncContender owner) {
            this.owner = owner;
        }

        @Override
        protected void start(HttpResponse response, ContentType contentType) {
            status = response.getCode();
            owner.protocol.saw(response.getVersion());
        }

        @Override
        protected int capacityIncrement() {
            return Integer.MAX_VALUE;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) {
            sink += Touch.sum(src);
            size += src.remaining();
            src.position(src.limit());
        }

        @Override
        protected Long buildResult() {
            if (status == 200) return size;
            Failures.report("apache-async request: status " + status, null);
            return -1L;
        }

        @Override
        public void releaseResources() {}
    }

    private final SeenProtocol protocol = new SeenProtocol();

    @Override
    public String protocol() {
        return protocol.text();
    }

    @Override
    public void close() {
        CloseableHttpAsyncClient http = client.built();
        if (http != null) http.close(CloseMode.GRACEFUL);
    }
}
