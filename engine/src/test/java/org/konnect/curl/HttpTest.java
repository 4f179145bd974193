package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** HTTP/1.1 methods with bodies and headers against the loopback server. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class HttpTest {
    final LoopbackHttpServer server;

    HttpTest(LoopbackHttpServer server) {
        this.server = server;
    }

    @Test
    void getReturnsTheBodyOverHttp11() {
        try (Multi multi = Multi.open()) {
            Request.Response r = Drive.result(multi, multi.process(Request.toMemory(server.url("/bytes/100000"))));
            assertEquals(200, r.responseCode());
            assertEquals(HttpVersion.HTTP_1_1, r.httpVersion());
            assertEquals(100_000, r.bodyBytes());
            assertArrayEquals(LoopbackHttpServer.pattern(100_000), r.body());
            assertEquals("application/octet-stream", r.contentType());
        }
    }

    @Test
    void headReportsTheLengthWithoutABody() {
        try (Multi multi = Multi.open()) {
            long[] length = new long[1];
            Exchange head = new Exchange(server.url("/bytes/5000"), h -> h.setopt(CurlOpt.NOBODY, true)) {
                @Override
                public Result completed(GetInfoHandle info) {
                    length[0] = info.getinfo(CurlInfo.CONTENT_LENGTH_DOWNLOAD_T);
                    assertEquals("HEAD", info.getinfo(CurlInfo.EFFECTIVE_METHOD));
                    return super.completed(info);
                }
            };
            Exchange.Result r = Drive.result(multi, multi.process(head));
            assertEquals(200, r.code());
            assertEquals(0, r.body().length);
            assertEquals(5000, length[0]);
        }
    }

    @Test
    void postSendsBodyAndHeaders() {
        byte[] payload = new byte[70_000];
        new Random(1).nextBytes(payload);
        try (Multi multi = Multi.open()) {
            Exchange post = new Exchange(server.url("/echo"), h -> {
                h.setopt(CurlOpt.POSTFIELDS, payload);
                h.setopt(CurlOpt.HTTPHEADER, List.of("X-Trace: abc-123", "Content-Type: application/x-test"));
            });
            Exchange.Result r = Drive.result(multi, multi.process(post));
            assertEquals(200, r.code());
            assertEquals("POST", r.header("X-Method"));
            assertEquals("abc-123", r.header("X-Echo-X-Trace"));
            assertEquals(String.valueOf(payload.length), r.header("X-Body-Length"));
            assertArrayEquals(payload, r.body());
        }
    }

    @Test
    void postFieldsAsAStringAreSentAsUtf8() {
        try (Multi multi = Multi.open()) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(server.url("/echo"),
                    h -> h.setopt(CurlOpt.POSTFIELDS, "grüße=1"))));
            assertEquals("grüße=1", r.text());
        }
    }

    @Test
    void putUploadsFromTheReadCallback() {
        byte[] payload = new byte[300_000];
        new Random(2).nextBytes(payload);
        int[] offset = {0};
        ReadCallback source = buffer -> {
            int n = Math.min(buffer.remaining(), payload.length - offset[0]);
            buffer.put(payload, offset[0], n);
            offset[0] += n;
            return n;
        };
        try (Multi multi = Multi.open()) {
            Exchange put = new Exchange(server.url("/echo"), h -> {
                h.setopt(CurlOpt.UPLOAD, true);
                h.setopt(CurlOpt.READFUNCTION, source);
                h.setopt(CurlOpt.INFILESIZE_LARGE, (long) payload.length);
                h.setopt(CurlOpt.HTTPHEADER, new String[] {"X-Kind: put"});
            });
            Exchange.Result r = Drive.result(multi, multi.process(put));
            assertEquals(200, r.code());
            assertEquals("PUT", r.header("X-Method"));
            assertEquals("put", r.header("X-Echo-X-Kind"));
            assertArrayEquals(payload, r.body());
        }
    }

    @Test
    void customRequestMethodIsSent() {
        try (Multi multi = Multi.open()) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(server.url("/echo"),
                    h -> h.setopt(CurlOpt.CUSTOMREQUEST, "DELETE"))));
            assertEquals("DELETE", r.header("X-Method"));
        }
    }

    @Test
    void writeCallbackSeesAViewOfExactlyTheChunk() {
        int[] chunks = {0};
        long[] total = {0};
        boolean[] sane = {true};
        try (Multi multi = Multi.open()) {
            Exchange ex = new Exchange(server.url("/bytes/1000000")) {
                @Override
                int onBody(ByteBuffer data) {
                    chunks[0]++;
                    total[0] += data.remaining();
                    sane[0] &= data.isDirect() && data.position() == 0 && data.remaining() > 0;
                    return super.onBody(data);
                }
            };
            Exchange.Result r = Drive.result(multi, multi.process(ex));
            assertArrayEquals(LoopbackHttpServer.pattern(1_000_000), r.body());
            assertEquals(1_000_000, total[0]);
            assertTrue(chunks[0] > 1, "a 1 MB body arrives in several chunks");
            assertTrue(sane[0], "every chunk is a direct view starting at 0");
        }
    }

    @Test
    void followsRedirectsWithTheReadyMadeRequest() {
        try (Multi multi = Multi.open()) {
            String target = server.url("/bytes/10");
            Request.Response r = Drive.result(multi, multi.process(
                    Request.toMemory(server.url("/redirect?to=" + target))));
            assertEquals(200, r.responseCode());
            assertEquals(target, r.effectiveUrl());
            assertEquals(10, r.body().length);
        }
    }

    /**
     * libcurl before 8.3 follows redirects without limit unless MAXREDIRS is set; the engine gives
     * every version 8.3's default of 30, and a limit the request chose is kept.
     */
    @Test
    void aRedirectLoopStopsAtThirtyUnlessTheRequestChoseALimit() {
        try (Multi multi = Multi.open()) {
            CurlError loop = Drive.failure(multi, multi.process(new Exchange(server.url("/loop"), h -> {
                h.setopt(CurlOpt.FOLLOWLOCATION, true);
                h.setopt(CurlOpt.TIMEOUT_MS, 20_000);
            })));
            assertEquals("CURLE_TOO_MANY_REDIRECTS", loop.codeName(), loop.getMessage());
            assertTrue(loop.detail().contains("(30)"), loop.detail());

            CurlError chosen = Drive.failure(multi, multi.process(new Exchange(server.url("/loop"), h -> {
                h.setopt(CurlOpt.FOLLOWLOCATION, true);
                h.setopt(CurlOpt.MAXREDIRS, 3);
            })));
            assertEquals("CURLE_TOO_MANY_REDIRECTS", chosen.codeName(), chosen.getMessage());
            assertTrue(chosen.detail().contains("(3)"), chosen.detail());

            Exchange.Result notFollowed = Drive.result(multi, multi.process(new Exchange(server.url("/loop"))));
            assertEquals(302, notFollowed.code(), "without FOLLOWLOCATION the redirect is the answer");
        }
    }

    /**
     * A gzip bomb (64 MiB of zeros, about 64 KiB on the wire): MAXFILESIZE_LARGE compares the
     * length on the wire and lets it through, the body cap counts decoded bytes and stops it.
     */
    @Test
    void theBodyCapCountsDecodedBytes() {
        try (Multi multi = Multi.open()) {
            CurlError capped = Drive.failure(multi, multi.process(new Exchange(server.url("/gzip-zeros/67108864"), h -> {
                h.setopt(CurlOpt.ACCEPT_ENCODING, "");
                h.setopt(CurlOpt.MAXFILESIZE_LARGE, 1_000_000L);
                h.maxBodyBytes(1_000_000);
            })));
            assertEquals("CURLE_FILESIZE_EXCEEDED", capped.codeName(), capped.getMessage());
            assertTrue(capped.detail().contains("1000000 bytes this transfer accepts"), capped.detail());

            Exchange.Result underCap = Drive.result(multi, multi.process(new Exchange(server.url("/gzip-zeros/100000"), h -> {
                h.setopt(CurlOpt.ACCEPT_ENCODING, "");
                h.maxBodyBytes(100_000);
            })));
            assertEquals(100_000, underCap.body().length, "a body of exactly the cap is accepted");
        }
    }

    @Test
    void theReadyMadeRequestCapsItsBody() {
        try (Multi multi = Multi.open()) {
            assertEquals(Request.DEFAULT_MAX_BODY_BYTES, 1L << 30);
            CurlError e = Drive.failure(multi, multi.process(Request.toMemory(server.url("/bytes/300000")).withMaxBodyBytes(200_000)));
            assertEquals("CURLE_FILESIZE_EXCEEDED", e.codeName(), e.getMessage());
            Request.Response r = Drive.result(multi, multi.process(Request.toMemory(server.url("/bytes/300000"))));
            assertEquals(300_000, r.bodyBytes());
            assertThrows(IllegalArgumentException.class, () -> Request.toMemory(server.url("/")).withMaxBodyBytes(-1));
        }
    }

    @Test
    void statusCodesAreReportedWithoutFailOnError() {
        try (Multi multi = Multi.open()) {
            Request.Response r = Drive.result(multi, multi.process(Request.toMemory(server.url("/status/503"))));
            assertEquals(503, r.responseCode());
            assertEquals("status 503", new String(r.body(), StandardCharsets.UTF_8));
        }
    }
}
