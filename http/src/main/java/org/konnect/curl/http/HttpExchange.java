package org.konnect.curl.http;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.ChunkCallback;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.HeaderCallback;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;
import org.konnect.curl.streams.ReceiveWindow;
import org.konnect.curl.streams.SendQueue;

/**
 * One attempt at a request: a transfer run by the MultiActor (every hook and callback runs on its
 * thread). Strict, it collects the body and has no updates: its result is the whole response.
 * Streamed, its first update (an empty window) says the final head is known ({@link #head()});
 * the client hands the response over, and its body source takes the exchange over
 * ({@link #claim()}): then each update is a window of the body, and the result carries the
 * trailers. The end, whichever way, is reported once to {@code onEnd} (the client's slot for the
 * origin). A 303 to a method libcurl would keep ({@link HttpMethod#isLibcurlNative()} false) stops
 * the transfer at that head, with {@link #hop()} saying where the client goes on with a GET.
 */
final class HttpExchange implements RequestProtocol<List<ByteString>, HttpExchange.Result>, WriteCallback {
    /** Strict: the body collected; streamed: the body as a source. */
    enum Mode { STRICT, STREAMED }

    /**
     * The final outcome.
     *
     * @param head the final head (as already handed over, for a streamed exchange)
     * @param body the body, for a strict exchange or a streamed one that ended before its head was handed over
     * @param trailers the trailer fields
     * @param headWasDelivered whether the head went out earlier as an update
     */
    record Result(ResponseHead head, ByteString body, HttpHeaders trailers, boolean headWasDelivered) {}

    private static final int OPEN = 0;
    private static final int CLAIMED = 1;
    private static final int DISCARDED = 2;

    private final HttpRequest request;
    private final HttpClientSettings settings;
    private final Mode mode;
    private final boolean credentialsAllowed;
    private final int redirectsLeft;
    private final ResponseHeadParser parser;
    private final ReceiveWindow window;
    /** A strict body, collected: the bytes and how many of them count. */
    private byte[] collected;
    private int collectedSize;
    private final SendQueue upload;
    private final Consumer<HttpExchange> onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicInteger claim = new AtomicInteger(OPEN);
    /** A streamed response's trailers: completed by its body stream, or failed when the body is discarded. */
    final java.util.concurrent.CompletableFuture<HttpHeaders> trailers = new java.util.concurrent.CompletableFuture<>();
    private FileBodyReader file;
    private List<String> loadedCookies;
    private volatile ResponseHead head;
    private volatile URI hop;
    private volatile String protocolError;
    /** Why the body was discarded, once it was; the trailers fail with it when the exchange has ended. */
    private volatile String discarded;
    /** The request's {@code scheme://host:port} as the engine writes it, computed once: a {@code MultiActorPool} routes by it. */
    private final String routingOrigin;

    HttpExchange(HttpRequest request, HttpClientSettings settings, Mode mode, boolean credentialsAllowed, int redirectsLeft,
                 Consumer<HttpExchange> onEnd) {
        this.request = request;
        this.settings = settings;
        this.mode = mode;
        this.credentialsAllowed = credentialsAllowed;
        this.redirectsLeft = redirectsLeft;
        this.onEnd = onEnd;
        this.routingOrigin = request.origin().toString();   // the engine's Origin.of form (ExchangeOriginTest)
        this.parser = new ResponseHeadParser(request.uri(), new ResponseHeadParser.Continuations() {
            @Override
            public boolean followsRedirect(int status) {
                return settings.redirects().follows() && (status == 301 || status == 302 || status == 303 || status == 307
                        || status == 308);
            }

            @Override
            public boolean answersChallenge(int status) {
                return status == 401 && credentialsAllowed && settings.credentials().get(request.origin()) instanceof Credentials.Digest;
            }
        });
        this.window = mode == Mode.STREAMED ? new ReceiveWindow(settings.windowBytes(), true) : null;
        this.collected = mode == Mode.STRICT ? new byte[8 * 1024] : null;
        this.upload = request.body() instanceof RequestBody.Streamed ? new SendQueue() : null;
    }

    HttpRequest request() {
        return request;
    }

    Mode mode() {
        return mode;
    }

    /** The queue a streamed request body is fed into, or null. */
    SendQueue upload() {
        return upload;
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        if (window != null) window.attach(h);
        ExchangeOptions.apply(h, request, settings, credentialsAllowed, redirectsLeft);
        file = RequestSending.apply(h, request, upload);
        CookieStore cookies = settings.cookies();
        if (cookies != null) {
            loadedCookies = cookies.snapshot();
            h.setopt(Options.COOKIEFILE, "");   // the cookie engine, reading no file
            for (String line : loadedCookies) h.setopt(Options.COOKIELIST, line);
        }
        h.setopt(CurlOpt.HEADERFUNCTION, (HeaderCallback) this::header);
        // Streamed, each chunk lands in an array of its own, wrapped by the window as it is.
        if (mode == Mode.STREAMED) h.setopt(CurlOpt.WRITEFUNCTION, (ChunkCallback) this::writeStreamed);
        else h.setopt(CurlOpt.WRITEFUNCTION, this);
    }

