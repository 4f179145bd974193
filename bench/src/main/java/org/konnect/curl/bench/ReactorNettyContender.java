package org.konnect.curl.bench;

import io.netty.buffer.ByteBuf;
import java.io.File;
import java.nio.ByteBuffer;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * {@code reactor-netty}: Reactor Netty's {@code HttpClient} over a {@link ConnectionProvider}
 * with {@code maxConnections} = N (an unbounded acquire queue), keep-alive, on
 * {@link LoopResources} of one worker (the event-loop count is {@code -Dbench.reactor.workers},
 * default 1, the same single event loop as {@code vertx}). Requests are a {@code Flux} whose
 * {@code flatMap} keeps N in flight, as Reactor's documentation does for bounded concurrency;
 * each response's {@code ByteBufFlux} is touched in place (every byte, before Reactor Netty
 * releases the buffer). With {@code --http2} on https:// it negotiates h2 by ALPN over one
 * connection ({@code maxConnections} = 1, streams up to the server's limit).
 */
final class ReactorNettyContender implements Contender {
    private final int inflight;
    private final LoopResources loops = LoopResources.create("reactor-bench", Integer.getInteger("bench.reactor.workers", 1), true);
    private ConnectionProvider provider;
    private final PeerClient<HttpClient> client = new PeerClient<>(this::build);

    ReactorNettyContender(int inflight) {
        this.inflight = inflight;
    }

    private HttpClient build(Spec spec) {
        boolean h2 = spec.https() && spec.http2();
        provider = ConnectionProvider.builder("bench")
                .maxConnections(h2 ? 1 : inflight)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMinutes(5))
                .build();
        HttpClient http = HttpClient.create(provider).runOn(loops).keepAlive(true).responseTimeout(Duration.ofMinutes(5));
        if (spec.https()) {
            File ca = spec.cacert() == null ? null : new File(spec.cacert());
            if (h2) {
                Http2SslContextSpec ssl = Http2SslContextSpec.forClient();
                if (ca != null) ssl = ssl.configure(b -> b.trustManager(ca));
                Http2SslContextSpec chosen = ssl;
                http = http.protocol(HttpProtocol.H2, HttpProtocol.HTTP11).secure(s -> s.sslContext(chosen));
            } else {
                Http11SslContextSpec ssl = Http11SslContextSpec.forClient();
                if (ca != null) ssl = ssl.configure(b -> b.trustManager(ca));
                Http11SslContextSpec chosen = ssl;
                http = http.secure(s -> s.sslContext(chosen));
            }
        }
        return http;
    }

    @Override
    public Result run(Spec spec) {
        HttpClient http = client.get(spec);
        String url = spec.url();
        return Flux.range(0, spec.count())
                .flatMap(i -> one(http, url).onErrorResume(e -> {
                    Failures.report("reactor-netty request", e);
                    return Mono.just(-1L);
                }), spec.inflight())
                .reduce(new Tally(), Tally::add)
                .block(Duration.ofMinutes(30))
                .result();
    }

    /** One GET: the body's size once every byte was touched, or -1 for a status other than 200. */
    private Mono<Long> one(HttpClient http, String url) {
        return http.get().uri(url)
                .response((response, body) -> {
                    protocol.saw(response.version());
                    return body.reduce(0L, (n, buf) -> n + touch(buf))
                        .defaultIfEmpty(0L)
                        .map(n -> {
                            if (response.status().code() == 200) return n;
                            Failures.report("reactor-netty request: status " + response.status().code(), null);
                            return -1L;
                        });
                })
                .single();
    }

    private static long sink;

    private static int touch(ByteBuf buf) {
        long s = 0;
        for (ByteBuffer b : buf.nioBuffers()) s += Touch.sum(b);
        sink += s;
        return buf.readableBytes();
    }

    private final SeenProtocol protocol = new SeenProtocol();

    @Override
    public String protocol() {
        return protocol.text();
    }

    @Override
    public void close() {
        if (provider != null) provider.disposeLater().block(Duration.ofSeconds(30));
        // No quiet period (Netty's default is 2 s): nothing is in flight once a run has returned.
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(30)).block(Duration.ofSeconds(30));
    }
}
