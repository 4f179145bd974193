package org.konnect.curl.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;

/** Every method, with bodies strict, from a file and streamed, answered strict. */
@ExtendWith(LoopbackServers.class)
class HttpMethodsTest extends HttpFixture {
    private final LoopbackHttpServer http;
    private final TestServer server = TestServer.start();

    HttpMethodsTest(LoopbackHttpServer http) {
        this.http = http;
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void getReturnsStatusHeadersAndBody() throws Exception {
        HttpResponse r = await(client(settings()).send(HttpRequest.get(http.url("/bytes/100000"))));
        assertEquals(200, r.status());
        assertEquals("OK", r.reason());
        assertEquals(HttpVersion.HTTP_1_1, r.version());
        assertEquals("100000", r.headers().first("content-length").orElseThrow());
        assertTrue(LoopbackHttpServer.isPattern(r.bodyBytes().toArray()));
        assertEquals(100_000, r.bodyBytes().length());
        assertEquals(HttpHeaders.empty(), await(r.trailers()));
    }

    @Test
    void headHasTheHeadOnly() throws Exception {
        HttpResponse r = await(client(settings()).send(HttpRequest.head(http.url("/bytes/5000"))));
        assertEquals(200, r.status());
        assertEquals("5000", r.headers().first("Content-Length").orElseThrow());
        assertEquals(0, r.bodyBytes().length());
    }

    @Test
    void eachMethodReachesTheServerWithItsBody() throws Exception {
        HttpClient client = client(settings());
        for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.of("PROPFIND"))) {
            HttpResponse r = await(client.send(HttpRequest.create(method, server.url("/echo"), RequestBody.of("body of " + method))
                    .withHeader("Content-Type", "text/plain")));
            assertEquals(method.name(), r.headers().first("X-Method").orElseThrow());
            assertEquals("body of " + method, r.bodyText());
            assertEquals("text/plain", r.headers().first("X-Echo-Content-Type").orElseThrow());
        }
        HttpResponse delete = await(client.send(HttpRequest.delete(server.url("/echo"))));
        assertEquals("DELETE", delete.headers().first("X-Method").orElseThrow());
        assertEquals("0", delete.headers().first("X-Body-Length").orElseThrow());
        HttpResponse emptyPost = await(client.send(HttpRequest.post(server.url("/echo"), RequestBody.empty())));
        assertEquals("POST", emptyPost.headers().first("X-Method").orElseThrow());
        assertEquals("0", emptyPost.headers().first("X-Body-Length").orElseThrow());
    }

    @Test
    void aFileBodyIsSentWithItsLength() throws Exception {
        Path file = Files.createTempFile("http-body", ".bin");
        try {
            byte[] data = LoopbackHttpServer.pattern(300_000);
            Files.write(file, data);
            HttpResponse r = await(client(settings()).send(HttpRequest.put(server.url("/echo"), RequestBody.ofFile(file))));
            assertEquals("PUT", r.headers().first("X-Method").orElseThrow());
            assertEquals("300000", r.headers().first("X-Body-Length").orElseThrow());
            assertArrayEquals(data, r.bodyBytes().toArray());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void aStreamedBodyOfUnknownLengthIsSentChunked() throws Exception {
        byte[] data = LoopbackHttpServer.pattern(1 << 20);
        Source<ByteString, ?> source = Source.range(0, 63).map(i -> ByteString.fromArray(data, i * 16384, 16384));
        HttpResponse r = await(client(settings()).send(HttpRequest.post(server.url("/echo"), RequestBody.ofSource(source))));
        assertEquals(String.valueOf(data.length), r.headers().first("X-Body-Length").orElseThrow());
        assertArrayEquals(data, r.bodyBytes().toArray());
    }

    @Test
    void aStreamedBodyOfKnownLengthIsSentWithIt() throws Exception {
        Source<ByteString, ?> source = Source.from(List.of(ByteString.fromString("abc"), ByteString.fromString("def")));
        HttpResponse r = await(client(settings()).send(HttpRequest.put(server.url("/echo"), RequestBody.ofSource(source, 6))));
        assertEquals("abcdef", r.bodyText());
    }

    @Test
    void aFailingBodySourceFailsTheRequestWithItsCause() throws Exception {
        Source<ByteString, ?> source = Source.<ByteString>single(ByteString.fromString("abc"))
                .concat(Source.failed(new IllegalStateException("the producer broke")));
        Throwable error = failure(client(settings()).send(HttpRequest.post(server.url("/echo"), RequestBody.ofSource(source))));
        assertTrue(error.getMessage().contains("the request body's source failed"), error.getMessage());
        assertTrue(error.getCause() instanceof IllegalStateException);
    }

    @Test
    void headersAndTheUserAgentAreSent() throws Exception {
        HttpClient client = client(settings().withUserAgent("test-agent/1"));
        HttpResponse r = await(client.send(HttpRequest.get(server.url("/echo")).withHeader("X-One", "1").withHeader("X-One", "2")
                .withHeader("X-Empty", "")));
        assertEquals(List.of("1", "2"), r.headers().all("X-Echo-X-One"));
        assertEquals(List.of(""), r.headers().all("X-Echo-X-Empty"));
        assertEquals("test-agent/1", r.headers().first("X-Echo-User-Agent").orElseThrow());
        HttpResponse own = await(client.send(HttpRequest.get(server.url("/echo")).withHeader("User-Agent", "mine")));
        assertEquals(List.of("mine"), own.headers().all("X-Echo-User-Agent"));
    }

    @Test
    void badValuesAreRefusedBeforeAnythingIsSent() {
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.get(server.url("/")).withHeader("X-A", "1\r\nX-B: 2"));
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.get(server.url("/")).withHeader("Bad Name", "1"));
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.get("ftp://127.0.0.1/file"));
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.get("/relative"));
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.create(HttpMethod.GET, server.url("/"), RequestBody.of("x")));
    }

    @Test
    void anErrorStatusIsAResponse() throws Exception {
        HttpResponse r = await(client(settings()).send(HttpRequest.get(server.url("/status/503"))));
        assertEquals(503, r.status());
        assertEquals("status 503", r.bodyText());
    }
}
