package org.konnect.curl.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.ConnectHttp;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HostConnectionPool;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import scala.util.Try;

/**
 * {@code pekko-http}: Pekko HTTP's host-level client API, the one its documentation recommends
 * when a stream of requests goes to one host over pooled connections: a
 * {@code cachedHostConnectionPool} flow fed by a {@link Source} of requests, with
 * {@code max-connections} = N (and {@code max-open-requests} = the next power of two), no
 * pipelining, and each response entity consumed as it streams in (every byte touched).
 * Over HTTPS the pool connects with an {@link HttpsConnectionContext} trusting {@code --cacert}.
 * With {@code --http2} it uses Pekko HTTP's HTTP/2 client instead, which multiplexes every request
 * on one connection ({@code connectionTo(host).managedPersistentHttp2()}, at most N streams).
 */
final class PekkoHttpContender implements Contender {
    private final ActorSystem system;
    private final int inflight;
    private final ConnectionPoolSettings poolSettings;

    PekkoHttpContender(int inflight) {
        this.inflight = inflight;
        system = ActorSystem.create("pekko-http-bench", config(inflight));
        poolSettings = ConnectionPoolSettings.create(system);
    }

    /** Pool settings shared with {@link PekkoSingleRequestContender}: N connections, no pipelining, no retries. */
    static Config config(int inflight) {
        int openRequests = Integer.highestOneBit(Math.max(1, inflight - 1)) << 1;
        return ConfigFactory.parseString(String.join("\n",
                "pekko.loglevel = WARNING",
                "pekko.log-dead-letters = off",
                "pekko.http.host-connection-pool.max-connections = " + inflight,
                "pekko.http.host-connection-pool.max-open-requests = " + openRequests,
                "pekko.http.host-connection-pool.pipelining-limit = 1",
                "pekko.http.host-connection-pool.max-retries = 0",
                "pekko.http.host-connection-pool.idle-timeout = infinite",
                "pekko.http.host-connection-pool.keep-alive-timeout = infinite",
                "pekko.http.host-connection-pool.response-entity-subscription-timeout = 60s",
                "pekko.http.client.connecting-timeout = 120s",
                "pekko.http.client.idle-timeout = 300s",
                "pekko.http.client.parsing.max-content-length = infinite",
                "pekko.http.client.http2.max-concurrent-streams = " + Math.max(1, inflight)))
                .withFallback(ConfigFactory.load());
    }

    @Override
    public Result run(Spec spec) throws Exception {
        HttpsConnectionContext https = spec.https()
                ? spec.cacert() != null ? ConnectionContext.httpsClient(Tls.trusting(spec.cacert()))
                        : Http.get(system).defaultClientHttpsContext()
                : null;
        Source<Long, NotUsed> bodies;
        if (spec.http2()) {
            if (https == null) throw new IllegalArgumentException("pekko-http: --http2 needs an https URL");
            Flow<HttpRequest, HttpResponse, NotUsed> connection = Http.get(system).connectionTo(spec.host()).toPort(spec.port())
                    .withCustomHttpsConnectionContext(https).managedPersistentHttp2();
            // Pekko's HTTP/2 client sends every request it is offered at once, beyond the server's
            // SETTINGS_MAX_CONCURRENT_STREAMS (nginx refuses the streams past 128 and then closes the
            // connection): permits keep N in flight, each returned when its body has been read.
            AsyncPermits permits = new AsyncPermits(spec.inflight());
            String url = spec.url();
            bodies = Source.range(1, spec.count())
                    .mapAsync(1, permits::acquire)
                    .map(i -> HttpRequest.GET(url))
                    .via(connection)
                    .mapAsyncUnordered(inflight, response -> consume(response).whenComplete((n, e) -> permits.release()));
        } else {
            // The javadsl's cachedHostConnectionPool speaks plain HTTP whatever the ConnectHttp says: HTTPS has its own.
            Flow<Pair<HttpRequest, Integer>, Pair<Try<HttpResponse>, Integer>, HostConnectionPool> pool = https == null
                    ? Http.get(system).cachedHostConnectionPool(ConnectHttp.toHost(spec.host(), spec.port()), poolSettings,
                            system.log())
                    : Http.get(system).cachedHostConnectionPoolHttps(
                            ConnectHttp.toHostHttps(spec.host(), spec.port()).withCustomHttpsContext(https), poolSettings,
                            system.log());
            String path = spec.path();
            bodies = Source.range(1, spec.count())
                    .map(i -> Pair.create(HttpRequest.GET(path), i))
                    .via(pool)
                    .mapAsyncUnordered(inflight, pair -> consume(pair.first()));
        }
        CompletionStage<Tally> done = bodies.runWith(Sink.fold(new Tally(), Tally::add), system);
        return done.toCompletableFuture().get(30, TimeUnit.MINUTES).result();
    }

    /** Touches every byte of the entity; completes with its size, or -1 for a failure. */
    private CompletionStage<Long> consume(Try<HttpResponse> attempt) {
        if (attempt.isFailure()) {
            Failures.report("pekko-http request", attempt.failed().get());
            return CompletableFuture.completedFuture(-1L);
        }
        return consume(attempt.get());
    }

    private CompletionStage<Long> consume(HttpResponse response) {
        boolean ok = response.status().intValue() == 200;
        if (!ok) Failures.report("pekko-http response " + response.status(), null);
        HttpEntity entity = response.entity();
        if (entity instanceof HttpEntity.Strict strict) {
            long n = touch(strict.getData());
            return CompletableFuture.completedFuture(ok ? n : -1L);
        }
        return entity.getDataBytes()
                .runFold(0L, (acc, bytes) -> acc + touch(bytes), system)
                .thenApply(n -> ok ? n : -1L);
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
