package org.konnect.curl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * Where libcurl's callbacks reach Java: the native layer upcalls one router per multi, on the
 * owner thread inside perform, process or an unpause, with the transfer's slot. A data upcall
 * names its callback by libcurl's {@code CURLOPT_*FUNCTION} id and hands over a view of exactly
 * the callback's bytes (position 0, limit = length; capacity = length for libcurl's own bytes,
 * while a piece the engine decoded sits at the start of the decoder's output buffer), emptied
 * again afterwards.
 * A {@link ChunkCallback}'s chunks come instead as new arrays, one copy of libcurl's bytes each.
 * An exception from user code is kept on the transfer, which is then ended; libcurl gets the
 * callback's abort value. Once the loop's iteration budget is spent, a chunk pauses its
 * transfer instead of reaching the write callback (libcurl keeps it), until the next perform.
 * A body the engine decodes ({@link EngineContentDecoding}) goes through its
 * {@link ContentDecoder} piece by piece, with the budget checked between pieces.
 */
final class CallbackRouter {
    private static final byte[] CONTENT_ENCODING = "Content-Encoding\0".getBytes(StandardCharsets.US_ASCII);
    /** {@link #admitWrite}: the chunk goes to the write callback, or through the transfer's decoder. */
    private static final int DELIVER = Integer.MIN_VALUE;
    private static final int DECODE = Integer.MIN_VALUE + 1;

    private Transfers transfers;

    /** The native layer holds the router from the multi handle's creation; the transfers come right after. */
    void routeTo(Transfers transfers) {
        this.transfers = transfers;
    }

    /** Called by the native layer for write, read, header and debug callbacks ({@code type}: the debug info type). */
    int onData(int slot, int option, int type, ByteBuffer data) {
        CallbackKind kind = CallbackKind.ofOption(option);
        if (kind == null) return 0;
        Transfer t = transfers.pool.transferAt(slot);
        Object callback = t == null ? null : t.easy.callbacks[kind.ordinal()];
        if (callback == null) return kind.abortValue;
        if (t.endsOnceLibcurlReturns()) return kind == CallbackKind.READ ? kind.abortValue : data.remaining() == 0 ? 1 : 0;
        if (kind == CallbackKind.WRITE) {
            int refused = admitWrite(t, data.remaining());
            if (refused == DECODE) return writeDecoded(t, callback, data);
            if (refused != DELIVER) return refused;
        }
        return call(t, kind, callback, type, data, null);
    }

    /**
     * Called by the native layer for the write callback of a {@link ChunkCallback}, with the
     * chunk already copied into a new array of its own: it reaches the callback as it is.
     */
    int onChunk(int slot, byte[] chunk) {
        // The mode was fixed at setopt, before the engine knew whether it decodes the body: a raw
        // chunk of a decoded body comes as an array too, wrapped for the decoder (one more array per raw chunk).
        Transfer t = transfers.pool.transferAt(slot);
        Object callback = t == null ? null : t.easy.callbacks[CallbackKind.WRITE.ordinal()];
        if (callback == null) return CallbackKind.WRITE.abortValue;
        if (t.endsOnceLibcurlReturns()) return chunk.length == 0 ? 1 : 0;
        int refused = admitWrite(t, chunk.length);
        if (refused == DECODE) return writeDecoded(t, callback, ByteBuffer.wrap(chunk));
        if (refused != DELIVER) return refused;
        return call(t, CallbackKind.WRITE, callback, 0, null, chunk);
    }

    /**
     * Whether a body chunk of {@code length} bytes may reach the write callback now: {@link #DELIVER},
     * {@link #DECODE}, or what libcurl gets instead (PAUSE, or a count that fails the transfer).
     */
    private int admitWrite(Transfer t, int length) {
        if (t.recvPaused) return WriteCallback.PAUSE;   // libcurl keeps the chunk
        if (t.engineDecodes && !t.codingRead && !readCoding(t)) return length == 0 ? 1 : 0;   // CURLE_WRITE_ERROR
        if (t.decoder != null) return DECODE;
        if (transfers.mustYield(t)) {   // libcurl keeps it until the next perform resumes the transfer
            transfers.yieldTurn(t);
            return WriteCallback.PAUSE;
        }
        if (length > t.maxBodyBytes - t.bodyBytes) {
            transfers.bodyTooLarge(t);
            return CallbackKind.WRITE.abortValue;
        }
        return DELIVER;
    }

    /** Calls a data callback: with the view {@code data}, or for a {@link ChunkCallback} with {@code chunk}. */
    private int call(Transfer t, CallbackKind kind, Object callback, int type, ByteBuffer data, byte[] chunk) {
        boolean write = kind == CallbackKind.WRITE;
        Transfer outer = transfers.writing;
        transfers.callbackDepth++;
        if (write) transfers.writing = t;
        try {
            int r = chunk != null ? ((ChunkCallback) callback).write(chunk) : kind.onData(callback, type, data);
            if (write && r > 0 && r != WriteCallback.PAUSE) t.bodyBytes += r;
            transfers.touch(t);
            return r;
        } catch (Throwable e) {
            // libcurl ignores the debug callback's result: the engine ends its transfer, with the code a progress abort gets.
            if (kind == CallbackKind.DEBUG) transfers.abortedInCallback(t, e);
            else transfers.callbackThrew(t, e);
            return kind.abortValue;
        } finally {
            transfers.callbackDepth--;
            transfers.writing = outer;
        }
    }

