package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * A write callback that paused its transfer, resumed from {@code getUpdate} (as a receive window
 * does): libcurl hands the kept data over inside {@code curl_easy_pause}. Two bugs showed there,
 * found by the http module's gzip-bomb test. The native layer's result macro evaluated its
 * argument twice, so a failing {@code curl_easy_pause} ran again and reported {@code CURLE_OK}
 * ("No error") as the error. And a body that passed {@code maxBodyBytes} while the unpause
 * delivered it failed the transfer as "getUpdate threw" instead of with the cap's own error.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class UnpauseInsideAHookTest {
    private final LoopbackHttpServer http;

    UnpauseInsideAHookTest(LoopbackHttpServer http) {
        this.http = http;
    }

    /** Takes up to a window of body, then pauses; each update resumes it. */
    private static class Window implements RequestProtocol<Void, Long>, WriteCallback {
        private final String url;
        private final long cap;
        ConfigHandle handle;
        long taken;
        long total;
        boolean paused;
        boolean refuseNext;
        String pauseError;
        /** false: a refused pause fails getUpdate, as it does for a receive window that does not expect one. */
        boolean catchPauseErrors = true;

        Window(String url, long cap) {
            this.url = url;
            this.cap = cap;
        }

        @Override
        public void configureHandle(ConfigHandle h) {
            handle = h;
            h.setopt(CurlOpt.URL, url);
            h.setopt(CurlOpt.ACCEPT_ENCODING, "gzip");
            h.setopt(CurlOpt.WRITEFUNCTION, this);
            h.maxBodyBytes(cap);
        }

        @Override
        public int write(ByteBuffer data) {
            if (refuseNext) return 0;   // a short count: libcurl fails the transfer with CURLE_WRITE_ERROR
            if (taken >= 64 * 1024) {
                paused = true;
                return PAUSE;
            }
            taken += data.remaining();
            total += data.remaining();
            return data.remaining();
        }

        @Override
        public boolean hasUpdate() {
            return paused;
        }

        @Override
        public Void getUpdate() {
            paused = false;
            taken = 0;
            try {
                handle.pause(ConfigHandle.PAUSE_CONT);
            } catch (CurlError e) {
                pauseError = e.codeName();
                if (!catchPauseErrors) throw e;
            }
            return null;
        }

        @Override
        public Long completed(GetInfoHandle info) {
            return total;
        }
    }

    /** Processes until the end, continuing after every update. */
    private static CurlError runToFailure(Multi multi, Window w) {
        while (true) {
            try {
                Outcome<Void, Long> o = Drive.until(multi, multi.process(w));
                if (o instanceof Outcome.Final) throw new AssertionError("the transfer did not fail");
            } catch (java.util.concurrent.CompletionException e) {
                return (CurlError) e.getCause();
            }
        }
    }

    @Test
    void aBodyPastTheCapDuringTheUnpauseFailsWithTheCapsError() {
        // No iteration budget: every decoded piece after the first window is delivered inside an unpause.
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withIterationBudget(java.time.Duration.ZERO))) {
            Window w = new Window(http.url("/gzip-zeros/100000000"), 1 << 20);
            w.catchPauseErrors = false;
            CurlError e = runToFailure(multi, w);
            assertEquals("CURLE_FILESIZE_EXCEEDED", e.codeName(), e.getMessage());
        }
    }

    @Test
    void aRefusedUnpauseReportsLibcurlsError() {
        // No iteration budget, so that the engine never yields a piece: the unpause delivers inside curl_easy_pause.
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withIterationBudget(java.time.Duration.ZERO))) {
            Window w = new Window(http.url("/gzip-zeros/100000000"), Long.MAX_VALUE) {
                @Override
                public Void getUpdate() {
                    refuseNext = true;
                    return super.getUpdate();
                }
            };
            CurlError e = runToFailure(multi, w);
            assertEquals("CURLE_WRITE_ERROR", w.pauseError);
            assertEquals("CURLE_WRITE_ERROR", e.codeName(), e.getMessage());
        }
    }
}
