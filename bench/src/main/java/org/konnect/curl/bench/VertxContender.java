package org.konnect.curl.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code vertx}: Vert.x 5's {@code HttpClient} on one event loop (a {@link Vertx} with
 * {@code eventLoopPoolSize} 1), configured as Vert.x's documentation describes for throughput to
 * one server: a pool of N HTTP/1.1 connections ({@code http1MaxSize} = N), keep-alive on,
 * pipelining off. With {@code --http2} on https:// it asks for h2 by ALPN over one connection
 * ({@code http2MaxSize} = 1, streams up to the server's limit). N requests are kept in flight
 * with N permits, each started on the one event loop's context; each body is consumed by a
 * handler that touches every byte of every buffer.
 */
final class VertxContender implements Contender {
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    /**
     * Every request starts on this one context, as in a verticle: the futures of a request then
     * complete on it synchronously, so the body handler is in place before the body arrives. (A
     * request started from another thread gets a context of its own, its callbacks are queued,
     * and a short response can end before its handler is set: Vert.x's IllegalStateException.)
     */
    private final Context context = vertx.getOrCreateContext();
    private final int inflight;
    private final PeerClient<HttpClientAgent> client = new PeerClient<>(this::build);

    VertxContender(int inflight) {
        this.inflight = inflight;
    }

    private HttpClientAgent build(Spec spec) {
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setPipelining(false)
                .setConnectTimeout(120_000)
                .setMaxChunkSize(65536);
        if (spec.https()) {
            options.setSsl(true);
            if (spec.cacert() != null) options.setTrustOptions(new PemTrustOptions().addCertPath(spec.cacert()));
            if (spec.http2()) {
                options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true)
                        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
            }
        }
        // The wait queue is unbounded (-1): requests beyond the pool's connections (or h2's streams) wait there.
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(inflight).setHttp2MaxSize(1).setMaxWaitQueueSize(-1);
        return vertx.createHttpClient(options, pool);
    }

    @Override
    public Result run(Spec spec) throws Exception {
        HttpClientAgent http = client.get(spec);
        Semaphore permits = new Semaphore(spec.inflight());
        AtomicLong ok = new AtomicLong(), failed = new AtomicLong(), bytes = new AtomicLong();
        String host = spec.host(), path = spec.path();
        int port = spec.port();
        for (int i = 0; i < spec.count(); i++) {
            permits.acquire();
            context.runOnContext(v -> http.request(HttpMethod.GET, port, host, path)
                    .compose(request -> request.send())
                    .compose(this::consume)
                    .onComplete((n, error) -> {
                        if (error == null && n >= 0) {
                            ok.incrementAndGet();
                            bytes.addAndGet(n);
                        } else {
                            failed.incrementAndGet();
                            if (error != null) Failures.report("vertx request", error);
                        }
                        permits.release();
                    }));
        }
        if (!permits.tryAcquire(spec.inflight(), 30, TimeUnit.MINUTES)) throw new IllegalStateException("run timed out");
        permits.release(spec.inflight());
        return new Result(ok.get(), failed.get(), bytes.get());
    }

    /** Touches every byte as it arrives; completes with the body's size, or -1 for a status other than 200. */
    private Future<Long> consume(HttpClientResponse response) {
        protocol.saw(response.version());
        long[] size = new long[1];
        response.handler(buffer -> size[0] += touch(buffer));
        return response.end().map(v -> {
            if (response.statusCode() == 200) return size[0];
            Failures.report("vertx request: status " + response.statusCode(), null);
            return -1L;
        });
    }

    private static long sink;

    /** Vert.x's public Buffer API reads in place (big-endian words, then the tail), without copying. */
    private static int touch(Buffer buffer) {
        int end = buffer.length();
        int i = 0;
        long s = 0;
        for (; i + 8 <= end; i += 8) s += buffer.getLong(i);
        for (; i < end; i++) s += buffer.getByte(i) & 0xff;
        sink += s;
        return end;
    }

    private final SeenProtocol protocol = new SeenProtocol();

    @Override
    public String protocol() {
        return protocol.text();
    }

    @Override
    public void close() throws Exception {
        HttpClientAgent http = client.built();
        if (http != null) http.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