    /**
     * At the first body chunk: the response's Content-Encoding (libcurl hands the write callback
     * the body of one response per transfer: it drops those of the redirects and authentication
     * rounds it follows). Sets {@link Transfer#decoder} when there is something to decode; a coding
     * the engine does not decode ends the transfer with {@code CURLE_BAD_CONTENT_ENCODING}, as
     * libcurl's own decoding does. Returns false when the transfer ends.
     */
    private boolean readCoding(Transfer t) {
        t.codingRead = true;
        try {
            byte[] value = Native.easyHeader(t.easy.pointer, CONTENT_ENCODING);
            t.decoder = ContentDecoder.forContentEncoding(value == null ? null : new String(value, StandardCharsets.ISO_8859_1));
        } catch (CurlError e) {
            transfers.endInCallback(t, new CurlError(e.code(), "reading the response's Content-Encoding: " + e.detail(), e));
            return false;
        } catch (IllegalArgumentException e) {
            transfers.endInCallback(t, new CurlError(LibcurlConstants.CURLE_BAD_CONTENT_ENCODING, e.getMessage(), null));
            return false;
        }
        return true;
    }

    /**
     * One raw chunk of a body the engine decodes: decoded pieces go to the write callback one by
     * one, and between two steps the iteration budget may pause the transfer. On PAUSE, libcurl
     * keeps the chunk and hands it over again from its start; the decoder skips what it consumed,
     * and a piece the write callback paused on is delivered first. Caps count decoded bytes.
     */
    private int writeDecoded(Transfer t, Object callback, ByteBuffer raw) {
        int length = raw.remaining();
        int failed = length == 0 ? 1 : 0;   // a count other than the chunk's length: CURLE_WRITE_ERROR
        ContentDecoder d = t.decoder;
        d.accept(raw);
        try {
            while (true) {
                if (transfers.mustYield(t)) {   // resumed by the next perform
                    transfers.yieldTurn(t);
                    d.pausedInChunk();
                    return WriteCallback.PAUSE;
                }
                int step = d.step();
                if (step == ContentDecoder.NEED_INPUT) return length;
                if (step == ContentDecoder.FAILED) {
                    transfers.endInCallback(t, new CurlError(LibcurlConstants.CURLE_BAD_CONTENT_ENCODING, d.failure(), null));
                    return failed;
                }
                if (step != ContentDecoder.PIECE) continue;
                ByteBuffer piece = d.piece();
                int n = piece.remaining();
                if (n > t.maxBodyBytes - t.bodyBytes) {
                    transfers.bodyTooLarge(t);
                    return failed;
                }
                int r;
                Transfer outer = transfers.writing;
                transfers.callbackDepth++;
                transfers.writing = t;
                try {
                    r = CallbackKind.WRITE.onData(callback, 0, piece);
                    transfers.touch(t);
                } catch (Throwable e) {
                    transfers.callbackThrew(t, e);
                    return failed;
                } finally {
                    transfers.callbackDepth--;
                    transfers.writing = outer;
                }
                if (r == WriteCallback.PAUSE) {   // the application's own pause: the piece waits in the decoder
                    d.pausedInChunk();
                    return WriteCallback.PAUSE;
                }
                if (r != n) return failed;
                t.bodyBytes += n;
                d.pieceTaken();
                if (t.doomed) return failed;   // cancelled from inside the callback
                if (t.recvPaused) {   // paused from inside the callback
                    d.pausedInChunk();
                    return WriteCallback.PAUSE;
                }
            }
        } finally {
            d.leaveChunk();
        }
    }

    /**
     * Called by the native layer for the progress callback. libcurl is never told to abort here:
     * it calls this callback once more just after a transfer entered its DONE state, and an abort
     * there sends the transfer to COMPLETED past {@code multi_done} (7.88.1 and 8.14.1), leaving
     * its connection in the cache marked for closing, where no transfer reuses or evicts it: with
     * {@code CURLMOPT_MAX_TOTAL_CONNECTIONS} every later transfer waited for good. So an abort
     * (a throw, or anything but 0) ends the transfer once libcurl has returned, the way a cancel
     * from a callback does (curl_multi_remove_handle, which closes the connection); meanwhile its
     * callbacks are not called and libcurl's data callbacks get their abort values.
     */
    int onXferInfo(int slot, long dlTotal, long dlNow, long ulTotal, long ulNow) {
        Transfer t = transfers.pool.transferAt(slot);
        Object callback = t == null ? null : t.easy.callbacks[CallbackKind.XFERINFO.ordinal()];
        if (callback == null) return CallbackKind.XFERINFO.abortValue;
        if (t.endsOnceLibcurlReturns()) return 0;
        transfers.callbackDepth++;
        try {
            int r = ((XferInfoCallback) callback).progress(dlTotal, dlNow, ulTotal, ulNow);
            transfers.touch(t);
            if (r != 0) {
                transfers.endInCallback(t, new CurlError(CurlError.CURLE_ABORTED_BY_CALLBACK,
                        "Callback aborted: the XFERINFOFUNCTION returned " + r, null));
            }
        } catch (Throwable e) {
            transfers.abortedInCallback(t, e);
        } finally {
            transfers.callbackDepth--;
        }
        return 0;
    }
}
