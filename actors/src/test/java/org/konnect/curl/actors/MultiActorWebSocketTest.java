package org.konnect.curl.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.WebSocket;
import org.konnect.curl.WebSocketClose;
import org.konnect.curl.WebSocketMessage;
import org.konnect.curl.testservers.LibcurlFeatureFilter;
import org.konnect.curl.testservers.LoopbackWebSocketServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * WebSocket sessions through a MultiActor's messages: each Process answered with the next message,
 * Send and Close answered once each, a stopped requester's socket closed with 1001, 1,000 sessions
 * on one actor, and a slow consumer of 100 MiB in bounded memory (measured and printed).
 */
@Tag(LibcurlFeatureFilter.WEBSOCKET)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({TestKitJUnit5Extension.class, NoNativeLeaks.class})
class MultiActorWebSocketTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @JUnit5TestKit
    final ActorTestKit testKit = new JUnit5TestKitBuilder().build();
    final LoopbackWebSocketServer server = LoopbackWebSocketServer.start();
    final List<ActorRef<?>> spawned = new ArrayList<>();

    @AfterEach
    void stopActors() {
        for (ActorRef<?> ref : spawned) testKit.stop(ref, Duration.ofSeconds(10));
        spawned.clear();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    ActorRef<MultiActor.Command> multiActor() {
        MultiActorSettings settings = MultiActorSettings.create(testKit.system());
        ActorRef<MultiActor.Command> ref = testKit.spawn(MultiActor.create(settings), MultiActor.props(settings));
        spawned.add(ref);
        return ref;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    TestProbe<MultiActor.Reply<WebSocketMessage, WebSocketClose>> replies() {
        return (TestProbe) testKit.createTestProbe(MultiActor.Reply.class);
    }

    @Test
    void eachProcessIsAnsweredWithTheNextMessageAndEachSendOnce() {
        ActorRef<MultiActor.Command> curl = multiActor();
        TestProbe<MultiActor.Reply<WebSocketMessage, WebSocketClose>> probe = replies();
        TestProbe<MultiActor.SendReply> sends = testKit.createTestProbe(MultiActor.SendReply.class);
        WebSocket ws = WebSocket.builder(server.url("/echo")).build();
        curl.tell(new MultiActor.Process<>(ws, probe.getRef()));
        WebSocketMessage hello = WebSocketMessage.text("hello");
        byte[] bytes = new byte[100_000];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) i;
        curl.tell(new MultiActor.Send(ws, hello, sends.getRef()));
        curl.tell(new MultiActor.Send(ws, WebSocketMessage.binary(bytes), sends.getRef()));
        MultiActor.Sent sent = assertInstanceOf(MultiActor.Sent.class, sends.receiveMessage(WAIT));
        assertSame(hello, sent.message());
        assertInstanceOf(MultiActor.Sent.class, sends.receiveMessage(WAIT));
        MultiActor.Update<WebSocketMessage, WebSocketClose> first = assertInstanceOf(MultiActor.Update.class, probe.receiveMessage(WAIT));
        assertEquals("hello", first.value().text());
        // the requester sets the pace: the binary echo waits for the next Process
        probe.expectNoMessage(Duration.ofMillis(100));
        curl.tell(new MultiActor.Process<>(ws, probe.getRef()));
        MultiActor.Update<WebSocketMessage, WebSocketClose> second = assertInstanceOf(MultiActor.Update.class, probe.receiveMessage(WAIT));
        assertArrayEquals(bytes, second.value().bytes());
        curl.tell(new MultiActor.Close(ws, WebSocketClose.NORMAL, "bye", sends.getRef()));
        MultiActor.Sent closed = assertInstanceOf(MultiActor.Sent.class, sends.receiveMessage(WAIT));
        assertNull(closed.message());
        curl.tell(new MultiActor.Process<>(ws, probe.getRef()));
        MultiActor.Completed<WebSocketMessage, WebSocketClose> done =
                assertInstanceOf(MultiActor.Completed.class, probe.receiveMessage(WAIT));
        assertEquals(WebSocketClose.NORMAL, done.result().code());
        // after the end: a Send is answered with SendFailed, a bad Close too
        curl.tell(new MultiActor.Send(ws, hello, sends.getRef()));
        assertInstanceOf(IllegalStateException.class, assertInstanceOf(MultiActor.SendFailed.class, sends.receiveMessage(WAIT)).error());
        curl.tell(new MultiActor.Close(ws, 1005, "not sendable", sends.getRef()));
        assertInstanceOf(IllegalArgumentException.class, assertInstanceOf(MultiActor.SendFailed.class, sends.receiveMessage(WAIT)).error());
        sends.expectNoMessage(Duration.ofMillis(50));
        probe.expectNoMessage(Duration.ofMillis(50));
    }

    /** A requester that opens a session, sends one message, and stops once the echo came. */
    private static Behavior<Object> oneEchoThenStop(ActorRef<MultiActor.Command> curl, WebSocket ws, ActorRef<Object> told) {
        return Behaviors.setup(ctx -> {
            ActorRef<Object> self = ctx.getSelf();
            curl.tell(new MultiActor.Process<>(ws, self.narrow()));
            curl.tell(new MultiActor.Send(ws, WebSocketMessage.text("last words"), self.narrow()));
            return Behaviors.receiveMessage(m -> {
                if (m instanceof MultiActor.Update<?, ?> u) {
                    told.tell(((WebSocketMessage) u.value()).text());
                    return Behaviors.stopped();
                }
                return Behaviors.same();
            });
        });
    }

    @Test
    void aRequesterThatStopsClosesItsSocketWithGoingAway() throws InterruptedException {
        ActorRef<MultiActor.Command> curl = multiActor();
        TestProbe<Object> told = testKit.createTestProbe();
        testKit.spawn(oneEchoThenStop(curl, WebSocket.builder(server.url("/echo?test=stopped")).build(), told.getRef()));
        assertEquals("last words", told.receiveMessage(WAIT));
        assertEquals("1001 going away", server.awaitClose("/echo?test=stopped", WAIT));
    }

    @Test
    void aThousandSessionsOnOneMultiActor() {
        ActorRef<MultiActor.Command> curl = multiActor();
        TestProbe<MultiActor.Reply<WebSocketMessage, WebSocketClose>> probe = replies();
        TestProbe<MultiActor.SendReply> sends = testKit.createTestProbe(MultiActor.SendReply.class);
        int n = 1000;
        int rounds = 10;
        Map<WebSocket, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            WebSocket ws = WebSocket.builder(server.url("/echo?test=thousand")).build();
            index.put(ws, i);
            curl.tell(new MultiActor.Process<>(ws, probe.getRef()));
        }
        long started = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<WebSocket, Integer> e : index.entrySet()) {
                curl.tell(new MultiActor.Send(e.getKey(), WebSocketMessage.text(e.getValue() + ":" + round), sends.getRef()));
            }
            Set<WebSocket> echoed = new HashSet<>();
            List<MultiActor.Reply<WebSocketMessage, WebSocketClose>> got = probe.receiveSeveralMessages(n, Duration.ofSeconds(60));
            for (Object reply : got) {
                MultiActor.Update<?, ?> u = assertInstanceOf(MultiActor.Update.class, reply);
                WebSocket ws = (WebSocket) u.request();
                assertEquals(index.get(ws) + ":" + round, ((WebSocketMessage) u.value()).text());
                assertTrue(echoed.add(ws));
                if (round < rounds - 1) curl.tell(new MultiActor.Process<>(ws, probe.getRef()));
            }
            for (Object reply : sends.receiveSeveralMessages(n, Duration.ofSeconds(60))) assertInstanceOf(MultiActor.Sent.class, reply);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("WebSocket echo through one MultiActor: %d sessions x %d round trips in %.2f s = %.0f messages/s each way%n",
                n, rounds, seconds, n * rounds / seconds);
        for (WebSocket ws : index.keySet()) {
            curl.tell(new MultiActor.Close(ws, WebSocketClose.NORMAL, "done", sends.getRef()));
            curl.tell(new MultiActor.Process<>(ws, probe.getRef()));
        }
        for (Object reply : sends.receiveSeveralMessages(n, Duration.ofSeconds(60))) assertInstanceOf(MultiActor.Sent.class, reply);
        for (Object reply : probe.receiveSeveralMessages(n, Duration.ofSeconds(60))) {
            assertEquals(WebSocketClose.NORMAL, assertInstanceOf(MultiActor.Completed.class, reply).result() instanceof WebSocketClose c
                    ? c.code() : -1);
        }
        assertTrue(server.openedByPath().get("/echo") >= n);
    }

    @Test
    void aSlowConsumerOfAHundredMebibytesHoldsBoundedMemory() throws InterruptedException {
        ActorRef<MultiActor.Command> curl = multiActor();
        TestProbe<MultiActor.Reply<WebSocketMessage, WebSocketClose>> probe = replies();
        int size = 64 * 1024;
        int messages = 1600;   // 100 MiB
        WebSocket ws = WebSocket.builder(server.url("/stream?messages=" + messages + "&size=" + size)).build();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        long maxRetained = 0;
        long maxQueued = 0;
        long received = 0;
        for (int i = 0; i < messages; i++) {
            curl.tell(new MultiActor.Process<>(ws, probe.getRef()));
            MultiActor.Update<WebSocketMessage, WebSocketClose> u = assertInstanceOf(MultiActor.Update.class, probe.receiveMessage(WAIT));
            assertEquals(size, u.value().length());
            assertEquals((byte) ((size - 1) % 251), u.value().bytes()[size - 1]);
            received += size;
            if (i % 100 == 50) {
                // slow: the consumer takes its time (pacing, not synchronisation), then measures
                LockSupport.parkNanos(20_000_000);
                maxQueued = Math.max(maxQueued, Kernel.queued(server.port(), true));
                System.gc();
                maxRetained = Math.max(maxRetained, memory.getHeapMemoryUsage().getUsed() - baseline);
            } else {
                LockSupport.parkNanos(1_000_000);
            }
        }
        // The server's own count of what it wrote says little here: Jetty, in this JVM, buffers outgoing frames itself.
        System.out.printf("WebSocket slow consumer: %d MiB received one message at a time; the heap retained at most %.1f MiB"
                + " over its baseline, the client socket's receive queue held at most %.1f MiB%n", received >> 20,
                maxRetained / 1048576.0, maxQueued / 1048576.0);
        assertTrue(maxRetained < 16L << 20, "the heap retained " + maxRetained + " bytes");
        assertTrue(maxQueued <= kernelBufferMax("tcp_rmem"), "the client socket queued " + maxQueued + " bytes");
        curl.tell(new MultiActor.Cancel(ws));   // no Process waits, so nothing to answer; the server sees the close
    }

    /** The largest a TCP socket buffer may grow to ({@code /proc/sys/net/ipv4/NAME}'s third number), or 32 MiB. */
    private static long kernelBufferMax(String name) {
        try {
            String[] v = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/" + name)).trim().split("\\s+");
            return Long.parseLong(v[2]);
        } catch (java.io.IOException | RuntimeException e) {
            return 32L << 20;
        }
    }

    @Test
    void aStoppingMultiActorAnswersTheSessionsPendingProcess() {
        ActorRef<MultiActor.Command> curl = multiActor();
        TestProbe<MultiActor.Reply<WebSocketMessage, WebSocketClose>> probe = replies();
        TestProbe<MultiActor.SendReply> sends = testKit.createTestProbe(MultiActor.SendReply.class);
        WebSocket ws = WebSocket.builder(server.url("/echo")).build();
        curl.tell(new MultiActor.Process<>(ws, probe.getRef()));
        curl.tell(new MultiActor.Send(ws, WebSocketMessage.text("x"), sends.getRef()));
        assertInstanceOf(MultiActor.Sent.class, sends.receiveMessage(WAIT));
        assertInstanceOf(MultiActor.Update.class, probe.receiveMessage(WAIT));
        curl.tell(new MultiActor.Process<>(ws, probe.getRef()));
        testKit.stop(curl, WAIT);
        spawned.remove(curl);
        assertTrue(assertInstanceOf(MultiActor.Failed.class, probe.receiveMessage(WAIT)).error().isCancelled());
    }
}
