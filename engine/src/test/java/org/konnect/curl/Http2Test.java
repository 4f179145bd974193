package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.konnect.curl.testkit.LoopbackHttpServer;

/** HTTP/2 over cleartext: by prior knowledge, by upgrade, and multiplexed on one connection. */
class Http2Test {
    @Test
    void priorKnowledgeSpeaksHttp2() {
        try (LoopbackHttpServer server = LoopbackHttpServer.start(); Multi multi = Multi.open()) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(server.url("/protocol"),
                    h -> h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2_PRIOR_KNOWLEDGE))));
            assertEquals(200, r.code());
            assertEquals(HttpVersion.HTTP_2, r.version());
            assertEquals("HTTP/2.0", r.text());
        }
    }

    @Test
    void upgradeNegotiatesHttp2() {
        try (LoopbackHttpServer server = LoopbackHttpServer.start(); Multi multi = Multi.open()) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(server.url("/protocol"),
                    h -> h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2))));
            assertEquals(HttpVersion.HTTP_2, r.version());
            assertEquals("HTTP/2.0", r.text());
        }
    }

    /**
     * Multiplexed over an upgraded connection. (libcurl 7.88.1, Debian 12's, fails streams
     * reusing a prior-knowledge connection with CURLE_HTTP2 — curl issue 10634, fixed in 8.0 —
     * so this test negotiates by upgrade, which 7.88.1 multiplexes correctly.)
     */
    @Test
    void concurrentTransfersShareOneMultiplexedConnection() {
        try (LoopbackHttpServer server = LoopbackHttpServer.start(); Multi multi = Multi.open()) {
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
