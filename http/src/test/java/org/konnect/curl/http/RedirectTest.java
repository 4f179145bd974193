package org.konnect.curl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.konnect.curl.CurlError;

/**
 * Each redirect rule: the method and body after 301, 302, 303, 307 and 308, the limit, http(s)
 * only, and credentials and cookies to the original origin only (libcurl's rule, and the
 * client's own 303 hop), on both libcurl versions.
 */
class RedirectTest extends HttpFixture {
    private final TestServer a = TestServer.start();
    private final TestServer b = TestServer.start();

    @AfterAll
    void stopServers() {
        a.close();
        b.close();
    }

    private static String redirect(TestServer from, int code, String to) {
        return from.url("/redirect/" + code + "?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
    }

    /** The method and the body length /echo saw after one redirect of {@code code}. */
    private String[] after(HttpClient client, int code, HttpMethod method, RequestBody body) throws Exception {
        HttpResponse r = await(client.send(HttpRequest.create(method, redirect(a, code, a.url("/echo")), body)));
        assertEquals(200, r.status(), code + " " + method);
        assertEquals(a.url("/echo"), r.uri().toString());
        return new String[] {r.headers().first("X-Method").orElse("HEAD"), r.headers().first("X-Body-Length").orElse("-")};
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302})
    void movedAndFoundTurnPostIntoGetAndKeepOtherMethods(int code) throws Exception {
        HttpClient client = client(settings());
        assertEquals(List.of("GET", "0"), List.of(after(client, code, HttpMethod.POST, RequestBody.of("abc"))));
        assertEquals(List.of("PUT", "3"), List.of(after(client, code, HttpMethod.PUT, RequestBody.of("abc"))));
        assertEquals(List.of("PATCH", "3"), List.of(after(client, code, HttpMethod.PATCH, RequestBody.of("abc"))));
        assertEquals(List.of("DELETE", "0"), List.of(after(client, code, HttpMethod.DELETE, RequestBody.empty())));
    }

    @Test
    void seeOtherTurnsEveryMethodButHeadIntoGet() throws Exception {
        HttpClient client = client(settings());
        assertEquals(List.of("GET", "0"), List.of(after(client, 303, HttpMethod.POST, RequestBody.of("abc"))));
        assertEquals(List.of("GET", "0"), List.of(after(client, 303, HttpMethod.PUT, RequestBody.of("abc"))));
        assertEquals(List.of("GET", "0"), List.of(after(client, 303, HttpMethod.PATCH, RequestBody.of("abc"))));
        assertEquals(List.of("GET", "0"), List.of(after(client, 303, HttpMethod.DELETE, RequestBody.empty())));
        assertEquals(List.of("GET", "0"), List.of(after(client, 303, HttpMethod.OPTIONS, RequestBody.empty())));
        HttpResponse head = await(client.send(HttpRequest.head(redirect(a, 303, a.url("/echo")))));
        assertEquals(200, head.status());
        assertEquals(Optional.of("HEAD"), head.headers().first("X-Method"));
    }

    @ParameterizedTest
    @ValueSource(ints = {307, 308})
    void temporaryAndPermanentKeepTheMethodAndTheBody(int code) throws Exception {
        HttpClient client = client(settings());
        assertEquals(List.of("POST", "3"), List.of(after(client, code, HttpMethod.POST, RequestBody.of("abc"))));
        assertEquals(List.of("PUT", "3"), List.of(after(client, code, HttpMethod.PUT, RequestBody.of("abc"))));
        assertEquals(List.of("DELETE", "0"), List.of(after(client, code, HttpMethod.DELETE, RequestBody.empty())));
    }

    @Test
    void aStreamedBodyThatARedirectNeedsAgainFailsClearly() throws Exception {
        Source<ByteString, ?> body = Source.single(ByteString.fromString("abc"));
        Throwable error = failure(client(settings()).send(HttpRequest.post(redirect(a, 307, a.url("/echo")), RequestBody.ofSource(body))));
        assertEquals("CURLE_SEND_FAIL_REWIND", ((CurlError) error).codeName());
        assertTrue(error.getMessage().contains("sent once only"), error.getMessage());
    }

    @Test
    void theLimitHoldsAndNoneReturnsTheRedirect() throws Exception {
        String twice = redirect(a, 302, redirect(a, 302, a.url("/echo")));
        HttpResponse ok = await(client(settings().withRedirects(RedirectPolicy.follow(2))).send(HttpRequest.get(twice)));
        assertEquals(200, ok.status());
        Throwable tooMany = failure(client(settings().withRedirects(RedirectPolicy.follow(1))).send(HttpRequest.get(twice)));
        assertEquals("CURLE_TOO_MANY_REDIRECTS", ((CurlError) tooMany).codeName());
        HttpResponse none = await(client(settings().withRedirects(RedirectPolicy.none())).send(HttpRequest.get(twice)));
        assertEquals(302, none.status());
        assertEquals("redirect body", none.bodyText());
        assertTrue(none.headers().first("Location").orElseThrow().contains("/redirect/302"));
    }

