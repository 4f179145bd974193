package org.konnect.curl.actors;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;

/** Requests used by the actor tests. */
final class Requests {
    private Requests() {}

    /** Counts the body; the result is the response code. Records the thread its hooks ran on. */
    static class Count implements RequestProtocol<Long, Integer> {
        final String url;
        long received;
        final AtomicReference<Thread> hookThread = new AtomicReference<>();

        Count(String url) {
            this.url = url;
        }

        @Override
        public void configureHandle(ConfigHandle h) {
            hookThread.set(Thread.currentThread());
            h.setopt(CurlOpt.URL, url);
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) this::write);
        }

        int write(ByteBuffer data) {
            received += data.remaining();
            return data.remaining();
        }

        @Override
        public Integer completed(GetInfoHandle info) {
            return info.getinfo(CurlInfo.RESPONSE_CODE);
        }

        @Override
        public String toString() {
            return "Count[" + url + "]";
        }
    }

    /** Reports the byte count every {@code step} bytes; the result is the total. */
    static final class Progress extends Count {
        final long step;
        long reported;

        Progress(String url, long step) {
            super(url);
            this.step = step;
        }

        @Override
        public boolean hasUpdate() {
            return received - reported >= step;
        }

        @Override
        public Long getUpdate() {
            reported = received;
            return received;
        }
    }
}
