package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * Views that user code keeps past its callback, and slices and duplicates of them, touched after
 * the transfer ended, after its handle was reset and reused, and after the Multi closed (its
 * handles cleaned up), with libcurl's buffers at their largest ({@code BUFFERSIZE} and
 * {@code UPLOAD_BUFFERSIZE} at libcurl's maxima, which glibc maps and unmaps). Each view is over
 * memory the JVM owns: the kept view itself is empty, a kept slice or duplicate stays readable
 * (whatever bytes it shows now) and never reaches freed memory, and a kept slice of the read
 * callback's buffer can be written without reaching libcurl: later uploads go out unchanged.
 * Before, the views pointed at libcurl's buffers, and reading a kept slice read freed memory.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class KeptViewsTest {
    /** Above libcurl's maxima (10 MiB on 8.x, 512 KiB on 7.88; 2 MiB for uploads): libcurl takes its maximum. */
    private static final long BUFFERSIZE = 64L << 20;
    private static final long UPLOAD_BUFFERSIZE = 64L << 20;
    private static final int DOWNLOAD = 24 << 20;
    private static final int UPLOAD = 8 << 20;
    /** The views kept per callback kind: enough to span the transfer, few enough to stay small. */
    private static final int KEPT_PER_KIND = 400;

    private final LoopbackHttpServer http;

    KeptViewsTest(LoopbackHttpServer http) {
        this.http = http;
    }

    /** What one callback kind kept: its own arguments, and slices and duplicates of them. */
    private static final class Kept {
        final boolean writable;
        final List<ByteBuffer> views = new ArrayList<>();
        final List<ByteBuffer> copies = new ArrayList<>();
        int calls;

        Kept(boolean writable) {
            this.writable = writable;
        }

        void keep(ByteBuffer data) {
            if (calls++ % 8 != 0 || views.size() >= KEPT_PER_KIND) return;
            views.add(data);
            copies.add(data.slice());
            copies.add(data.duplicate());
            if (data.remaining() > 2) copies.add(data.slice(1, data.remaining() - 2));
        }

        /** Reads (and for the read callback's, writes) every kept view; returns a sum, so that nothing is skipped. */
        long touch(String when) {
            assertTrue(calls > 0, "no callback ran");
            for (ByteBuffer view : views) assertEquals(0, view.capacity(), "a kept view itself is empty " + when);
            long sum = 0;
            for (ByteBuffer copy : copies) {
                assertTrue(copy.isDirect());
                assertEquals(!writable, copy.isReadOnly(), "read-only unless the read callback's");
                for (int i = 0; i < copy.limit(); i++) sum += copy.get(i);
                if (writable) {
                    for (int i = 0; i < copy.limit(); i++) copy.put(i, (byte) '#');
                } else if (copy.limit() > 0) {
                    assertThrows(ReadOnlyBufferException.class, () -> copy.put(0, (byte) '#'), when);
                }
            }
            return sum;
        }
    }

    @Test
    void keptViewsOfDownloadsStayReadableAfterTheTransferTheResetAndTheClose() {
        Kept write = new Kept(false);
        Kept header = new Kept(false);
        Kept debug = new Kept(false);
        Consumer<ConfigHandle> keeping = h -> h.setopt(CurlOpt.BUFFERSIZE, BUFFERSIZE)
                .setopt(CurlOpt.HEADERFUNCTION, (HeaderCallback) data -> {
                    header.keep(data);
                    return data.remaining();
                })
                .setopt(CurlOpt.DEBUGFUNCTION, (DebugCallback) (type, data) -> debug.keep(data));
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withHandlePoolSize(1))) {
            for (int round = 0; round < 2; round++) {   // the second runs on the first's reset handle
                Exchange download = new Exchange(http.url("/bytes/" + DOWNLOAD), keeping) {
                    @Override
                    int onBody(ByteBuffer data) {
                        write.keep(data);
                        return super.onBody(data);
                    }
                };
                Exchange.Result r = Drive.result(multi, multi.process(download));
                assertTrue(LoopbackHttpServer.isPattern(r.body()) && r.body().length == DOWNLOAD, "the body arrived whole");
                touchAll("after transfer " + round + " ended and its handle was reset", write, header, debug);
            }
        }
        System.gc();   // a window the GC freed under a kept slice would show up below
        touchAll("after the Multi closed", write, header, debug);
    }

    @Test
    void keptViewsOfUploadsCanBeWrittenWithoutReachingLibcurl() {
        Kept read = new Kept(true);
        byte[] source = LoopbackHttpServer.pattern(UPLOAD);
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withHandlePoolSize(1))) {
            for (int round = 0; round < 2; round++) {   // the second runs on the first's reset handle, after the writes
                ByteBuffer left = ByteBuffer.wrap(source);
                Exchange upload = new Exchange(http.url("/echo"), h -> h.setopt(CurlOpt.UPLOAD_BUFFERSIZE, UPLOAD_BUFFERSIZE)
                        .setopt(CurlOpt.POST, true).setopt(CurlOpt.POSTFIELDSIZE_LARGE, (long) UPLOAD)
                        .setopt(CurlOpt.READFUNCTION, (ReadCallback) buffer -> {
                            int n = Math.min(buffer.remaining(), left.remaining());
                            buffer.put(buffer.position(), source, left.position(), n);
                            left.position(left.position() + n);
                            read.keep(buffer);
                            return n;
                        }));
                Exchange.Result r = Drive.result(multi, multi.process(upload));
                assertArrayEquals(source, r.body(), "the server got exactly what the read callback put");
                read.touch("after upload " + round + " ended and its handle was reset");
            }
        }
        System.gc();
        read.touch("after the Multi closed");
    }

    private static void touchAll(String when, Kept... kinds) {
        for (Kept k : kinds) k.touch(when);
    }
}
