package org.konnect.curl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The extension starts a server of each kind once per class and closes them after it; @Tls fits TestHttpServer only. */
class TestServersTest {
    /** Ports the fixture's servers listened on. */
    static final List<Integer> PORTS = new CopyOnWriteArrayList<>();

    /** Run by the launcher below, not by Surefire (a static nested class). */
    @ExtendWith(TestServers.class)
    static class TwoTestsSharingServers {
        @Test
        void first(TestHttpServer http, @Tls TestHttpServer https, FaultHttpServer faults) throws IOException {
            PORTS.addAll(List.of(http.port(), https.port(), faults.port()));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", http.port()), 5000);   // started, and listening
            }
        }

        @Test
        void second(TestHttpServer http, @Tls TestHttpServer https, FaultHttpServer faults) {
            PORTS.addAll(List.of(http.port(), https.port(), faults.port()));
        }
    }

    @ExtendWith(TestServers.class)
    static class TlsOnTheWrongKind {
        @Test
        void refused(@Tls FaultHttpServer faults) {
        }
    }

    private static TestExecutionSummary run(Class<?> fixture) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(), listener);
        return listener.getSummary();
    }

    @Test
    void serversAreSharedWithinTheClassAndClosedAfterIt() {
        PORTS.clear();
        TestExecutionSummary summary = run(TwoTestsSharingServers.class);
        assertEquals(2, summary.getTestsSucceededCount(), () -> summary.getFailures().toString());
        assertEquals(PORTS.subList(0, 3), PORTS.subList(3, 6), "the second test got the first test's servers");
        assertEquals(3, PORTS.stream().distinct().count(), "three servers: plain, TLS and faults");
        for (int port : PORTS.subList(0, 3)) {
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                }
            }, "port " + port + " is closed once the class is done");
        }
    }

    @Test
    void tlsOnAFaultServerIsAClearResolutionError() {
        TestExecutionSummary summary = run(TlsOnTheWrongKind.class);
        assertEquals(1, summary.getTestsFailedCount());
        String message = summary.getFailures().get(0).getException().getMessage();
        assertTrue(message.startsWith("@Tls applies to TestHttpServer parameters only"), message);
    }
}
