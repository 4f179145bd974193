package org.konnect.curl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * The engine's side of one open {@link WebSocket}: after libcurl's handshake it reads frames with
 * {@code curl_ws_recv} and writes them with {@code curl_ws_send}, and registers the socket in the
 * multi's epoll only for what it waits for ({@code ws.c}). Reading: only while the caller waits for
 * a message and none is ready (or to finish a closing handshake), so an idle receiver leaves data
 * in the kernel; frames are put together into messages (or handed on as parts), control frames
 * answered. Writing: messages in order, each frame in pieces of the multi's 64 KiB send buffer
 * (one frame of the whole size, {@code CURLWS_OFFSET}), a pong for the latest ping between two
 * frames; on {@code CURLE_AGAIN} the rest goes when the socket is writable. Both yield to the
 * loop's iteration budget like bodies do. Owner thread only, except {@link #submit}.
 */
final class WebSocketSession {
    /** Size of each of the multi's payload buffers: the most one recv or send call moves. */
    static final int BUFFER_BYTES = 64 * 1024;
    private static final int CONTROL_MAX = 125;
    private static final int KIND_BITS = LibcurlConstants.KM_WS_FRAME_TEXT | LibcurlConstants.KM_WS_FRAME_BINARY;
    private static final int CONTROL_BITS = LibcurlConstants.KM_WS_FRAME_CLOSE | LibcurlConstants.KM_WS_FRAME_PING
            | LibcurlConstants.KM_WS_FRAME_PONG;

    /** A frame to send: KM_WS_FRAME_* flags, the payload, and the stage told when it is out (null for a pong). */
    private record Outgoing(int flags, byte[] payload, CompletableFuture<Void> sent, boolean close) {}

    private final WebSocket socket;
    private final Transfer t;
    private final Transfers transfers;
    private final Multi multi;

    private final ArrayDeque<WebSocketMessage> inbox = new ArrayDeque<>(2);
    private byte[] message;
    private int messageLength;
    private final byte[] control = new byte[CONTROL_MAX];
    private int controlLength;
    /** The last curl_ws_recv answered CURLE_AGAIN: read again once the socket is readable. */
    private boolean readBlocked;

    private final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
    private Outgoing current;
    private int currentSent;
    private byte[] pong;
    /** The last curl_ws_send answered CURLE_AGAIN: go on once the socket is writable. */
    private boolean sendBlocked;

    private boolean closeQueued;
    private boolean closeSent;
    private boolean closeReceived;
    private boolean ended;
    /** The connection failed: nothing more is sent on it, not even a going-away close. */
    private boolean broken;
    private Throwable endedWith;
    private WebSocketClose result;
    private boolean yielded;

    WebSocketSession(WebSocket socket, Transfer t, Transfers transfers, Multi multi) {
        this.socket = socket;
        this.t = t;
        this.transfers = transfers;
        this.multi = multi;
    }

    /** For logs and test failures: where the session stands. */
    @Override
    public String toString() {
        return "WebSocketSession[" + socket.url() + ", " + t.state + (t.stage != null ? ", waited for" : "")
                + (readBlocked ? ", read blocked" : "") + (sendBlocked ? ", send blocked" : "") + (yielded ? ", yielded" : "")
                + ", inbox " + inbox.size() + ", outbox " + outbox.size() + (current != null ? ", sending" : "")
                + (closeQueued ? ", closing" : "") + (ended ? ", ended" : "") + "]";
    }

    // ---- the application's side -----------------------------------------------------------

