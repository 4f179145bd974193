package org.konnect.curl.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * {@code okhttp}: OkHttp 5 with {@code enqueue()}, a {@link Dispatcher} of
 * {@code maxRequests} = {@code maxRequestsPerHost} = N (OkHttp runs each call on a thread of
 * its dispatcher's pool, blocking I/O) and a {@link ConnectionPool} keeping N idle connections,
 * HTTP/1.1 only, no retries or redirects. Each body is read segment by segment and every byte
 * of every segment touched in place ({@link Buffer.UnsafeCursor}: no copy). With
 * {@code --http2} on https:// OkHttp negotiates h2 by ALPN and multiplexes every call over one
 * connection, which it does by itself for h2.
 */
final class OkHttpContender implements Contender {
    private final Dispatcher dispatcher = new Dispatcher();
    private final ConnectionPool connections;
    private final PeerClient<OkHttpClient> client = new PeerClient<>(this::build);

    OkHttpContender(int inflight) {
        dispatcher.setMaxRequests(inflight);
        dispatcher.setMaxRequestsPerHost(inflight);
        connections = new ConnectionPool(inflight, 5, TimeUnit.MINUTES);
    }

    private OkHttpClient build(Spec spec) {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(connections)
                .protocols(spec.https() && spec.http2() ? List.of(Protocol.HTTP_2, Protocol.HTTP_1_1) : List.of(Protocol.HTTP_1_1))
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .connectTimeout(Duration.ofSeconds(120))
                .readTimeout(Duration.ofMinutes(5));
        if (spec.https() && spec.cacert() != null) {
            X509TrustManager trust = PeerTls.trustManager(spec.cacert());
            b.sslSocketFactory(PeerTls.sslContext(spec.cacert()).getSocketFactory(), trust);
        }
        return b.build();
    }

    @Override
    public Result run(Spec spec) throws Exception {
        OkHttpClient http = client.get(spec);
        Request request = new Request.Builder().url(spec.url()).build();
        Semaphore permits = new Semaphore(spec.inflight());
        AtomicLong ok = new AtomicLong(), failed = new AtomicLong(), bytes = new AtomicLong();
        Callback done = new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                protocol.saw(response.protocol());
                try (ResponseBody body = response.body()) {
                    long n = consume(body.source());
                    if (response.code() == 200) {
                        ok.incrementAndGet();
                        bytes.addAndGet(n);
                    } else {
                        failed.incrementAndGet();
                        Failures.report("okhttp request: status " + response.code(), null);
                    }
                } catch (IOException | RuntimeException e) {
                    failed.incrementAndGet();
                    Failures.report("okhttp request", e);
                } finally {
                    permits.release();
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                failed.incrementAndGet();
                Failures.report("okhttp request", e);
                permits.release();
            }
        };
        for (int i = 0; i < spec.count(); i++) {
            permits.acquire();
            http.newCall(request).enqueue(done);
        }
        if (!permits.tryAcquire(spec.inflight(), 30, TimeUnit.MINUTES)) throw new IllegalStateException("run timed out");
        permits.release(spec.inflight());
        return new Result(ok.get(), failed.get(), bytes.get());
    }

    private static long sink;

    /** Moves the body into a buffer a chunk at a time, touches each segment's bytes where they lie, and drops them. */
    private static long consume(BufferedSource source) throws IOException {
        Buffer chunk = new Buffer();
        Buffer.UnsafeCursor cursor = new Buffer.UnsafeCursor();
        long size = 0, s = 0;
        while (source.read(chunk, 65536) != -1) {
            chunk.readUnsafe(cursor);
            try {
                for (int n = cursor.next(); n != -1; n = cursor.next()) s += Touch.sum(ByteBuffer.wrap(cursor.data, cursor.start, n));
            } finally {
                cursor.close();
            }
            size += chunk.size();
            chunk.clear();
        }
        sink += s;
        return size;
    }

    private final SeenProtocol protocol = new SeenProtocol();

    @Override
    public String protocol() {
        return protocol.text();
    }

    @Override
    public void close() {
        // OkHttp's documented shutdown: stop the dispatcher's threads, close the pooled connections.
        dispatcher.executorService().shutdown();
        connections.evictAll();
    }
}
