package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackRawServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Each way a transfer can fail gives the right CURLE_* code, libcurl's message, and the Java cause. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class FailuresTest {
    private final LoopbackHttpServer http;

    FailuresTest(LoopbackHttpServer http) {
        this.http = http;
    }

    /** Delegates to a request and counts calls of {@code failed}. */
    private static final class Counted<U, R> implements RequestProtocol<U, R> {
        final RequestProtocol<U, R> inner;
        int failedCalls;
        CurlError failedWith;

        Counted(RequestProtocol<U, R> inner) {
            this.inner = inner;
        }

        @Override
        public void configureHandle(ConfigHandle handle) {
            inner.configureHandle(handle);
        }

        @Override
        public boolean hasUpdate() {
            return inner.hasUpdate();
        }

        @Override
        public U getUpdate() {
            return inner.getUpdate();
        }

        @Override
        public R completed(GetInfoHandle info) {
            return inner.completed(info);
        }

        @Override
        public void failed(CurlError error) {
            failedCalls++;
            failedWith = error;
            inner.failed(error);
        }
    }

    /** A request whose chosen hook throws {@link #boom}. */
    private static final class Hooked implements RequestProtocol<String, String> {
        enum Hook { CONFIGURE, HAS_UPDATE, GET_UPDATE, COMPLETED }

        final String url;
        final Hook hook;
        final IllegalStateException boom;
        int failedCalls;
        CurlError failedWith;

        Hooked(String url, Hook hook) {
            this.url = url;
            this.hook = hook;
            this.boom = new IllegalStateException("boom in " + hook);
        }

        @Override
        public void configureHandle(ConfigHandle handle) {
            if (hook == Hook.CONFIGURE) throw boom;
            handle.setopt(CurlOpt.URL, url);
            handle.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> data.remaining());
        }

        @Override
        public boolean hasUpdate() {
            if (hook == Hook.HAS_UPDATE) throw boom;
            return hook == Hook.GET_UPDATE;
        }

        @Override
        public String getUpdate() {
            throw boom;
        }

        @Override
        public String completed(GetInfoHandle info) {
            if (hook == Hook.COMPLETED) throw boom;
            return "completed";
        }

        @Override
        public void failed(CurlError error) {
            failedCalls++;
            failedWith = error;
        }
    }

    private static <U, R> CurlError failure(RequestProtocol<U, R> request) {
        Counted<U, R> counted = new Counted<>(request);
        CurlError error;
        try (Multi multi = Multi.open()) {
            error = Drive.failure(multi, multi.process(counted));
        }
        assertEquals(1, counted.failedCalls, "failed() calls");
        assertSame(error, counted.failedWith, "failed() got the error the stage failed with");
        assertFalse(error.isCancelled(), "a failure is not a cancellation");
        assertNotNull(error.detail());
        assertFalse(error.detail().isBlank(), "detail is empty for " + error.codeName());
        return error;
    }

    private static CurlError failure(String url, Consumer<ConfigHandle> configure) {
        return failure(new Exchange(url, configure));
    }

    /**
     * Runs {@code bad} in the middle of 20 healthy transfers on the same Multi; asserts every
     * healthy one completes with its full body, and returns the bad one's error.
     */
    private CurlError failsAlone(RequestProtocol<?, ?> bad) {
        List<CompletionStage<Outcome<Void, Exchange.Result>>> healthy = new ArrayList<>();
        try (Multi multi = Multi.open()) {
            for (int i = 0; i < 10; i++) healthy.add(multi.process(new Exchange(http.url("/bytes/" + size(i)))));
            CompletionStage<?> badStage = multi.process(bad);
            for (int i = 10; i < 20; i++) healthy.add(multi.process(new Exchange(http.url("/bytes/" + size(i)))));
            CurlError error = Drive.failure(multi, badStage);
            for (int i = 0; i < healthy.size(); i++) {
                Exchange.Result r = Drive.result(multi, healthy.get(i));
                assertEquals(200, r.code(), "healthy transfer " + i);
                assertEquals(size(i), r.body().length, "healthy transfer " + i + " body length");
                assertTrue(LoopbackHttpServer.isPattern(r.body()), "healthy transfer " + i + " body content");
            }
            assertEquals(0, multi.transferCount(), "transfers left in the multi");
            return error;
        }
    }

    private static int size(int i) {
        return 40_000 + i * 1_013;
    }

    @Test
    void refusedConnectionIsCouldntConnect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        CurlError error = failure("http://127.0.0.1:" + port + "/", h -> {});
        assertEquals("CURLE_COULDNT_CONNECT", error.codeName());
        assertEquals(7, error.code());
        assertNull(error.getCause());
    }

    @Test
    void unresolvableHostIsCouldntResolveHost() {
        // A DNS label over 63 characters is refused by the local resolver: nothing goes on the network.
        String host = "a".repeat(64) + ".invalid";
        CurlError error = failure("http://" + host + "/", h -> {});
        assertEquals("CURLE_COULDNT_RESOLVE_HOST", error.codeName());
    }

    @Test
    void stalledServerIsOperationTimedOut() {
        try (LoopbackRawServer raw = LoopbackRawServer.start(LoopbackRawServer.stall())) {
            CurlError error = failure(raw.url("/"), h -> h.setopt(CurlOpt.TIMEOUT_MS, 300));
            assertEquals("CURLE_OPERATION_TIMEDOUT", error.codeName());
        }
    }

    @Test
    void serverClosingMidBodyIsPartialFile() {
        try (LoopbackRawServer raw = LoopbackRawServer.start(LoopbackRawServer.closeMidBody(10_000, 1_000))) {
            Exchange exchange = new Exchange(raw.url("/"));
            CurlError error = failure(exchange);
            assertEquals("CURLE_PARTIAL_FILE", error.codeName());
            assertEquals(1_000, exchange.body.size(), "bytes delivered before the close");
        }
    }

    @Test
    void httpErrorWithFailOnErrorIsHttpReturnedError() {
        CurlError error = failure(http.url("/status/404"), h -> h.setopt(CurlOpt.FAILONERROR, true));
        assertEquals("CURLE_HTTP_RETURNED_ERROR", error.codeName());
        assertTrue(error.detail().contains("404"), error.detail());
    }

    @Test
    void httpErrorWithoutFailOnErrorCompletes() {
        try (Multi multi = Multi.open()) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(http.url("/status/404"))));
            assertEquals(404, r.code());
            assertEquals("status 404", r.text());
        }
    }

    @Test
    void unknownSchemeIsUnsupportedProtocol() {
        CurlError error = failure("foo://127.0.0.1/", h -> {});
        assertEquals("CURLE_UNSUPPORTED_PROTOCOL", error.codeName());
    }

    @Test
    void garbageReplyIsReportedAsWhatLibcurlSees() {
        try (LoopbackRawServer raw = LoopbackRawServer.start(LoopbackRawServer.garbage())) {
            CurlError error = failure(raw.url("/"), h -> {});
            // libcurl 7.88 refuses a reply without a status line (HTTP/0.9 is off by default).
            assertEquals("CURLE_UNSUPPORTED_PROTOCOL", error.codeName());
            assertNull(error.getCause());
        }
    }

    // ---- callbacks that throw: only their own transfer fails ---------------------------------

    @Test
    void throwingWriteFunctionFailsOnlyItsTransferWithWriteError() {
        IllegalStateException boom = new IllegalStateException("write boom");
        Counted<Void, Exchange.Result> bad = new Counted<>(new Exchange(http.url("/bytes/100000"),
                h -> h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                    throw boom;
                })));
        assertFailedAloneBy(bad, "CURLE_WRITE_ERROR", boom);
    }

    @Test
    void throwingReadFunctionFailsOnlyItsUploadWithAbortedByCallback() {
        IllegalStateException boom = new IllegalStateException("read boom");
        Counted<Void, Exchange.Result> bad = new Counted<>(new Exchange(http.url("/echo"), h -> {
            h.setopt(CurlOpt.UPLOAD, true);
            h.setopt(CurlOpt.INFILESIZE_LARGE, 100L);
            h.setopt(CurlOpt.READFUNCTION, (ReadCallback) buffer -> {
                throw boom;
            });
        }));
        assertFailedAloneBy(bad, "CURLE_ABORTED_BY_CALLBACK", boom);
    }

    @Test
    void throwingXferInfoFunctionFailsOnlyItsTransferWithAbortedByCallback() {
        IllegalStateException boom = new IllegalStateException("progress boom");
        Counted<Void, Exchange.Result> bad = new Counted<>(new Exchange(http.url("/bytes/100000"),
                h -> h.setopt(CurlOpt.XFERINFOFUNCTION, (XferInfoCallback) (dt, dn, ut, un) -> {
                    throw boom;
                })));
        assertFailedAloneBy(bad, "CURLE_ABORTED_BY_CALLBACK", boom);
    }

    @Test
    void throwingDebugFunctionFailsOnlyItsTransferWithAbortedByCallback() {
        IllegalStateException boom = new IllegalStateException("debug boom");
        Counted<Void, Exchange.Result> bad = new Counted<>(new Exchange(http.url("/bytes/100000"),
                h -> h.setopt(CurlOpt.DEBUGFUNCTION, (DebugCallback) (type, data) -> {
                    throw boom;
                })));
        assertFailedAloneBy(bad, "CURLE_ABORTED_BY_CALLBACK", boom);
    }

    /** {@code bad} failed alone with {@code code}, the callback's exception as cause, its failed hook run once. */
    private CurlError assertFailedAloneBy(Counted<?, ?> bad, String code, Throwable boom) {
        CurlError error = failsAlone(bad);
        assertEquals(code, error.codeName());
        assertSame(boom, error.getCause());
        assertEquals(1, bad.failedCalls);
        assertSame(error, bad.failedWith);
        assertFalse(error.detail().isBlank());
        return error;
    }

    // ---- hooks that throw -------------------------------------------------------------------

    private void hookFailsOnlyItsTransfer(Hooked.Hook hook) {
        Hooked bad = new Hooked(http.url("/bytes/50000"), hook);
        CurlError error = failsAlone(bad);
        assertEquals("CURLE_ABORTED_BY_CALLBACK", error.codeName(), hook.toString());
        assertSame(bad.boom, error.getCause(), hook.toString());
        assertFalse(error.isCancelled());
        assertFalse(error.detail().isBlank());
        assertEquals(1, bad.failedCalls, "failed() calls for " + hook);
        assertSame(error, bad.failedWith);
    }

    @Test
    void throwingConfigureHandleFailsOnlyItsTransfer() {
        hookFailsOnlyItsTransfer(Hooked.Hook.CONFIGURE);
    }

    @Test
    void throwingHasUpdateFailsOnlyItsTransfer() {
        hookFailsOnlyItsTransfer(Hooked.Hook.HAS_UPDATE);
    }

    @Test
    void throwingGetUpdateFailsOnlyItsTransfer() {
        hookFailsOnlyItsTransfer(Hooked.Hook.GET_UPDATE);
    }

    @Test
    void throwingCompletedFailsOnlyItsTransfer() {
        hookFailsOnlyItsTransfer(Hooked.Hook.COMPLETED);
    }

    @Test
    void succeedingHookedRequestCallsNoFailed() {
        // Control for the hook tests: the same request without a throwing hook completes.
        Hooked good = new Hooked(http.url("/bytes/50000"), null);
        try (Multi multi = Multi.open()) {
            assertEquals("completed", Drive.result(multi, multi.process(good)));
        }
        assertEquals(0, good.failedCalls);
    }
}
