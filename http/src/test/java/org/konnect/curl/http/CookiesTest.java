package org.konnect.curl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client's cookie store over libcurl's cookie engine: round trips, deletion, a file, other hosts. */
class CookiesTest extends HttpFixture {
    private final TestServer server = TestServer.start();
    @TempDir Path dir;

    @AfterAll
    void stopServer() {
        server.close();
    }

    private String cookiesSeen(HttpClient client, String url) throws Exception {
        return await(client.send(HttpRequest.get(url))).bodyText();
    }

    @Test
    void setCookiesAreSentBackAndDeletedOnesAreNot() throws Exception {
        CookieStore store = CookieStore.inMemory();
        HttpClient client = client(settings().withCookies(store));
        assertEquals(200, await(client.send(HttpRequest.get(server.url("/cookies/set?a=1&b=2")))).status());
        assertEquals(2, store.cookies().size());
        String seen = cookiesSeen(client, server.url("/cookies"));
        assertTrue(seen.contains("a=1") && seen.contains("b=2"), seen);
        await(client.send(HttpRequest.get(server.url("/cookies/delete?a"))));
        assertEquals("b=2", cookiesSeen(client, server.url("/cookies")));
        assertEquals(1, store.cookies().size());
        assertTrue(store.cookies().get(0).endsWith("\tb\t2"), store.cookies().get(0));
    }

    @Test
    void exchangesRunningAtOnceKeepEachOthersCookies() throws Exception {
        CookieStore store = CookieStore.inMemory();
        HttpClient client = client(settings().withCookies(store));
        List<CompletionStage<HttpResponse>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) all.add(client.send(HttpRequest.get(server.url("/cookies/set?c" + i + "=" + i))));
        for (CompletionStage<HttpResponse> r : all) await(r);
        assertEquals(8, store.cookies().size(), store.cookies().toString());
        String seen = cookiesSeen(client, server.url("/cookies"));
        for (int i = 0; i < 8; i++) assertTrue(seen.contains("c" + i + "=" + i), seen);
    }

    @Test
    void aCookieGoesToItsHostOnly() throws Exception {
        HttpClient client = client(settings().withCookies(CookieStore.inMemory()));
        await(client.send(HttpRequest.get(server.url("/cookies/set?host=only"))));
        assertEquals("", cookiesSeen(client, "http://localhost:" + server.port() + "/cookies"));
        assertEquals("host=only", cookiesSeen(client, server.url("/cookies")));
    }

    @Test
    void aRedirectCarriesTheCookiesItSets() throws Exception {
        HttpClient client = client(settings().withCookies(CookieStore.inMemory()));
        // /cookies/set answers 200; a redirect to it and on to /cookies within one exchange:
        String to = server.url("/cookies");
        await(client.send(HttpRequest.get(server.url("/cookies/set?r=1"))));
        HttpResponse r = await(client.send(HttpRequest.get(server.url("/redirect/302?to=" + java.net.URLEncoder.encode(to,
                java.nio.charset.StandardCharsets.UTF_8)))));
        assertEquals("r=1", r.bodyText());
    }

    @Test
    void withoutAStoreNoCookieIsKept() throws Exception {
        HttpClient client = client(settings());
        await(client.send(HttpRequest.get(server.url("/cookies/set?none=1"))));
        assertEquals("", cookiesSeen(client, server.url("/cookies")));
    }

    @Test
    void aPersistentStoreIsSavedAndReadBack() throws Exception {
        Path file = dir.resolve("cookies.txt");
        HttpClient first = client(settings().withCookies(CookieStore.persistent(file)));
        await(first.send(HttpRequest.get(server.url("/cookies/set?saved=yes"))));
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).startsWith("# Netscape HTTP Cookie File"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("\tsaved\tyes")), lines.toString());
        HttpClient second = client(settings().withCookies(CookieStore.persistent(file)));
        assertEquals("saved=yes", cookiesSeen(second, server.url("/cookies")));
    }
}
