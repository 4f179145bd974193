package org.konnect.curl;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A WebSocket session ({@code ws://} or {@code wss://}) as a request: process it like any
 * {@link RequestProtocol}, and each {@link Outcome.Interim} carries the next received message, so
 * the caller sets the pace. The connection is read only while a {@link Multi#process} of the
 * session waits and no message is ready: a receiver that does not ask leaves the data in the
 * kernel, and TCP stops the server. The final {@link Outcome.Final} is the {@link WebSocketClose}
 * of a clean closing handshake; a connection that ends without one fails with its {@code CURLE_*}
 * ({@code CURLE_GOT_NOTHING} when the server just closed it, {@code CURLE_RECV_ERROR} when it was
 * reset), a cancel sends a close frame with {@link WebSocketClose#GOING_AWAY} first.
 *
 * <p>{@link #send} and {@link #close} work from any thread (handed to the multi's owner thread
 * as {@link ConfigHandle#pause} is); their stages complete on the owner thread once the frame is
 * handed to the socket. Received pings are answered by the engine, between the frames it sends.
 *
 * <p>Needs libcurl 8.14.0 or later with WebSocket support ({@link #isSupported()}); on another,
 * processing a WebSocket fails at once with {@code CURLE_UNSUPPORTED_PROTOCOL}, naming the
 * version needed. A {@code WebSocket} is one session: make a new one to connect again.
 *
 * <pre>{@code
 * WebSocket ws = WebSocket.builder("wss://example.org/chat").build();
 * multi.process(ws);                          // connects; completes with the first message
 * ws.send(WebSocketMessage.text("hello"));    // from any thread
 * }</pre>
 */
public final class WebSocket implements RequestProtocol<WebSocketMessage, WebSocketClose> {
    /** The oldest libcurl this works with: {@code CURLWS_NOAUTOPONG} came with 8.14.0 (see {@code ws.c}). */
    public static final String REQUIRED_LIBCURL = "8.14.0";
    private static final int REQUIRED_VERSION_NUM = 0x080e00;
    private static volatile String unsupportedReason;
    private static volatile boolean supportChecked;

    private final String url;
    private final Consumer<ConfigHandle> configure;
    private final long maxMessageBytes;
    private final boolean deliverParts;
    /** Set once, on the owner thread, when a Multi starts the session; read by {@link #send} from any thread. */
    private volatile WebSocketSession session;

    private WebSocket(Builder b) {
        this.url = b.url;
        this.configure = b.configure;
        this.maxMessageBytes = b.maxMessageBytes;
        this.deliverParts = b.deliverParts;
    }

    /**
     * A builder for a session with {@code url}.
     *
     * @param url a {@code ws://} or {@code wss://} URL
     * @return the builder
     */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /**
     * Whether the loaded libcurl can run WebSockets: 8.14.0 or later, with {@code ws} among
     * {@code curl_version_info}'s protocols, and its {@code curl_ws_*} functions found.
     *
     * @return true when WebSocket sessions can run
     */
    public static boolean isSupported() {
        return unsupportedReason() == null;
    }

    /**
     * Why WebSockets cannot run on the loaded libcurl.
     *
     * @return a sentence naming the libcurl needed and the one loaded, or null when they can
     */
    public static String unsupportedReason() {
        if (!supportChecked) {
            String reason = null;
            boolean ws = Curl.protocols().contains("ws");
            if (Curl.versionNumber() < REQUIRED_VERSION_NUM || !ws || !Native.wsApi()) {
                reason = "WebSocket needs libcurl " + REQUIRED_LIBCURL + " or later with WebSocket support (\"ws\" among"
                        + " curl_version_info's protocols); the loaded one is " + Curl.version().split(" ")[0]
                        + (ws ? "" : ", without ws");
            }
            unsupportedReason = reason;
            supportChecked = true;
        }
        return unsupportedReason;
    }

    /**
     * The session's URL.
     *
     * @return the {@code ws://} or {@code wss://} URL
     */
    public String url() {
        return url;
    }

    /**
     * Sends {@code message} once the handshake is done, after the messages sent before it.
     * Callable from any thread, once a Multi has started the session.
     *
     * @param message a text or binary message, a part of one, or a ping
     * @return completes on the owner thread when the frame is handed to the socket; fails with
     *         the session's {@link CurlError} when it ends first, or with an
     *         {@link IllegalStateException} after {@link #close} or before the session started
     */
    public CompletionStage<Void> send(WebSocketMessage message) {
        Objects.requireNonNull(message, "message");
        return submit(message, null);
    }

    /**
     * Starts the closing handshake: a close frame with {@code code} and {@code reason}, after the
     * messages sent before. Go on processing the session: the messages the server still sends
     * come first, at the caller's pace as ever, then the session completes with the server's
     * answering close ({@link WebSocketClose}, {@code byServer} false).
     *
     * @param code a status code: 1000-1003, 1007-1014 or 3000-4999
     * @param reason at most 123 bytes as UTF-8
     * @return completes on the owner thread when the close frame is handed to the socket
     * @throws IllegalArgumentException for a code a client may not send, or a reason too long
     */
    public CompletionStage<Void> close(int code, String reason) {
        byte[] payload = WebSocketSession.closePayload(code, Objects.requireNonNull(reason, "reason"));
        return submit(null, payload);
    }

    private CompletionStage<Void> submit(WebSocketMessage message, byte[] closePayload) {
        WebSocketSession s = session;
        if (s == null) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            f.completeExceptionally(new IllegalStateException("WebSocket " + url + ": not started; process it in a Multi first"));
            return f;
        }
        return s.submit(message, closePayload);
    }

    /** On the owner thread, at the start: refused when the WebSocket already has a session. */
    boolean bind(WebSocketSession s) {
        if (session != null) return false;
        session = s;
        return true;
    }

    boolean hasSession() {
        return session != null;
    }

    long maxMessageBytes() {
        return maxMessageBytes;
    }

    boolean deliverParts() {
        return deliverParts;
    }

    /** Sets the application's options, then the URL; the engine makes it a WebSocket transfer after this. */
    @Override
    public void configureHandle(ConfigHandle handle) {
        if (configure != null) configure.accept(handle);
        handle.setopt(CurlOpt.URL, url);
    }

    /** Internal: whether a received message waits for the caller. */
    @Override
    public boolean hasUpdate() {
        WebSocketSession s = session;
        return s != null && s.hasMessage();
    }

    /** Internal: the next received message. */
    @Override
    public WebSocketMessage getUpdate() {
        return session.takeMessage();
    }

    /** Internal: the close that ended the session. */
    @Override
    public WebSocketClose completed(GetInfoHandle info) {
        return session.closeResult();
    }

    @Override
    public String toString() {
        return "WebSocket[" + url + "]";
    }

    /** Where the session stands (for logs and test failures): its state, what it waits for. */
    String sessionState() {
        WebSocketSession s = session;
        return s == null ? "not started" : s.toString();
    }

    /** Options of a {@link WebSocket}. */
    public static final class Builder {
        private final String url;
        private Consumer<ConfigHandle> configure;
        private long maxMessageBytes = 64L << 20;
        private boolean deliverParts;

        private Builder(String url) {
            Objects.requireNonNull(url, "url");
            if (!url.regionMatches(true, 0, "ws://", 0, 5) && !url.regionMatches(true, 0, "wss://", 0, 6)) {
                throw new IllegalArgumentException("a WebSocket URL starts with ws:// or wss://, not " + url);
            }
            this.url = url;
        }

        /**
         * Options of the application's own, set in {@code configureHandle} before the URL (TLS
         * trust, headers such as {@code Sec-WebSocket-Protocol}, timeouts of the handshake...).
         * {@code CONNECT_ONLY} and {@code WS_OPTIONS} are the engine's.
         *
         * @param configure called with the handle, on the owner thread
         * @return this builder
         */
        public Builder configure(Consumer<ConfigHandle> configure) {
            this.configure = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /**
         * The largest message accepted whole (64 MiB by default); a bigger one ends the session
         * with {@code CURLE_FILESIZE_EXCEEDED}, after a close frame with
         * {@link WebSocketClose#MESSAGE_TOO_BIG}. Not applied with {@link #deliverParts}.
         *
         * @param max the most payload bytes of one message, at most {@code Integer.MAX_VALUE - 8}
         * @return this builder
         */
        public Builder maxMessageBytes(long max) {
            if (max < 0 || max > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("maxMessageBytes: " + max + " is out of range");
            this.maxMessageBytes = max;
            return this;
        }

        /**
         * Delivers messages as they arrive, in parts of at most 64 KiB ({@link WebSocketMessage#isLast()}
         * on a message's last part), instead of whole: for messages of any size in bounded memory.
         *
         * @param parts true to deliver parts
         * @return this builder
         */
        public Builder deliverParts(boolean parts) {
            this.deliverParts = parts;
            return this;
        }

        /**
         * The session.
         *
         * @return a new WebSocket, processed once
         */
        public WebSocket build() {
            return new WebSocket(this);
        }
    }

    static String utf8(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
}
