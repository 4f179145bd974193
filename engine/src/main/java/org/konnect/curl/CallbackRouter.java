package org.konnect.curl;

import java.nio.ByteBuffer;

/**
 * Where libcurl's callbacks reach Java: the native layer upcalls one router per multi, on the
 * owner thread inside perform, process or an unpause, with the transfer's slot. A data upcall
 * names its callback by libcurl's {@code CURLOPT_*FUNCTION} id and hands over a view of exactly
 * the callback's bytes (position 0, limit = capacity = length), emptied again afterwards.
 * An exception from user code is kept on the transfer, which is then ended; libcurl gets the
 * callback's abort value. Once the loop's iteration budget is spent, a chunk pauses its
 * transfer instead of reaching the write callback (libcurl keeps it), until the next perform.
 */
final class CallbackRouter {
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
        if (kind == CallbackKind.WRITE) {
            if (t.recvPaused) return WriteCallback.PAUSE;   // libcurl keeps the chunk
            if (transfers.mustYield(t)) {   // libcurl keeps it until the next perform resumes the transfer
                transfers.yieldTurn(t);
                return WriteCallback.PAUSE;
            }
            if (data.remaining() > t.maxBodyBytes - t.bodyBytes) {
                transfers.bodyTooLarge(t);
                return kind.abortValue;
            }
        }
        transfers.callbackDepth++;
        try {
            int r = kind.onData(callback, type, data);
            if (kind == CallbackKind.WRITE && r > 0 && r != WriteCallback.PAUSE) t.bodyBytes += r;
            transfers.touch(t);
            return r;
        } catch (Throwable e) {
            transfers.callbackThrew(t, e);
            return kind.abortValue;
        } finally {
            transfers.callbackDepth--;
        }
    }

    /** Called by the native layer for the progress callback. */
    int onXferInfo(int slot, long dlTotal, long dlNow, long ulTotal, long ulNow) {
        Transfer t = transfers.pool.transferAt(slot);
        Object callback = t == null ? null : t.easy.callbacks[CallbackKind.XFERINFO.ordinal()];
        if (callback == null) return CallbackKind.XFERINFO.abortValue;
        transfers.callbackDepth++;
        try {
            int r = ((XferInfoCallback) callback).progress(dlTotal, dlNow, ulTotal, ulNow);
            transfers.touch(t);
            return r;
        } catch (Throwable e) {
            transfers.callbackThrew(t, e);
            return CallbackKind.XFERINFO.abortValue;
        } finally {
            transfers.callbackDepth--;
        }
    }
}
