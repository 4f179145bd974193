package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Handles bound to no libcurl handle ({@link UnboundHandles}): they check what bound ones check
 * and hand every accepted call to the sink or source, and never make a native object.
 */
class UnboundHandlesTest {
    /** Records the sink's calls as text, in order. */
    private static final class Journal implements UnboundHandles.OptionSink {
        final List<String> calls = new ArrayList<>();

        @Override
        public void setopt(CurlOpt option, Object value) {
            calls.add(option + "=" + (value instanceof WriteCallback ? "callback" : value));
        }

        @Override
        public void unsetopt(CurlOpt option) {
            calls.add("unset " + option);
        }

        @Override
        public void maxBodyBytes(long max) {
            calls.add("max " + max);
        }

        @Override
        public void pause(int bitmask) {
            calls.add("pause " + bitmask);
        }
    }

    private static RequestProtocol<Void, Object> configuring(Consumer<ConfigHandle> configure) {
        return new RequestProtocol<>() {
            @Override
            public void configureHandle(ConfigHandle h) {
                configure.accept(h);
            }

            @Override
            public Object completed(GetInfoHandle info) {
                return null;
            }
        };
    }

    @Test
    void acceptedCallsReachTheSinkInOrderAndNoNativeObjectIsMade() {
        long nativeBefore = Curl.liveNativeObjects();
        Journal journal = new Journal();
        ConfigHandle handle = UnboundHandles.configure(configuring(h -> {
            h.setopt(CurlOpt.URL, "http://svc.test/a");
            h.setopt(CurlOpt.HTTPHEADER, List.of("Accept: text/plain"));
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> data.remaining());
            h.setopt(CurlOpt.FOLLOWLOCATION, true);
            h.unsetopt(CurlOpt.TIMEOUT_MS);            // never set: nothing to tell
            h.unsetopt(CurlOpt.FOLLOWLOCATION);
            h.maxBodyBytes(1024);
        }), journal);
        handle.pause(ConfigHandle.PAUSE_RECV);          // later, as a stream's getUpdate does
        assertEquals(List.of("CURLOPT_URL=http://svc.test/a", "CURLOPT_HTTPHEADER=[Accept: text/plain]",
                "CURLOPT_WRITEFUNCTION=callback", "CURLOPT_FOLLOWLOCATION=true", "unset CURLOPT_FOLLOWLOCATION", "max 1024",
                "pause " + ConfigHandle.PAUSE_RECV), journal.calls);
        assertEquals(nativeBefore, Curl.liveNativeObjects());
    }

    @Test
    void valuesAreTypeCheckedAsOnABoundHandle() {
        Journal journal = new Journal();
        IllegalArgumentException mistyped = assertThrows(IllegalArgumentException.class, () -> UnboundHandles.configure(
                configuring(h -> h.setopt(CurlOpt.URL, 42)), journal));
        assertEquals("CURLOPT_URL expects a String, got java.lang.Integer", mistyped.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> UnboundHandles.configure(
                configuring(h -> h.setopt(CurlOpt.URL, "http://a/\0")), journal));
        assertTrue(nul.getMessage().contains("NUL"), nul.getMessage());
        IllegalArgumentException callback = assertThrows(IllegalArgumentException.class, () -> UnboundHandles.configure(
                configuring(h -> h.setopt(CurlOpt.READFUNCTION, (WriteCallback) data -> 0)), journal));
        assertTrue(callback.getMessage().startsWith("CURLOPT_READFUNCTION expects a ReadCallback"), callback.getMessage());
        IllegalArgumentException item = assertThrows(IllegalArgumentException.class, () -> UnboundHandles.configure(
                configuring(h -> h.setopt(CurlOpt.HTTPHEADER, List.of("A: b", 3))), journal));
        assertEquals("CURLOPT_HTTPHEADER: list item 1 is java.lang.Integer; expected a String", item.getMessage());
        IllegalArgumentException body = assertThrows(IllegalArgumentException.class, () -> UnboundHandles.configure(
                configuring(h -> h.setopt(CurlOpt.POSTFIELDS, "abc").setopt(CurlOpt.POSTFIELDSIZE_LARGE, 4L)), journal));
        assertTrue(body.getMessage().contains("exceeds the 3 bytes"), body.getMessage());
        assertEquals(List.of("CURLOPT_POSTFIELDS=abc"), journal.calls, "only the accepted value reached the sink");
    }

    @Test
    void optionsCanBeSetOnlyInsideConfigureHandleAndOnItsThread() throws Exception {
        Journal journal = new Journal();
        CompletableFuture<Throwable> fromOtherThread = new CompletableFuture<>();
        ConfigHandle handle = UnboundHandles.configure(configuring(h -> {
            Thread t = new Thread(() -> {
                try {
                    h.setopt(CurlOpt.URL, "http://elsewhere/");
                    fromOtherThread.complete(null);
                } catch (Throwable e) {
                    fromOtherThread.complete(e);
                }
            }, "not-the-configuring-thread");
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }), journal);
        Throwable refused = fromOtherThread.get(10, TimeUnit.SECONDS);
        assertTrue(refused instanceof IllegalStateException && refused.getMessage().contains("not-the-configuring-thread"),
                String.valueOf(refused));
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> handle.setopt(CurlOpt.URL, "http://late/"));
        assertEquals("setopt(CURLOPT_URL): options can be set only inside configureHandle", late.getMessage());
        assertThrows(IllegalStateException.class, () -> handle.maxBodyBytes(1));
        assertThrows(IllegalArgumentException.class, () -> handle.pause(8));
        assertEquals(List.of(), journal.calls);
    }

    @Test
    void infosAreConvertedAsLibcurlsAndOnlyInsideCompleted() throws ExecutionException, InterruptedException {
        List<GetInfoHandle> kept = new ArrayList<>();
        List<Object> read = UnboundHandles.complete(new RequestProtocol<Void, List<Object>>() {
            @Override
            public void configureHandle(ConfigHandle h) {}

            @Override
            public List<Object> completed(GetInfoHandle info) {
                kept.add(info);
                return List.of(info.getinfo(CurlInfo.RESPONSE_CODE), info.getinfo(CurlInfo.TOTAL_TIME_T),
                        info.getinfo(CurlInfo.HTTP_VERSION), info.getinfoRaw(CurlInfo.RESPONSE_CODE));
            }
        }, info -> {
            if (info.equals(CurlInfo.RESPONSE_CODE)) return 204L;
            if (info.equals(CurlInfo.TOTAL_TIME_T)) return 1_500L;
            return (long) HttpVersion.HTTP_2.value();
        });
        assertEquals(List.of(204, Duration.ofNanos(1_500_000), HttpVersion.HTTP_2, 204L), read);
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> kept.get(0).getinfo(CurlInfo.RESPONSE_CODE));
        assertTrue(late.getMessage().startsWith("GetInfoHandle used after completed() returned"), late.getMessage());

        CompletableFuture<Throwable> fromOtherThread = new CompletableFuture<>();
        UnboundHandles.complete(new RequestProtocol<Void, Void>() {
            @Override
            public void configureHandle(ConfigHandle h) {}

            @Override
            public Void completed(GetInfoHandle info) {
                assertThrows(IllegalArgumentException.class, () -> info.getinfo(CurlInfo.of("PRIVATE",
                        org.konnect.curl.jni.LibcurlConstants.CURLINFO_PRIVATE)));
                Thread t = new Thread(() -> {
                    try {
                        info.getinfo(CurlInfo.RESPONSE_CODE);
                        fromOtherThread.complete(null);
                    } catch (Throwable e) {
                        fromOtherThread.complete(e);
                    }
                }, "not-the-completing-thread");
                t.start();
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }
        }, info -> 200L);
        Throwable refused = fromOtherThread.get();
        assertTrue(refused instanceof IllegalStateException && refused.getMessage().contains("not-the-completing-thread"),
                String.valueOf(refused));
    }
}
