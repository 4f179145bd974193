package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.Fresh;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Many transfers on one Multi, sharing connections. Each test counts its server's connections: a fresh server. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class ConcurrencyTest {
    @Test
    void thousandConcurrentTransfersCompleteOverFewConnections(@Fresh LoopbackHttpServer server) {
        int count = 1000;
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withMaxHostConnections(8))) {
            List<CompletableFuture<Outcome<Void, Request.Response>>> stages = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                stages.add(multi.process(queued(server.url("/bytes/" + (1000 + i)))).toCompletableFuture());
            }
            assertEquals(count, multi.transferCount());
            CompletableFuture<Void> all = CompletableFuture.allOf(stages.toArray(new CompletableFuture[0]));
            Drive.until(multi, all, java.time.Duration.ofSeconds(60));
            int reused = 0;
            for (int i = 0; i < count; i++) {
                Request.Response r = ((Outcome.Final<Void, Request.Response>) stages.get(i).join()).result();
                assertEquals(200, r.responseCode());
                assertArrayEquals(LoopbackHttpServer.pattern(1000 + i), r.body());
                if (r.connectionReused()) reused++;
            }
            assertTrue(server.acceptedConnections() <= 8, "at most 8 connections, saw " + server.acceptedConnections());
            assertTrue(reused >= count - 8, "all but the first transfer per connection reuse one: " + reused);
            assertEquals(0, multi.transferCount());
        }
    }

    /**
     * A transfer that may wait long for a connection: libcurl counts the time queued behind the
     * connection limit as connect time, and under ASan on libcurl 8.14.1 the last of 1,000 queued
     * transfers got its connection after 8-10 s (libcurl tries every waiting transfer again as
     * connections free up), against the default connect timeout of 10 s.
     */
    private static Request queued(String url) {
        return Request.toMemory(url).withConnectTimeout(java.time.Duration.ofSeconds(60));
    }

    @Test
    void sequentialTransfersReuseOneConnection(@Fresh LoopbackHttpServer server) {
        try (Multi multi = Multi.open()) {
            for (int i = 0; i < 20; i++) {
                Request.Response r = Drive.result(multi, multi.process(Request.toMemory(server.url("/bytes/100"))));
                assertEquals(i > 0, r.connectionReused(), "transfer " + i);
            }
            assertEquals(1, server.acceptedConnections());
        }
    }

    @Test
    void twoMultisOnTwoThreadsWorkIndependently(@Fresh LoopbackHttpServer server) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> {
                try (Multi multi = Multi.open()) {
                    for (int i = 0; i < 50; i++) {
                        Request.Response r = Drive.result(multi, multi.process(Request.toMemory(server.url("/bytes/5000"))));
                        assertEquals(5000, r.bodyBytes());
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) thread.join();
        assertTrue(errors.isEmpty(), () -> "errors: " + errors);
        assertFalse(server.acceptedConnections() > 2);
    }
}
