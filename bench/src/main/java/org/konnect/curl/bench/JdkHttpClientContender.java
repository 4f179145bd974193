package org.konnect.curl.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code jdk-httpclient}: {@link HttpClient} (HTTP/1.1, or HTTP/2 with {@code --http2}) with
 * {@code sendAsync}, N requests in flight (a semaphore hands out N permits; each completion
 * returns one). The body is consumed by a subscriber that touches every byte of the buffers it
 * is handed, without copying them. With {@code --cacert} its SSLContext trusts that CA. The
 * client is built at the first run, from that run's settings, and kept for the later ones.
 */
final class JdkHttpClientContender implements Contender {
    private HttpClient client;
    private String clientSettings;

    JdkHttpClientContender() {}

    private HttpClient client(Spec spec) throws Exception {
        String settings = spec.cacert() + "|" + spec.http2();
        if (client == null || !settings.equals(clientSettings)) {
            HttpClient.Builder b = HttpClient.newBuilder()
                    .version(spec.http2() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(120));
            if (spec.cacert() != null) b.sslContext(Tls.trusting(spec.cacert()));
            client = b.build();
            clientSettings = settings;
        }
        return client;
    }

    @Override
    public Result run(Spec spec) throws Exception {
        HttpClient client = client(spec);
        HttpRequest request = HttpRequest.newBuilder(URI.create(spec.url())).GET().build();
        Semaphore permits = new Semaphore(spec.inflight());
        AtomicLong ok = new AtomicLong(), failed = new AtomicLong(), bytes = new AtomicLong();
        for (int i = 0; i < spec.count(); i++) {
            permits.acquire();
            client.sendAsync(request, info -> HttpResponse.BodySubscribers.fromSubscriber(new Summer(), Summer::bytes))
                    .whenComplete((response, error) -> {
                        if (error == null && response.statusCode() == 200) {
                            ok.incrementAndGet();
                            bytes.addAndGet(response.body());
                        } else {
                            failed.incrementAndGet();
                            Failures.report("jdk-httpclient request", error);
                        }
                        permits.release();
                    });
        }
        if (!permits.tryAcquire(spec.inflight(), 30, TimeUnit.MINUTES)) throw new IllegalStateException("run timed out");
        permits.release(spec.inflight());
        return new Result(ok.get(), failed.get(), bytes.get());
    }

    /** Touches every byte of each buffer list it receives. */
    private static final class Summer implements Flow.Subscriber<List<ByteBuffer>> {
        private long bytes;
        private long sum;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            for (int i = 0; i < item.size(); i++) {
                ByteBuffer b = item.get(i);
                sum += Touch.sum(b);
                bytes += b.remaining();
            }
        }

        @Override
        public void onError(Throwable throwable) {}

        @Override
        public void onComplete() {}

        long bytes() {
            return bytes;
        }
    }

    @Override
    public void close() {
        // HttpClient has no close() before Java 21; its threads are daemons.
    }
}
