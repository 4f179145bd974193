package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackRawServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * A transfer that libcurl ends with an error hands over what its callbacks gathered before the
 * error first, as a transfer that ends well does before its completion: the next process gets
 * that update, the one after it the failure. A stream's window full of received chunks is not
 * dropped for the failure that came after them.
 */
@ExtendWith(NoNativeLeaks.class)
class UpdatesBeforeFailureTest {
    private static final int PROMISED = 1_000;
    private static final int FIRST = 100;
    private static final int REST = 200;

    @Test
    void theBytesBeforeAnErrorReachTheNextProcessAndTheErrorTheOneAfter() throws Exception {
        CountDownLatch firstTaken = new CountDownLatch(1);
        byte[] pattern = LoopbackHttpServer.pattern(FIRST + REST);
        // 100 bytes, then (once the client has had its first update) 200 more and the end of the
        // connection, 700 bytes short of its Content-Length: CURLE_PARTIAL_FILE.
        try (LoopbackRawServer server = LoopbackRawServer.start(socket -> {
            LoopbackRawServer.readRequestHead(socket);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + PROMISED + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(pattern, 0, FIRST);
            out.flush();
            if (!firstTaken.await(30, TimeUnit.SECONDS)) return;
            out.write(pattern, FIRST, REST);
            out.flush();
            socket.shutdownOutput();
        }); Multi multi = Multi.open()) {
            Gathering request = new Gathering("http://127.0.0.1:" + server.port() + "/");
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            seen.write(interim(Drive.until(multi, multi.process(request))));
            firstTaken.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (multi.activeTransfers() > 0 && System.nanoTime() < deadline) multi.perform(100);
            assertEquals(0, multi.activeTransfers(), "libcurl ended the transfer");

            // No process was pending when the rest came and the transfer failed: the rest first...
            seen.write(interim(Drive.until(multi, multi.process(request))));
            assertArrayEquals(pattern, seen.toByteArray(), "every byte received before the error");
            // ...then the error.
            CurlError error = Drive.failure(multi, multi.process(request));
            assertEquals("CURLE_PARTIAL_FILE", error.codeName(), error.toString());
        }
    }

    private static byte[] interim(Outcome<byte[], Integer> outcome) {
        if (outcome instanceof Outcome.Interim<byte[], Integer> update) return update.value();
        throw new AssertionError("expected an update, got " + outcome);
    }

    /** Reports the body bytes received since its last update. */
    private static final class Gathering implements RequestProtocol<byte[], Integer> {
        private final String url;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Gathering(String url) {
            this.url = url;
        }

        @Override
        public void configureHandle(ConfigHandle h) {
            h.setopt(CurlOpt.URL, url);
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) this::write);
        }

        private int write(ByteBuffer data) {
            int n = data.remaining();
            byte[] copy = new byte[n];
            data.get(copy);
            pending.writeBytes(copy);
            return n;
        }

        @Override
        public boolean hasUpdate() {
            return pending.size() > 0;
        }

        @Override
        public byte[] getUpdate() {
            byte[] out = pending.toByteArray();
            pending.reset();
            assertTrue(out.length > 0);
            return out;
        }

        @Override
        public Integer completed(GetInfoHandle info) {
            return 0;
        }
    }
}
