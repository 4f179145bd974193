package org.konnect.curl.fuzz;

import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Random;
import org.konnect.curl.ChunkCallback;
import org.konnect.curl.DebugCallback;
import org.konnect.curl.HeaderCallback;
import org.konnect.curl.ReadCallback;
import org.konnect.curl.WriteCallback;
import org.konnect.curl.XferInfoCallback;

/**
 * One case's callbacks. Mostly they do their job; at the case's rates they return odd values
 * (short counts, PAUSE, ABORT, negatives, more than the buffer holds), throw (a RuntimeException,
 * an Error, a checked exception), call back into the Multi ({@link FuzzCase#act}), or keep the
 * callback's view and touch it in a later call, when it must be empty.
 */
final class FuzzCallbacks {
    /** Every callback interface at once: accepted for each callback option. */
    interface All extends WriteCallback, ReadCallback, HeaderCallback, XferInfoCallback, DebugCallback {}

    private final FuzzCase owner;
    private ByteBuffer kept;
    private byte[] lastChunk;
    private byte lastChunkFirst;

    FuzzCallbacks(FuzzCase owner) {
        this.owner = owner;
    }

    /** A callback of the given interface. */
    Object of(Class<?> type, Random r) {
        if (r.nextInt(10) == 0) return all();
        if (type == WriteCallback.class) return write();
        if (type == ReadCallback.class) return read();
        if (type == HeaderCallback.class) return header();
        if (type == XferInfoCallback.class) return xferInfo();
        if (type == DebugCallback.class) return debug();
        throw new IllegalArgumentException("no fuzz callback for " + type);
    }

    /** A callback of any interface. */
    Object any(Random r) {
        Class<?>[] types = {WriteCallback.class, ReadCallback.class, HeaderCallback.class, XferInfoCallback.class, DebugCallback.class};
        return of(types[r.nextInt(types.length)], r);
    }

    /** A write callback: one in three keeps its chunks (a {@link ChunkCallback}: arrays of its own, no views). */
    WriteCallback write() {
        if (owner.callbackKinds.nextInt(3) == 0) return (ChunkCallback) this::onChunk;
        return data -> onData("write", data, true);
    }

    ReadCallback read() {
        return this::onRead;
    }

    HeaderCallback header() {
        return data -> onData("header", data, false);
    }

    XferInfoCallback xferInfo() {
        return this::onProgress;
    }

    DebugCallback debug() {
        return (type, data) -> onData("debug " + type, data, false);
    }

    private All all() {
        return new All() {
            @Override
            public int write(ByteBuffer data) {
                return onData("write(all)", data, true);
            }

            @Override
            public int read(ByteBuffer buffer) {
                return onRead(buffer);
            }

            @Override
            public int header(ByteBuffer data) {
                return onData("header(all)", data, false);
            }

            @Override
            public int progress(long dlTotal, long dlNow, long ulTotal, long ulNow) {
                return onProgress(dlTotal, dlNow, ulTotal, ulNow);
            }

            @Override
            public void debug(InfoType type, ByteBuffer data) {
                onData("debug(all) " + type, data, false);
            }
        };
    }

    /**
     * Common to every data callback: the view's shape (exactly libcurl's bytes; writable only for
     * the read callback, which fills it), the kept view, faults and actions.
     */
    private void enter(String where, ByteBuffer data, boolean fills) {
        Random r = owner.rnd;
        owner.callbackCalls++;
        int n = data.remaining();
        // libcurl's own bytes come with capacity = length; a piece the engine decoded sits at the
        // start of its 16 KiB output buffer, so only position 0 and limit = length hold for both.
        if (data.position() != 0 || data.limit() != n) {
            owner.problem(where + ": the view is not exactly the callback's bytes: " + data);
        }
        if (data.isReadOnly() == fills) owner.problem(where + ": the view is " + (fills ? "read-only" : "writable"));
        touchKept(where);
        if (r.nextInt(50) == 0) kept = data;
        if (n > 0 && r.nextInt(20) == 0) {
            data.get(r.nextInt(n));
            try {
                data.put(r.nextInt(n), (byte) 'z');   // libcurl's data may be read-only memory: refused in Java
                if (!fills) owner.problem(where + ": a write into libcurl's data was accepted");
            } catch (ReadOnlyBufferException refused) {
                if (fills) owner.problem(where + ": the read callback's buffer refused a write");
            }
        }
        owner.maybeThrow(where);
        if (r.nextDouble() < owner.actionRate) owner.act(FuzzCase.Where.CALLBACK);
    }

