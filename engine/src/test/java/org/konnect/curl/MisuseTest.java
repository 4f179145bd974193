package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.konnect.curl.testing.CountingRequest;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Misuse of the API never crashes the JVM and gives a clear exception naming what was wrong. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class MisuseTest {
    private final LoopbackHttpServer http;

    MisuseTest(LoopbackHttpServer http) {
        this.http = http;
    }

    /** Runs {@code action}, which must throw, and returns what it threw. */
    private static Throwable thrownBy(Executable action) {
        try {
            action.execute();
        } catch (Throwable t) {
            return t;
        }
        return null;
    }

    private static Throwable onOtherThread(Runnable action) throws InterruptedException {
        return OtherThread.run("intruder", action);
    }

    private static void assertNames(Throwable thrown, Class<? extends Throwable> type, String... words) {
        assertNotNull(thrown, "nothing was thrown; expected " + type.getSimpleName());
        assertInstanceOf(type, thrown, String.valueOf(thrown));
        String message = thrown.getMessage();
        assertNotNull(message, "message of " + thrown);
        for (String word : words) {
            assertTrue(message.contains(word), "message \"" + message + "\" should name " + word);
        }
    }

    private static Exchange.Result fetch(Multi multi, Exchange exchange) {
        return Drive.result(multi, multi.process(exchange));
    }

    // ---- setopt ----------------------------------------------------------------------------

    @Test
    void mistypedValuesInsideConfigureHandleThrowIllegalArgumentNamingTheOption() {
        Map<String, Throwable> seen = new LinkedHashMap<>();
        Map<String, String[]> expectedWords = new LinkedHashMap<>();
        Exchange exchange = new Exchange(http.url("/bytes/1000"), h -> {
            expectedWords.put("String for TIMEOUT_MS", new String[] {"CURLOPT_TIMEOUT_MS", "long", "java.lang.String"});
            seen.put("String for TIMEOUT_MS", thrownBy(() -> h.setopt(CurlOpt.TIMEOUT_MS, "300")));
            expectedWords.put("Long for URL", new String[] {"CURLOPT_URL", "String", "java.lang.Long"});
            seen.put("Long for URL", thrownBy(() -> h.setopt(CurlOpt.URL, 5L)));
            expectedWords.put("Double for TIMEOUT_MS", new String[] {"CURLOPT_TIMEOUT_MS", "long", "java.lang.Double"});
            seen.put("Double for TIMEOUT_MS", thrownBy(() -> h.setopt(CurlOpt.TIMEOUT_MS, 1.5)));
            expectedWords.put("Integer for HTTPHEADER", new String[] {"CURLOPT_HTTPHEADER", "list", "java.lang.Integer"});
            seen.put("Integer for HTTPHEADER", thrownBy(() -> h.setopt(CurlOpt.HTTPHEADER, 7)));
            expectedWords.put("null in HTTPHEADER", new String[] {"CURLOPT_HTTPHEADER", "null"});
            seen.put("null in HTTPHEADER", thrownBy(() -> h.setopt(CurlOpt.HTTPHEADER, Arrays.asList("X-A: 1", null))));
            expectedWords.put("Integer in HTTPHEADER", new String[] {"CURLOPT_HTTPHEADER", "java.lang.Integer"});
            seen.put("Integer in HTTPHEADER", thrownBy(() -> h.setopt(CurlOpt.HTTPHEADER, Arrays.asList("X-A: 1", 2))));
            expectedWords.put("WriteCallback for READFUNCTION", new String[] {"CURLOPT_READFUNCTION", "ReadCallback"});
            seen.put("WriteCallback for READFUNCTION",
                    thrownBy(() -> h.setopt(CurlOpt.READFUNCTION, (WriteCallback) data -> data.remaining())));
            expectedWords.put("null value", new String[] {"CURLOPT_URL", "null"});
            seen.put("null value", thrownBy(() -> h.setopt(CurlOpt.URL, null)));
            expectedWords.put("NUL in string", new String[] {"CURLOPT_USERAGENT", "NUL"});
            seen.put("NUL in string", thrownBy(() -> h.setopt(CurlOpt.USERAGENT, "agent\0smith")));
            expectedWords.put("NUL in list item", new String[] {"CURLOPT_HTTPHEADER", "NUL"});
            seen.put("NUL in list item", thrownBy(() -> h.setopt(CurlOpt.HTTPHEADER, List.of("X-A: 1\0X-B: 2"))));
            for (String name : List.of("WRITEDATA", "PRIVATE", "NOSIGNAL", "SHARE")) {
                expectedWords.put("unsettable " + name, new String[] {"CURLOPT_" + name});
                seen.put("unsettable " + name, thrownBy(() -> h.setopt(CurlOpt.byName(name), 1L)));
            }
            expectedWords.put("unsettable by string name", new String[] {"CURLOPT_WRITEDATA"});
            seen.put("unsettable by string name", thrownBy(() -> h.setopt("CURLOPT_WRITEDATA", "x")));
        });
        try (Multi multi = Multi.open()) {
            // The handle is still usable after the refused setopts: the transfer completes.
            Exchange.Result r = fetch(multi, exchange);
            assertEquals(200, r.code());
            assertEquals(1000, r.body().length);
        }
        assertEquals(expectedWords.keySet(), seen.keySet());
        for (Map.Entry<String, Throwable> e : seen.entrySet()) {
            Throwable thrown = e.getValue();
            assertNotNull(thrown, e.getKey() + ": nothing thrown");
            assertInstanceOf(IllegalArgumentException.class, thrown, e.getKey() + ": " + thrown);
            for (String word : expectedWords.get(e.getKey())) {
                assertTrue(thrown.getMessage().contains(word),
                        e.getKey() + ": message \"" + thrown.getMessage() + "\" should contain " + word);
            }
        }
    }

    @Test
    void uncaughtMistypedValueFailsTheTransferWithTheIllegalArgumentAsCause() {
        try (Multi multi = Multi.open()) {
            CurlError error = Drive.failure(multi, multi.process(
                    new Exchange(http.url("/bytes/10"), h -> h.setopt(CurlOpt.TIMEOUT_MS, "300"))));
            assertEquals("CURLE_ABORTED_BY_CALLBACK", error.codeName());
            assertFalse(error.isCancelled());
            assertNames(error.getCause(), IllegalArgumentException.class, "CURLOPT_TIMEOUT_MS");
            assertEquals(0, multi.transferCount());
            // The multi goes on.
            assertEquals(200, fetch(multi, new Exchange(http.url("/bytes/10"))).code());
        }
    }

    @Test
    void byNameOfAnUnknownOptionNamesIt() {
        assertNames(thrownBy(() -> CurlOpt.byName("NO_SUCH_OPTION")), IllegalArgumentException.class,
                "CURLOPT_NO_SUCH_OPTION");
        assertNames(thrownBy(() -> CurlOpt.byName("curlopt_no_such_option")), IllegalArgumentException.class,
                "CURLOPT_NO_SUCH_OPTION");
        assertInstanceOf(NullPointerException.class, thrownBy(() -> CurlOpt.byName(null)));
        // Control: a real option is found, in any case and with or without the prefix.
        assertEquals(CurlOpt.TIMEOUT_MS, CurlOpt.byName("curlopt_timeout_ms"));
    }

    @Test
    void optionsJavaCannotSetAreFoundButRefused() {
        for (String name : List.of("WRITEDATA", "PRIVATE", "NOSIGNAL", "SHARE")) {
            assertEquals(CurlOpt.Kind.UNSUPPORTED, CurlOpt.byName(name).kind(), name);
        }
    }

    @Test
    void setoptOutsideConfigureHandleIsIllegalState() {
        Exchange exchange = new Exchange(http.url("/bytes/10"));
        try (Multi multi = Multi.open()) {
            assertEquals(200, fetch(multi, exchange).code());
            ConfigHandle kept = exchange.handle;
            assertNotNull(kept);
            assertNames(thrownBy(() -> kept.setopt(CurlOpt.URL, http.url("/bytes/20"))), IllegalStateException.class,
                    "CURLOPT_URL", "configureHandle");
            assertNames(thrownBy(() -> kept.unsetopt(CurlOpt.URL)), IllegalStateException.class, "CURLOPT_URL");
            // The kept handle's easy handle went back to the pool; a new transfer is not disturbed.
            Exchange next = new Exchange(http.url("/bytes/30"));
            Exchange.Result r = fetch(multi, next);
            assertEquals(30, r.body().length);
        }
    }

    // ---- threads and lifecycle -------------------------------------------------------------

    @Test
    void callsFromAnotherThreadAreIllegalStateAndTheMultiGoesOn() throws Exception {
        try (Multi multi = Multi.open()) {
            Exchange pending = new Exchange(http.url("/bytes/5000"));
            CompletionStage<Outcome<Void, Exchange.Result>> stage = multi.process(pending);
            Exchange other = new Exchange(http.url("/bytes/10"));
            assertNames(onOtherThread(() -> multi.process(other)), IllegalStateException.class, "process", "owner");
            assertNames(onOtherThread(() -> multi.perform(10)), IllegalStateException.class, "perform", "owner");
            assertNames(onOtherThread(() -> multi.cancel(pending)), IllegalStateException.class, "cancel", "owner");
            assertNames(onOtherThread(multi::close), IllegalStateException.class, "close", "owner");
            assertFalse(multi.isClosed());
            // Nothing the other thread tried took effect: the pending transfer completes, the other never started.
            Exchange.Result r = Drive.result(multi, stage);
            assertEquals(5000, r.body().length);
            assertTrue(LoopbackHttpServer.isPattern(r.body()));
            assertFalse(multi.cancel(other), "the request processed from another thread must not be known");
            assertEquals(10, fetch(multi, new Exchange(http.url("/bytes/10"))).body().length);
        }
    }

    @Test
    void processAndPerformAfterCloseAreIllegalState() {
        Multi multi = Multi.open();
        multi.close();
        assertTrue(multi.isClosed());
        assertNames(thrownBy(() -> multi.process(new Exchange(http.url("/bytes/10")))), IllegalStateException.class,
                "process", "closed");
        assertNames(thrownBy(() -> multi.perform(10)), IllegalStateException.class, "perform", "closed");
        // close twice and wakeup after close are harmless
        assertNull(thrownBy(multi::close));
        assertNull(thrownBy(multi::wakeup));
        assertTrue(multi.isClosed());
    }

    @Test
    void getInfoHandleUsedAfterCompletedIsIllegalState() {
        AtomicReference<GetInfoHandle> kept = new AtomicReference<>();
        CountingRequest request = new CountingRequest(http.url("/bytes/10")) {
            @Override
            public Integer completed(GetInfoHandle info) {
                kept.set(info);
                return super.completed(info);
            }
        };
        try (Multi multi = Multi.open()) {
            assertEquals(200, Drive.result(multi, multi.process(request)));
            assertNames(thrownBy(() -> kept.get().getinfo(CurlInfo.RESPONSE_CODE)), IllegalStateException.class,
                    "CURLINFO_RESPONSE_CODE", "completed");
            assertNames(thrownBy(() -> kept.get().getinfoRaw(CurlInfo.EFFECTIVE_URL)), IllegalStateException.class,
                    "CURLINFO_EFFECTIVE_URL");
        }
    }

    @Test
    void getinfoOfAPointerInfoIsIllegalArgument() {
        CurlInfo<Object> tlsPointer = CurlInfo.of("TLS_SSL_PTR", 0x400000 + 45);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountingRequest request = new CountingRequest(http.url("/bytes/10")) {
            @Override
            public Integer completed(GetInfoHandle info) {
                thrown.set(thrownBy(() -> info.getinfo(tlsPointer)));
                return super.completed(info);
            }
        };
        try (Multi multi = Multi.open()) {
            assertEquals(200, Drive.result(multi, multi.process(request)));
        }
        assertNames(thrown.get(), IllegalArgumentException.class, "CURLINFO_TLS_SSL_PTR");
    }

    @Test
    void cancelOfAnUnknownRequestIsFalse() {
        try (Multi multi = Multi.open()) {
            assertFalse(multi.cancel(new Exchange(http.url("/bytes/10"))));
        }
    }

    @Test
    void processWithAStagePendingIsIllegalState() {
        try (Multi multi = Multi.open()) {
            Exchange exchange = new Exchange(http.url("/bytes/2000"));
            CompletionStage<Outcome<Void, Exchange.Result>> stage = multi.process(exchange);
            assertNames(thrownBy(() -> multi.process(exchange)), IllegalStateException.class, "pending");
            // the first stage is unaffected
            Exchange.Result r = Drive.result(multi, stage);
            assertEquals(2000, r.body().length);
            assertTrue(LoopbackHttpServer.isPattern(r.body()));
        }
    }

    @Test
    void processFromInsideAWriteFunctionIsIllegalState() {
        List<Throwable> seen = new ArrayList<>();
        Exchange inner = new Exchange(http.url("/bytes/10"));
        try (Multi multi = Multi.open()) {
            Exchange outer = new Exchange(http.url("/bytes/3000"));
            Exchange withReentry = new Exchange(outer.url, h -> h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                try {
                    multi.process(inner);
                } catch (IllegalStateException e) {
                    seen.add(e);
                }
                return outer.onBody(data);
            }));
            Drive.result(multi, multi.process(withReentry));
            assertFalse(seen.isEmpty(), "process inside the callback did not throw");
            assertNames(seen.get(0), IllegalStateException.class, "process", "callback");
            assertEquals(3000, outer.body.size());
            assertTrue(LoopbackHttpServer.isPattern(outer.body.toByteArray()));
            assertFalse(multi.cancel(inner), "the request processed inside the callback must not have started");
        }
    }

    @Test
    void negativePerformWaitIsIllegalArgument() {
        try (Multi multi = Multi.open()) {
            assertNames(thrownBy(() -> multi.perform(-1)), IllegalArgumentException.class, "perform", "-1");
            assertInstanceOf(IllegalArgumentException.class, thrownBy(() -> multi.perform(Duration.ofMillis(-5))));
            assertEquals(0, multi.perform(0));
        }
    }

    @Test
    void negativeMultiOptionsAreIllegalArgument() {
        assertInstanceOf(IllegalArgumentException.class, thrownBy(() -> new MultiOptions(-1, 0, 0, true, 0, 64)));
        assertInstanceOf(IllegalArgumentException.class, thrownBy(() -> MultiOptions.DEFAULTS.withMaxHostConnections(-1)));
        assertInstanceOf(IllegalArgumentException.class, thrownBy(() -> MultiOptions.DEFAULTS.withMaxConnects(-3)));
        assertInstanceOf(IllegalArgumentException.class,
                thrownBy(() -> MultiOptions.DEFAULTS.withMaxConcurrentStreams(-1)));
        assertInstanceOf(IllegalArgumentException.class, thrownBy(() -> MultiOptions.DEFAULTS.withHandlePoolSize(-1)));
        assertNames(thrownBy(() -> MultiOptions.DEFAULTS.withMaxTotalConnections(-1)), IllegalArgumentException.class,
                "MultiOptions");
    }

    @Test
    void pauseWithAnInvalidBitmaskIsIllegalArgument() {
        try (Multi multi = Multi.open()) {
            AtomicReference<Throwable> inside = new AtomicReference<>();
            Exchange exchange = new Exchange(http.url("/bytes/10"), h -> inside.set(thrownBy(() -> h.pause(2))));
            assertEquals(10, fetch(multi, exchange).body().length);
            assertNames(inside.get(), IllegalArgumentException.class, "pause", "2");
            assertNames(thrownBy(() -> exchange.handle.pause(-1)), IllegalArgumentException.class, "pause");
            assertNames(thrownBy(() -> exchange.handle.pause(8)), IllegalArgumentException.class, "pause");
            // A valid bitmask on an ended transfer does nothing.
            assertNull(thrownBy(() -> exchange.handle.pause(ConfigHandle.PAUSE_ALL)));
        }
    }

    // ---- unsetopt ----------------------------------------------------------------------------

    @Test
    void customRequestIsSentWhenSet() {
        // Control for unsetoptRestoresTheDefaultMethod.
        try (Multi multi = Multi.open()) {
            Exchange.Result r = fetch(multi, new Exchange(http.url("/echo"), h -> h.setopt(CurlOpt.CUSTOMREQUEST, "DELETE")));
            assertEquals("DELETE", r.header("X-Method"));
        }
    }

    @Test
    void unsetoptRestoresTheDefaultMethod() {
        try (Multi multi = Multi.open()) {
            Exchange.Result r = fetch(multi, new Exchange(http.url("/echo"), h -> {
                h.setopt(CurlOpt.CUSTOMREQUEST, "DELETE");
                h.unsetopt(CurlOpt.CUSTOMREQUEST);
            }));
            assertEquals(200, r.code());
            assertEquals("GET", r.header("X-Method"));
        }
    }

    @Test
    void unsetoptOfHttpHeaderDropsTheHeaderAndKeepsOtherOptions() {
        try (Multi multi = Multi.open()) {
            Exchange.Result control = fetch(multi, new Exchange(http.url("/echo"), h -> {
                h.setopt(CurlOpt.POSTFIELDS, "payload");
                h.setopt(CurlOpt.HTTPHEADER, List.of("X-Gone: yes"));
            }));
            assertEquals("yes", control.header("X-Echo-X-Gone"));

            Exchange exchange = new Exchange(http.url("/echo"), h -> {
                h.setopt(CurlOpt.POSTFIELDS, "payload");
                h.setopt(CurlOpt.HTTPHEADER, List.of("X-Gone: yes"));
                h.unsetopt(CurlOpt.HTTPHEADER);
            });
            Exchange.Result r = fetch(multi, exchange);
            assertEquals(200, r.code());
            assertNull(r.header("X-Echo-X-Gone"), "the unset header was sent");
            // URL, WRITEFUNCTION, HEADERFUNCTION and POSTFIELDS still apply after the reset.
            assertEquals("POST", r.header("X-Method"));
            assertEquals("payload", r.text());
        }
    }
}
