package org.konnect.curl.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.util.ByteString;

/**
 * {@code pekko-http-single}: Pekko HTTP's request-level API, {@code Http.singleRequest}, with N
 * requests in flight (a semaphore of N permits) over the same pool settings as
 * {@link PekkoHttpContender} (max-connections = N). A supplementary row: it is the API the
 * documentation recommends "for most usages", and the one behind design.md's reference figures.
 */
final class PekkoSingleRequestContender implements Contender {
    private final ActorSystem system;

    PekkoSingleRequestContender(int inflight) {
        system = ActorSystem.create("pekko-http-single-bench", PekkoHttpContender.config(inflight));
    }

    @Override
    public Result run(Spec spec) throws Exception {
        Http http = Http.get(system);
        HttpRequest request = HttpRequest.GET(spec.url());
        Semaphore permits = new Semaphore(spec.inflight());
        AtomicLong ok = new AtomicLong(), failed = new AtomicLong(), bytes = new AtomicLong();
        for (int i = 0; i < spec.count(); i++) {
            permits.acquire();
            http.singleRequest(request)
                    .thenCompose(this::consume)
                    .whenComplete((n, error) -> {
                        if (error == null && n >= 0) {
                            ok.incrementAndGet();
                            bytes.addAndGet(n);
                        } else {
                            failed.incrementAndGet();
                            Failures.report("pekko-http singleRequest", error);
                        }
                        permits.release();
                    });
        }
        if (!permits.tryAcquire(spec.inflight(), 30, TimeUnit.MINUTES)) throw new IllegalStateException("run timed out");
        permits.release(spec.inflight());
        return new Result(ok.get(), failed.get(), bytes.get());
    }

    private CompletionStage<Long> consume(HttpResponse response) {
        boolean ok = response.status().intValue() == 200;
        HttpEntity entity = response.entity();
        if (entity instanceof HttpEntity.Strict strict) {
            long n = touch(strict.getData());
            return CompletableFuture.completedFuture(ok ? n : -1L);
        }
        return entity.getDataBytes().runFold(0L, (acc, b) -> acc + touch(b), system).thenApply(n -> ok ? n : -1L);
    }

    private static long sink;

    private static long touch(ByteString bytes) {
        long s = 0;
        for (ByteBuffer b : bytes.getByteBuffers()) s += Touch.sum(b);
        sink += s;
        return bytes.size();
    }

    @Override
    public void close() throws Exception {
        Http.get(system).shutdownAllConnectionPools().toCompletableFuture().get(30, TimeUnit.SECONDS);
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
