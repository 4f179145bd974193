package org.konnect.curl.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The routes of {@link TestServer} (blocking handlers, enough for tests):
 * <ul>
 *   <li>{@code /echo}: the body back, with {@code X-Method}, {@code X-Body-Length}, {@code X-Echo-Authorization},
 *       {@code X-Echo-Cookie} and {@code X-Echo-<name>} for each {@code X-} request header;</li>
 *   <li>{@code /redirect/CODE?to=URL}: that status with {@code Location: URL};</li>
 *   <li>{@code /status/CODE}: that status, body {@code status CODE};</li>
 *   <li>{@code /cookies/set?name=value&...}: a {@code Set-Cookie} per parameter; {@code /cookies/delete?name}: expires it;
 *       {@code /cookies}: the {@code Cookie} header as the body;</li>
 *   <li>{@code /trailers}: a body without length, then the trailer {@code X-Checksum: 5d41402a};</li>
 *   <li>{@code /hold}: answered only when the test calls {@link #releaseHeld()};</li>
 *   <li>{@code /digest/...}: {@code /echo}, behind Digest authentication (see {@link TestServer}).</li>
 * </ul>
 */
final class TestRoutes extends Handler.Abstract {
    private final AtomicInteger requests = new AtomicInteger();
    private final Object lock = new Object();
    private final List<Runnable> held = new ArrayList<>();
    private int mostHeld;

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        requests.incrementAndGet();
        String path = Request.getPathInContext(request);
        Fields query = Request.extractQueryParameters(request);
        if (path.equals("/echo") || path.startsWith("/digest/")) {
            echo(request, response, callback);
        } else if (path.startsWith("/redirect/")) {
            response.setStatus(Integer.parseInt(path.substring("/redirect/".length())));
            response.getHeaders().put(HttpHeader.LOCATION, query.getValue("to"));
            Content.Source.consumeAll(request);
            response.write(true, ByteBuffer.wrap("redirect body".getBytes(StandardCharsets.UTF_8)), callback);
        } else if (path.startsWith("/status/")) {
            int code = Integer.parseInt(path.substring("/status/".length()));
            text(response, callback, code, "status " + code);
        } else if (path.equals("/cookies/set")) {
            for (Fields.Field f : query) response.getHeaders().add(HttpHeader.SET_COOKIE, f.getName() + "=" + f.getValue() + "; Path=/");
            text(response, callback, 200, "set");
        } else if (path.equals("/cookies/delete")) {
            for (Fields.Field f : query) response.getHeaders().add(HttpHeader.SET_COOKIE, f.getName() + "=; Path=/; Max-Age=0");
            text(response, callback, 200, "deleted");
        } else if (path.equals("/cookies")) {
            String cookie = request.getHeaders().get(HttpHeader.COOKIE);
            text(response, callback, 200, cookie == null ? "" : cookie);
        } else if (path.equals("/trailers")) {
            response.setStatus(200);
            response.setTrailersSupplier(() -> HttpFields.build().add("X-Checksum", "5d41402a"));
            response.write(false, ByteBuffer.wrap("hel".getBytes(StandardCharsets.UTF_8)), Callback.from(() ->
                    response.write(true, ByteBuffer.wrap("lo".getBytes(StandardCharsets.UTF_8)), callback), callback::failed));
        } else if (path.equals("/hold")) {
            synchronized (lock) {
                held.add(() -> text(response, callback, 200, "released"));
                mostHeld = Math.max(mostHeld, held.size());
                lock.notifyAll();
            }
        } else {
            text(response, callback, 404, "not found");
        }
        return true;
    }

    private static void echo(Request request, Response response, Callback callback) throws Exception {
        ByteBuffer received = Content.Source.asByteBuffer(request);
        byte[] body = new byte[received.remaining()];
        received.get(body);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("X-Method", request.getMethod());
        headers.put("X-Body-Length", String.valueOf(body.length));
        for (HttpField field : request.getHeaders()) {
            String name = field.getName();
            if (name.regionMatches(true, 0, "X-", 0, 2) || name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Cookie")
                    || name.equalsIgnoreCase("User-Agent") || name.equalsIgnoreCase("Content-Type")) {
                headers.add("X-Echo-" + name, field.getValue());
            }
        }
        response.setStatus(200);
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static void text(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    int requests() {
        return requests.get();
    }

    /** Waits until {@code n} requests are held; false after {@code millis}. */
    boolean awaitHeld(int n, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (lock) {
            while (held.size() < n) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) return false;
                lock.wait(left);
            }
            return true;
        }
    }

    /** The most requests held at once so far. */
    int mostHeld() {
        synchronized (lock) {
            return mostHeld;
        }
    }

    int held() {
        synchronized (lock) {
            return held.size();
        }
    }

    /** Answers every held request. */
    void releaseHeld() {
        List<Runnable> now;
        synchronized (lock) {
            now = new ArrayList<>(held);
            held.clear();
        }
        now.forEach(Runnable::run);
    }
}