    /** Any thread: a frame to send (a message, or a close frame's payload), applied on the owner thread. */
    CompletableFuture<Void> submit(WebSocketMessage m, byte[] closePayload) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        if (Thread.currentThread() == multi.owner() && transfers.callbackDepth == 0 && !multi.isClosed()) {
            enqueue(m, closePayload, sent);
            if (transfers.hookDepth == 0) transfers.ready.flush();
        } else if (!multi.submitIfOpen(() -> enqueue(m, closePayload, sent))) {
            sent.completeExceptionally(new IllegalStateException(socket + ": the Multi is closed"));
        }
        return sent;
    }

    private void enqueue(WebSocketMessage m, byte[] closePayload, CompletableFuture<Void> sent) {
        if (ended || t.isReleased()) {
            transfers.ready.add(sent, endedWith instanceof CurlError ? endedWith
                    : new IllegalStateException(socket + ": the session has ended"));
            return;
        }
        if (closeQueued) {
            transfers.ready.add(sent, new IllegalStateException(socket + ": closing; nothing more can be sent"));
            return;
        }
        if (closePayload != null) {
            closeQueued = true;
            outbox.add(new Outgoing(LibcurlConstants.KM_WS_FRAME_CLOSE, closePayload, sent, true));
        } else {
            outbox.add(new Outgoing(flagsOf(m), m.bytes(), sent, false));
        }
        if (t.state == TransferState.OPEN) {
            flush();
            afterIo();
        }
    }

    private static int flagsOf(WebSocketMessage m) {
        switch (m.kind()) {
            case TEXT: return LibcurlConstants.KM_WS_FRAME_TEXT | (m.isLast() ? 0 : LibcurlConstants.KM_WS_FRAME_MORE);
            case BINARY: return LibcurlConstants.KM_WS_FRAME_BINARY | (m.isLast() ? 0 : LibcurlConstants.KM_WS_FRAME_MORE);
            default: return LibcurlConstants.KM_WS_FRAME_PING;
        }
    }

    /** A close frame's payload: the code (big-endian) and the reason, checked as RFC 6455 asks of a client. */
    static byte[] closePayload(int code, String reason) {
        boolean sendable = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
        if (!sendable) throw new IllegalArgumentException("close code " + code + " may not be sent (1000-1003, 1007-1014, 3000-4999)");
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        if (r.length > CONTROL_MAX - 2) throw new IllegalArgumentException("a close reason is at most 123 bytes as UTF-8, not " + r.length);
        byte[] payload = new byte[2 + r.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, r.length);
        return payload;
    }

    boolean hasMessage() {
        return !inbox.isEmpty();
    }

    WebSocketMessage takeMessage() {
        return inbox.poll();
    }

    WebSocketClose closeResult() {
        return result;
    }

    // ---- the loop's side --------------------------------------------------------------------

    /** The handshake is done (KM_DONE_WS_OPEN): the socket is the engine's from here. */
    void opened() {
        try {
            Native.wsOpen(t.easy.pointer);
        } catch (CurlError e) {
            end(new CurlError(e.code(), "the WebSocket's socket after the handshake: " + e.detail(), null));
            return;
        }
        flush();
        read();
        afterIo();
    }

    /** The caller processed the session again: read for the next message, unless one is ready. */
    void resumeReading() {
        read();
        afterIo();
    }

    /** Socket readiness from the loop (KM_WS_READABLE / KM_WS_WRITABLE). */
    void ready(int bits) {
        if ((bits & LibcurlConstants.KM_WS_WRITABLE) != 0) sendBlocked = false;
        if ((bits & LibcurlConstants.KM_WS_READABLE) != 0) readBlocked = false;
        flush();
        read();
        afterIo();
    }

    /** At the next perform, after this session yielded to the iteration budget. */
    void resumeYielded() {
        yielded = false;
        flush();
        read();
        afterIo();
    }

    boolean isYielded() {
        return yielded;
    }

    /**
     * The transfer ends for another reason than the session's own (cancel, the multi's close, a
     * requester gone): a close frame with 1001 first when the connection is fine and between two
     * frames (one try: it is not waited for), then every send still pending fails with {@code error}.
     */
    void abandon(CurlError error) {
        if (!ended && t.state == TransferState.OPEN && !broken && !closeQueued && current == null) {
            closeQueued = true;
            byte[] payload = closePayload(WebSocketClose.GOING_AWAY, "going away");
            ByteBuffer buffer = transfers.wsSendBuffer();
            buffer.put(0, payload);
            try {
                Native.wsSend(t.easy.pointer, payload.length, 0, LibcurlConstants.KM_WS_FRAME_CLOSE, transfers.wsNumbers);
                drainBeforeClosing();
            } catch (CurlError ignored) {
                // the connection goes anyway
            }
        }
        ended = true;
        if (endedWith == null) endedWith = error;
        failPending(error);
    }

    /**
     * Reads (and drops) what has arrived, up to 1 MiB: a socket closed with unread data is reset
     * rather than closed, and the reset can reach the server before it has read the close frame
     * (Jetty then reports 1006, not 1001).
     */
    private void drainBeforeClosing() {
        for (int i = 0; i < 16; i++) {
            if (Native.wsRecv(t.easy.pointer, transfers.wsNumbers) < 0) return;
        }
    }

    private boolean wantsToRead() {
        if (ended || t.state != TransferState.OPEN) return false;
        // Closing too: what the server still sends before its close is delivered, at the caller's pace.
        return t.stage != null && inbox.isEmpty();
    }

    private void read() {
        long[] meta = transfers.wsNumbers;
        while (wantsToRead()) {
            if (transfers.mustYield(t)) {
                yieldTurn();
                return;
            }
            int n;
            try {
                n = Native.wsRecv(t.easy.pointer, meta);
            } catch (CurlError e) {
                broken = true;
                end(new CurlError(e.code(), "the WebSocket connection ended without a closing handshake: " + detailOf(e), null));
                return;
            }
            if (n < 0) {
                readBlocked = true;
                return;
            }
            readBlocked = false;
            piece(n, (int) meta[0], meta[2]);
        }
    }

    private String detailOf(CurlError e) {
        byte[] message = Native.easyErrorBuffer(t.easy.pointer);
        return message != null ? new String(message, StandardCharsets.UTF_8) : Native.easyStrerror(e.code());
    }

    /** {@code n} bytes of a frame of kind {@code kind} in the receive buffer; {@code left}: the frame's bytes still to come. */
    private void piece(int n, int kind, long left) {
        ByteBuffer in = transfers.wsRecvBuffer();
        if ((kind & CONTROL_BITS) != 0) {
            if (controlLength + n > CONTROL_MAX) {
                end(new CurlError(LibcurlConstants.CURLE_RECV_ERROR, "the server sent a control frame of more than 125 bytes", null));
                return;
            }
            in.get(0, control, controlLength, n);
            controlLength += n;
            if (left == 0) {
                int length = controlLength;
                controlLength = 0;
                control(kind, length);
            }
            return;
        }
        boolean text = (kind & LibcurlConstants.KM_WS_FRAME_TEXT) != 0;
        boolean last = left == 0 && (kind & LibcurlConstants.KM_WS_FRAME_MORE) == 0;
        if ((kind & KIND_BITS) == 0) {
            end(new CurlError(LibcurlConstants.CURLE_RECV_ERROR, "the server sent a frame of an unknown kind (" + kind + ")", null));
            return;
        }
        if (socket.deliverParts()) {
            byte[] part = new byte[n];
            in.get(0, part, 0, n);
            deliver(WebSocketMessage.received(text, part, last));
            return;
        }
        long need = (long) messageLength + n + left;
        if (need > socket.maxMessageBytes()) {
            tooBig(need);
            return;
        }
        if (message == null) {
            message = new byte[(int) need];
        } else if (need > message.length) {
            long grown = Math.max(need, Math.min(2L * message.length, socket.maxMessageBytes()));
            message = Arrays.copyOf(message, (int) grown);
        }
        in.get(0, message, messageLength, n);
        messageLength += n;
        if (last) {
            byte[] payload = message.length == messageLength ? message : Arrays.copyOf(message, messageLength);
            message = null;
            messageLength = 0;
            deliver(WebSocketMessage.received(text, payload, true));
        }
    }

    private void deliver(WebSocketMessage m) {
        inbox.add(m);
    }

    private void tooBig(long need) {
        message = null;
        messageLength = 0;
        if (!closeQueued && current == null) {
            closeQueued = true;
            outbox.addFirst(new Outgoing(LibcurlConstants.KM_WS_FRAME_CLOSE,
                    closePayload(WebSocketClose.MESSAGE_TOO_BIG, "message too big"), null, true));
            flush();
            try {
                drainBeforeClosing();   // the rest of the message, so that the server reads the 1009
            } catch (CurlError ignored) {
                // the connection goes anyway
            }
        }
        end(new CurlError(LibcurlConstants.CURLE_FILESIZE_EXCEEDED, "a WebSocket message of at least " + need
                + " bytes exceeds the " + socket.maxMessageBytes() + " bytes this WebSocket accepts (maxMessageBytes)", null));
    }

    private void control(int kind, int length) {
        if ((kind & LibcurlConstants.KM_WS_FRAME_PING) != 0) {
            pong = Arrays.copyOf(control, length);   // only the latest ping needs its pong (RFC 6455, 5.5.3)
            flush();
        } else if ((kind & LibcurlConstants.KM_WS_FRAME_CLOSE) != 0) {
            int code = length >= 2 ? ((control[0] & 0xff) << 8) | (control[1] & 0xff) : WebSocketClose.NO_STATUS;
            String reason = length > 2 ? WebSocket.utf8(control, 2, length) : "";
            closeReceived = true;
            if (!closeQueued) {
                // The server closes: messages not yet started are not sent, the close is echoed.
                result = new WebSocketClose(code, reason, true);
                closeQueued = true;
                failQueued(new IllegalStateException(socket + ": the server closed the WebSocket (" + code + " " + reason + ")"));
                byte[] echo = code == WebSocketClose.NO_STATUS ? new byte[0] : Arrays.copyOf(control, 2);
                outbox.add(new Outgoing(LibcurlConstants.KM_WS_FRAME_CLOSE, echo, null, true));
                flush();
            } else {
                result = new WebSocketClose(code, reason, false);
                if (closeSent) endCleanly();
            }
        }
        // a pong (the answer to a ping of the application's) is not delivered
    }

    private void flush() {
        long[] out = transfers.wsNumbers;
        while (!ended && t.state == TransferState.OPEN && !sendBlocked) {
            if (current == null) {
                if (pong != null) {
                    current = new Outgoing(LibcurlConstants.KM_WS_FRAME_PONG, pong, null, false);
                    pong = null;
                } else if ((current = outbox.poll()) == null) {
                    return;
                }
                currentSent = 0;
            }
            Outgoing o = current;
            int total = o.payload.length;
            ByteBuffer buffer = transfers.wsSendBuffer();
            int len = Math.min(total - currentSent, buffer.capacity());
            buffer.put(0, o.payload, currentSent, len);
            int flags = o.flags;
            long fragsize = 0;
            if (total > buffer.capacity()) {   // one frame of the whole size, sent piece by piece
                flags |= LibcurlConstants.KM_WS_FRAME_PIECE;
                if (currentSent == 0) fragsize = total;
            }
            int rc;
            try {
                rc = Native.wsSend(t.easy.pointer, len, fragsize, flags, out);
            } catch (CurlError e) {
                broken = true;
                end(new CurlError(e.code(), "sending on the WebSocket: " + detailOf(e), null));
                return;
            }
            currentSent += (int) out[0];
            if (rc != 0) {   // CURLE_AGAIN
                sendBlocked = true;
                return;
            }
            if (currentSent >= total) {
                current = null;
                if (o.sent != null) transfers.ready.add(o.sent, null);
                if (o.close) {
                    closeSent = true;
                    // The server's close came first (echoed now), or its answer to ours already arrived.
                    if (closeReceived) {
                        endCleanly();
                        return;
                    }
                }
            }
            if (transfers.mustYield(t)) {
                yieldTurn();
                return;
            }
        }
    }

    private void yieldTurn() {
        if (!yielded) {
            yielded = true;
            transfers.wsYield(t);
        }
    }

    /** After reading or writing: the socket registered for what is awaited, and what is ready delivered. */
    private void afterIo() {
        if (!ended && t.state == TransferState.OPEN) {
            int want = (wantsToRead() && readBlocked && !yielded ? LibcurlConstants.KM_WS_READABLE : 0)
                    | (sendBlocked ? LibcurlConstants.KM_WS_WRITABLE : 0);
            try {
                Native.wsWatch(t.easy.pointer, want);
            } catch (RuntimeException e) {
                end(new CurlError(LibcurlConstants.CURLE_RECV_ERROR, "registering the WebSocket's socket: " + e.getMessage(), e));
            }
        }
        transfers.wsAdvance(t);
    }

    private void endCleanly() {
        ended = true;
        endedWith = new IllegalStateException(socket + ": the session has ended (" + result.code() + " " + result.reason() + ")");
        failPending(endedWith);
        transfers.wsEnded(t, null);
    }

    private void end(CurlError error) {
        if (ended) return;
        ended = true;
        endedWith = error;
        failPending(error);
        transfers.wsEnded(t, error);
    }

    private void failQueued(Throwable error) {
        for (Outgoing o; (o = outbox.poll()) != null; ) {
            if (o.sent != null) transfers.ready.add(o.sent, error);
        }
    }

    private void failPending(Throwable error) {
        if (current != null && current.sent != null) transfers.ready.add(current.sent, error);
        current = null;
        failQueued(error);
    }
}
