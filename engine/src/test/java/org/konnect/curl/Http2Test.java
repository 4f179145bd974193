package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.Fresh;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** HTTP/2 over cleartext: by prior knowledge, by upgrade, and multiplexed on one connection. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class Http2Test {
    @Test
    void priorKnowledgeSpeaksHttp2(LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(server.url("/protocol"),
                    h -> h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2_PRIOR_KNOWLEDGE))));
            assertEquals(200, r.code());
            assertEquals(HttpVersion.HTTP_2, r.version());
            assertEquals("HTTP/2.0", r.text());
        }
    }

    /**
     * curl issue 10634 (libcurl before 8.0): after one prior-knowledge transfer, every later one
     * reusing its connection failed with CURLE_HTTP2. On such versions the engine gives each
     * prior-knowledge transfer a connection of its own (LibcurlWorkarounds); from 8.0 on the
     * connection is reused and concurrent streams multiplex.
     */
    @Test
    void priorKnowledgeTransfersSucceedOneAfterAnotherAndConcurrently(@Fresh LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            java.util.function.Supplier<Exchange> priorKnowledge = () -> new Exchange(server.url("/bytes/5000"), h -> {
                h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2_PRIOR_KNOWLEDGE);
                h.setopt(CurlOpt.PIPEWAIT, true);
            });
            for (int i = 0; i < 5; i++) {
                Exchange.Result r = Drive.result(multi, multi.process(priorKnowledge.get()));
                assertEquals(HttpVersion.HTTP_2, r.version(), "sequential transfer " + i);
                assertArrayEquals(LoopbackHttpServer.pattern(5000), r.body());
            }
            List<CompletionStage<Outcome<Void, Exchange.Result>>> stages = new ArrayList<>();
            for (int i = 0; i < 20; i++) stages.add(multi.process(priorKnowledge.get()));
            for (CompletionStage<Outcome<Void, Exchange.Result>> stage : stages) {
                Exchange.Result r = Drive.result(multi, stage);
                assertEquals(HttpVersion.HTTP_2, r.version());
                assertArrayEquals(LoopbackHttpServer.pattern(5000), r.body());
            }
            if (Curl.versionNumber() >= 0x080000) {
                assertTrue(server.acceptedConnections() < 25, "libcurl 8 reuses prior-knowledge connections: "
                        + server.acceptedConnections() + " for 25 transfers");
            } else {
                assertEquals(25, server.acceptedConnections(), "before 8.0 each prior-knowledge transfer has its own connection");
            }
        }
    }

    @Test
    void upgradeNegotiatesHttp2(LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(server.url("/protocol"),
                    h -> h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2))));
            assertEquals(HttpVersion.HTTP_2, r.version());
            assertEquals("HTTP/2.0", r.text());
        }
    }

    /**
     * libcurl 7.88 can leave an HTTP/2 stream with buffered data and no timer when the consumer
     * is slower than the connection; the transfer then waits for an unrelated timer (here the
     * 20 s connect timeout). The loop's quiet-time sweep (native/multi.c) must finish these
     * promptly instead.
     */
    @Test
    void slowConsumersOnHttp2DoNotStall(LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            long start = System.nanoTime();
            List<CompletionStage<Outcome<Void, Exchange.Result>>> stages = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Exchange slow = new Exchange(server.url("/bytes/3000000"), h -> {
                    h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2_PRIOR_KNOWLEDGE);
                    h.setopt(CurlOpt.FRESH_CONNECT, true);
                    h.setopt(CurlOpt.CONNECTTIMEOUT_MS, 20_000);
                }) {
                    @Override
                    int onBody(java.nio.ByteBuffer data) {
                        long until = System.nanoTime() + 100_000;   // a consumer slower than loopback
                        while (System.nanoTime() < until) Thread.onSpinWait();
                        return super.onBody(data);
                    }
                };
                stages.add(multi.process(slow));
            }
            for (CompletionStage<Outcome<Void, Exchange.Result>> stage : stages) {
                assertArrayEquals(LoopbackHttpServer.pattern(3_000_000), Drive.result(multi, stage).body());
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertTrue(seconds < 10, "finished in " + seconds + " s, not after the 20 s connect-timeout timer");
        }
    }

    /**
     * Multiplexed over an upgraded connection. (libcurl 7.88.1, Debian 12's, fails streams
     * reusing a prior-knowledge connection with CURLE_HTTP2 — curl issue 10634, fixed in 8.0 —
     * so this test negotiates by upgrade, which 7.88.1 multiplexes correctly.)
     */
    @Test
    void concurrentTransfersShareOneMultiplexedConnection(@Fresh LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            List<CompletionStage<Outcome<Void, Exchange.Result>>> stages = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                stages.add(multi.process(new Exchange(server.url("/bytes/20000"), h -> {
                    h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2);
                    h.setopt(CurlOpt.PIPEWAIT, true);
                })));
            }
            for (CompletionStage<Outcome<Void, Exchange.Result>> stage : stages) {
                Exchange.Result r = Drive.result(multi, stage);
                assertEquals(HttpVersion.HTTP_2, r.version());
                assertArrayEquals(LoopbackHttpServer.pattern(20_000), r.body());
            }
            assertEquals(1, server.acceptedConnections(), "all streams multiplexed on one connection");
        }
    }
}