    @Test
    void theClientsOwn303HopCountsAgainstTheLimit() throws Exception {
        String twice = redirect(a, 302, redirect(a, 303, a.url("/echo")));
        HttpResponse ok = await(client(settings().withRedirects(RedirectPolicy.follow(2))).send(HttpRequest.delete(twice)));
        assertEquals("GET", ok.headers().first("X-Method").orElseThrow());
        String thrice = redirect(a, 303, twice);
        Throwable tooMany = failure(client(settings().withRedirects(RedirectPolicy.follow(2))).send(HttpRequest.delete(thrice)));
        assertEquals("CURLE_TOO_MANY_REDIRECTS", ((CurlError) tooMany).codeName());
    }

    @Test
    void onlyHttpAndHttpsAreFollowed() throws Exception {
        HttpClient client = client(settings());
        for (String to : List.of("file:///etc/passwd", "ftp://127.0.0.1/", "dict://127.0.0.1/")) {
            Throwable error = failure(client.send(HttpRequest.get(redirect(a, 302, to))));
            assertEquals("CURLE_UNSUPPORTED_PROTOCOL", ((CurlError) error).codeName(), to);
        }
        Throwable hop = failure(client.send(HttpRequest.delete(redirect(a, 303, "file:///etc/passwd"))));
        assertEquals("CURLE_UNSUPPORTED_PROTOCOL", ((CurlError) hop).codeName());
    }

    /** What /echo on {@code target} saw of the credentials and cookies sent to {@code a} first. */
    private List<String> seenAfterRedirectTo(HttpClient client, String target, HttpMethod method, int code) throws Exception {
        HttpRequest r = HttpRequest.create(method, redirect(a, code, target), RequestBody.empty())
                .withHeader("Authorization", "Bearer own-token").withHeader("Cookie", "session=1");
        HttpResponse resp = await(client.send(r));
        assertEquals(200, resp.status());
        return List.of(String.join(",", resp.headers().all("X-Echo-Authorization")), String.join(",", resp.headers().all("X-Echo-Cookie")));
    }

    @Test
    void credentialsAndCookieHeadersStayWithTheOriginalOrigin() throws Exception {
        HttpClient client = client(settings().withCredentials(Origin.of(a.url("/")), Credentials.basic("u", "p")));
        String basic = "Basic dTpw";
        // A header of the request's own and the origin's credentials: both sent to a, as libcurl
        // sends a custom Authorization header over its own credentials.
        List<String> same = seenAfterRedirectTo(client, a.url("/echo"), HttpMethod.GET, 302);
        assertEquals("session=1", same.get(1));
        assertTrue(same.get(0).contains("Bearer own-token"), same.get(0));
        assertEquals(List.of("", ""), seenAfterRedirectTo(client, b.url("/echo"), HttpMethod.GET, 302), "another port");
        String otherHost = "http://localhost:" + a.port() + "/echo";
        assertEquals(List.of("", ""), seenAfterRedirectTo(client, otherHost, HttpMethod.GET, 302), "another host name");
        // The client's own hop (303 after a custom method) keeps the same rule.
        assertTrue(seenAfterRedirectTo(client, a.url("/echo"), HttpMethod.DELETE, 303).get(1).equals("session=1"));
        assertEquals(List.of("", ""), seenAfterRedirectTo(client, b.url("/echo"), HttpMethod.DELETE, 303), "hop to another port");
        HttpResponse plain = await(client.send(HttpRequest.get(redirect(a, 302, a.url("/echo")))));
        assertEquals(basic, plain.headers().first("X-Echo-Authorization").orElseThrow());
        HttpResponse away = await(client.send(HttpRequest.get(redirect(a, 302, b.url("/echo")))));
        assertTrue(away.headers().first("X-Echo-Authorization").isEmpty(), "Basic credentials went to another origin");
    }

    @Test
    void aStreamedResponseAfterRedirectsHasTheFinalHead() throws Exception {
        HttpResponse r = await(client(settings()).stream(HttpRequest.get(redirect(a, 301, redirect(b, 308, b.url("/status/202"))))));
        assertEquals(202, r.status());
        assertEquals(b.url("/status/202"), r.uri().toString());
        assertEquals("status 202", await(r.toStrict(1000, testKit.system())).bodyText());
    }
}