    /** A view kept from an earlier call must be empty now, whatever is done to it. */
    private void touchKept(String where) {
        ByteBuffer k = kept;
        if (k == null || k.capacity() == 0) return;
        // The multi's one view, re-pointed at this call's bytes: it is this call's view again.
        try {
            k.clear();
            if (k.remaining() > 0) k.get(0);
        } catch (IndexOutOfBoundsException | BufferUnderflowException | BufferOverflowException expected) {
            // a view of nothing
        }
    }

    /**
     * After the transfer: the kept view itself must hold nothing (it is the multi's one view object,
     * emptied after each upcall; slices of it would still show the window's bytes). A piece the
     * engine decoded is a view of the decoder's Java array, which is not emptied.
     */
    void checkKeptViewIsEmpty() {
        if (kept != null && kept.isDirect() && kept.capacity() != 0) {
            owner.problem("a view kept after its callback still has capacity " + kept.capacity());
        }
    }

    private int onData(String where, ByteBuffer data, boolean body) {
        enter(where, data, false);
        return answer(where, data.remaining(), body);
    }

    /** A kept chunk: an array of its own, which nothing may write again (the first byte is checked on the next call). */
    private int onChunk(byte[] chunk) {
        owner.callbackCalls++;
        if (lastChunk != null && lastChunk.length > 0 && lastChunk[0] != lastChunkFirst) {
            owner.problem("a kept chunk's array was written after its callback");
        }
        lastChunk = chunk;
        if (chunk.length > 0) lastChunkFirst = chunk[0];
        owner.maybeThrow("chunk");
        if (owner.rnd.nextDouble() < owner.actionRate) owner.act(FuzzCase.Where.CALLBACK);
        return answer("chunk", chunk.length, true);
    }

    /** What a data callback returns for {@code n} bytes: mostly {@code n}, at the odd rate something else. */
    private int answer(String where, int n, boolean body) {
        Random r = owner.rnd;
        if (r.nextDouble() >= owner.oddRate) {
            if (body) owner.bodyBytes += n;
            return n;
        }
        int[] odd = {0, n - 1, n + 1, WriteCallback.PAUSE, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, r.nextInt()};
        int v = odd[r.nextInt(odd.length)];
        owner.log.add(where + " returns " + v + " for " + n + " bytes");
        if (v == WriteCallback.PAUSE) owner.pausedByCallback = true;
        return v;
    }

    private int onRead(ByteBuffer buffer) {
        enter("read", buffer, true);
        Random r = owner.rnd;
        int room = buffer.remaining();
        if (owner.uploadLeft <= 0) return 0;
        if (r.nextDouble() >= owner.oddRate) {
            int n = (int) Math.min(room, Math.min(owner.uploadLeft, 1 + r.nextInt(Math.max(1, room))));
            for (int i = 0; i < n; i++) buffer.put((byte) ('a' + i % 26));
            owner.uploadLeft -= n;
            return n;
        }
        int[] odd = {0, room + 1, ReadCallback.PAUSE, ReadCallback.ABORT, -5, Integer.MAX_VALUE, room};
        int v = odd[r.nextInt(odd.length)];
        owner.log.add("read returns " + v + " for a buffer of " + room);
        if (v == ReadCallback.PAUSE) owner.pausedByCallback = true;
        return v;
    }

    private int onProgress(long dlTotal, long dlNow, long ulTotal, long ulNow) {
        Random r = owner.rnd;
        owner.callbackCalls++;
        touchKept("progress");
        if (dlNow < 0 || ulNow < 0) owner.problem("progress with negative counts: " + dlNow + ", " + ulNow);
        owner.maybeThrow("progress");
        if (r.nextDouble() < owner.actionRate) owner.act(FuzzCase.Where.CALLBACK);
        if (r.nextDouble() >= owner.oddRate) return 0;
        int v = r.nextBoolean() ? 1 : r.nextInt();
        owner.log.add("progress returns " + v);
        return v;
    }
}
