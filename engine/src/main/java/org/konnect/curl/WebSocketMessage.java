package org.konnect.curl;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One WebSocket message: text or binary, received or to send; or a part of one, when a
 * {@link WebSocket} delivers parts ({@link WebSocket.Builder#deliverParts}) or the application
 * sends a message in parts ({@link #part}); or a ping to send. Received text is not checked for
 * valid UTF-8 ({@link #text()} replaces what does not decode).
 *
 * <p>The payload array is the message's own, not copied in or out (messages may be many MiB):
 * do not change an array after handing it over, nor the one {@link #bytes()} returns.
 */
public final class WebSocketMessage {
    /** What a message carries. */
    public enum Kind {
        /** A text message (UTF-8). */
        TEXT,
        /** A binary message. */
        BINARY,
        /** A ping (to send only; received pings are answered by the engine): at most 125 bytes. */
        PING
    }

    private static final byte[] EMPTY = new byte[0];
    private final Kind kind;
    private final byte[] payload;
    private final boolean last;

    private WebSocketMessage(Kind kind, byte[] payload, boolean last) {
        this.kind = kind;
        this.payload = payload;
        this.last = last;
    }

    /**
     * A text message.
     *
     * @param text the text, sent as UTF-8
     * @return the message
     */
    public static WebSocketMessage text(String text) {
        return new WebSocketMessage(Kind.TEXT, Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * A binary message.
     *
     * @param bytes the payload, taken as it is (not copied)
     * @return the message
     */
    public static WebSocketMessage binary(byte[] bytes) {
        return new WebSocketMessage(Kind.BINARY, Objects.requireNonNull(bytes, "bytes"), true);
    }

    /**
     * A ping; the peer answers with a pong (which the engine does not deliver).
     *
     * @param payload at most 125 bytes
     * @return the message
     * @throws IllegalArgumentException for a longer payload (a control frame's limit)
     */
    public static WebSocketMessage ping(byte[] payload) {
        if (Objects.requireNonNull(payload, "payload").length > 125) {
            throw new IllegalArgumentException("a ping carries at most 125 bytes, not " + payload.length);
        }
        return new WebSocketMessage(Kind.PING, payload, true);
    }

    /**
     * A part of a text or binary message: sent as one frame, the message ending with the part
     * whose {@code last} is true. Send the parts of one message one after the other (other
     * messages sent in between would land inside it; pings may).
     *
     * @param kind {@link Kind#TEXT} or {@link Kind#BINARY}: the message's kind, the same for every part
     * @param bytes the part's payload, taken as it is
     * @param last whether the message ends with this part
     * @return the part
     * @throws IllegalArgumentException for {@link Kind#PING}
     */
    public static WebSocketMessage part(Kind kind, byte[] bytes, boolean last) {
        if (Objects.requireNonNull(kind, "kind") == Kind.PING) throw new IllegalArgumentException("a ping has no parts");
        return new WebSocketMessage(kind, Objects.requireNonNull(bytes, "bytes"), last);
    }

    /** A received message or part; the array is the engine's and handed over. */
    static WebSocketMessage received(boolean text, byte[] payload, boolean last) {
        return new WebSocketMessage(text ? Kind.TEXT : Kind.BINARY, payload.length == 0 ? EMPTY : payload, last);
    }

    /**
     * What the message carries.
     *
     * @return its kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Whether this is a text message (or a part of one).
     *
     * @return {@code kind() == TEXT}
     */
    public boolean isText() {
        return kind == Kind.TEXT;
    }

    /**
     * Whether the message ends here: always for a whole message, for a part when it is the last.
     *
     * @return true for a whole message or a message's last part
     */
    public boolean isLast() {
        return last;
    }

    /**
     * The payload, not copied.
     *
     * @return the payload's bytes (text as UTF-8); do not change them
     */
    public byte[] bytes() {
        return payload;
    }

    /**
     * The payload's length.
     *
     * @return the number of payload bytes
     */
    public int length() {
        return payload.length;
    }

    /**
     * The payload as text.
     *
     * @return the payload decoded as UTF-8 (for a part, its bytes alone may split a character)
     */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * A short description for logs: the kind, the length and whether it is a last part.
     *
     * @return e.g. {@code WebSocketMessage[TEXT, 12 bytes]}
     */
    @Override
    public String toString() {
        return "WebSocketMessage[" + kind + ", " + payload.length + " bytes" + (last ? "]" : ", more to come]");
    }
}