    private int writeStreamed(byte[] chunk) {
        parser.bodyStarted();
        return window.write(chunk);
    }

    private int header(ByteBuffer data) {
        int n = data.remaining();
        parser.line(data);
        if (parser.surprise() != null) {
            protocolError = parser.surprise();
            return 0;
        }
        if (parser.headEnded() && !parser.isFinal() && parser.status() == 303 && !request.method().isLibcurlNative()
                && parser.redirects() < redirectsLeft && parser.location() != null) {
            // libcurl would send the custom method again; the client goes on with a GET instead.
            try {
                hop = parser.uri().resolve(parser.location().trim());
            } catch (IllegalArgumentException e) {
                protocolError = "the 303's Location is no URI: " + parser.location();
            }
            return 0;
        }
        return n;
    }

    @Override
    public int write(ByteBuffer data) {   // strict: the body is collected into one array
        parser.bodyStarted();
        int n = data.remaining();
        if (collectedSize > Integer.MAX_VALUE - 16 - n) {   // a byte array's limit, whatever maxBodyBytes says
            protocolError = "a strict body is held in one array, at most 2 GiB: stream() this response";
            return 0;
        }
        if (collectedSize + n > collected.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 16L, Math.max(collected.length * 2L, (long) collectedSize + n));
            collected = java.util.Arrays.copyOf(collected, grown);
        }
        data.get(collected, collectedSize, n);
        collectedSize += n;
        return n;
    }

    @Override
    public boolean hasUpdate() {
        if (mode == Mode.STRICT) return false;
        if (head == null) return parser.isFinal();
        return !window.isEmpty();
    }

    @Override
    public List<ByteString> getUpdate() {
        if (head == null) {
            head = parser.head(null);
            return List.of();
        }
        return window.take();
    }

    @Override
    public Result completed(GetInfoHandle info) {
        try {
            parser.finish();
            if (settings.cookies() != null) {
                List<String> now = info.getinfo(CurlInfo.COOKIELIST);
                settings.cookies().update(loadedCookies, now == null ? List.of() : now);
            }
            boolean delivered = head != null;
            ResponseHead h = delivered ? head : parser.head(effectiveUri(info.getinfo(CurlInfo.EFFECTIVE_URL)));
            ByteString body;
            if (mode == Mode.STRICT) {
                body = ByteString.fromArrayUnsafe(collected, 0, collectedSize);
            } else {
                body = ByteString.emptyByteString();
                for (ByteString chunk : window.take()) body = body.concat(chunk);
            }
            return new Result(h, body, parser.trailers(), delivered);
        } finally {
            end();
        }
    }

    @Override
    public void failed(CurlError error) {
        end();
    }

    private void end() {
        if (!ended.compareAndSet(false, true)) return;
        if (file != null) file.close();
        if (upload != null) upload.close();
        onEnd.accept(this);
    }

    private URI effectiveUri(String url) {
        if (url == null) return parser.uri();
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            return parser.uri();
        }
    }

    /** The final head, once the first update handed it over; null before. */
    ResponseHead head() {
        return head;
    }

    /** Where the client goes on with a GET after a 303 it follows itself, or null. */
    URI hop() {
        return hop;
    }

    /** The redirects this exchange followed before its end. */
    int redirectsFollowed() {
        return parser.redirects();
    }

    /** Why the responses made no sense, or null. */
    String protocolError() {
        return protocolError;
    }

    /**
     * The body source takes the exchange over; once only, and not after {@link #discard(String)}.
     *
     * @throws IllegalStateException if the body was run before, or discarded
     */
    HttpExchange claim() {
        int was = claim.compareAndExchange(OPEN, CLAIMED);
        if (was == CLAIMED) throw new IllegalStateException("the response body of " + request + " can be run once only");
        if (was == DISCARDED) {
            throw new IllegalStateException("the response body of " + request + " was discarded (not run within "
                    + settings.bodySubscriptionTimeout() + ", HttpClientSettings.bodySubscriptionTimeout, or discardBody())");
        }
        return this;
    }

    /** Marks the body discarded, unless it is being run; true when the caller must cancel the transfer. */
    boolean discard(String why) {
        if (!claim.compareAndSet(OPEN, DISCARDED)) return false;
        discarded = why;
        return true;
    }

    /** Why the body was discarded, or null. */
    String discarded() {
        return discarded;
    }

    @Override
    public String toString() {
        return "HttpExchange[" + request + "]";
    }

    @Override
    public String origin() {
        return routingOrigin;
    }
}
