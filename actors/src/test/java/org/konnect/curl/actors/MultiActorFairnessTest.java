package org.konnect.curl.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;
import org.konnect.curl.testing.CountingRequest;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * No transfer holds a MultiActor: while a gzip bomb inflates through it (libcurl decodes a whole
 * socket read in one call), the actor still starts and finishes a small GET, and a Cancel ends
 * the bomb before it is done. Both rest on the loop's iteration budget.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({TestKitJUnit5Extension.class, LoopbackServers.class, NoNativeLeaks.class})
class MultiActorFairnessTest {
    /** 128 MiB of zeros, about 128 KiB on the wire. */
    private static final long BOMB = 128L << 20;

    @JUnit5TestKit
    final ActorTestKit testKit = new JUnit5TestKitBuilder().build();
    final LoopbackHttpServer http;
    ActorRef<MultiActor.Command> actor;

    MultiActorFairnessTest(LoopbackHttpServer http) {
        this.http = http;
    }

    @AfterEach
    void stopActor() {
        if (actor != null) testKit.stop(actor, Duration.ofSeconds(10));
    }

    @Test
    void aSmallGetIsAnsweredWhileAGzipBombInflates() throws InterruptedException {
        actor = spawnMultiActor();
        Bomb bomb = new Bomb(http.url("/gzip-zeros/" + BOMB));
        TestProbe<MultiActor.Reply<Void, Long>> bombReplies = probe();
        actor.tell(new MultiActor.Process<>(bomb, bombReplies.getRef()));
        assertTrue(bomb.started.await(30, TimeUnit.SECONDS), "the bomb never delivered a byte");

        TestProbe<MultiActor.Reply<Long, Integer>> smallReplies = probe();
        CountingRequest small = new CountingRequest(http.url("/bytes/100"));
        actor.tell(new MultiActor.Process<>(small, smallReplies.getRef()));
        assertInstanceOf(MultiActor.Completed.class, smallReplies.receiveMessage(Duration.ofSeconds(30)));
        long inflatedMeanwhile = bomb.inflated.get();
        bombReplies.expectNoMessage(Duration.ZERO);
        assertTrue(inflatedMeanwhile < BOMB, "the bomb was done before the small GET: " + inflatedMeanwhile);

        MultiActor.Completed<?, ?> done = assertInstanceOf(MultiActor.Completed.class, bombReplies.receiveMessage(Duration.ofSeconds(60)));
        assertEquals(BOMB, done.result());
    }

    @Test
    void aCancelEndsAGzipBombWhileItInflates() throws InterruptedException {
        actor = spawnMultiActor();
        Bomb bomb = new Bomb(http.url("/gzip-zeros/" + BOMB));
        TestProbe<MultiActor.Reply<Void, Long>> bombReplies = probe();
        actor.tell(new MultiActor.Process<>(bomb, bombReplies.getRef()));
        assertTrue(bomb.started.await(30, TimeUnit.SECONDS), "the bomb never delivered a byte");
        actor.tell(new MultiActor.Cancel(bomb));
        MultiActor.Failed<?, ?> failed = assertInstanceOf(MultiActor.Failed.class, bombReplies.receiveMessage(Duration.ofSeconds(30)));
        assertTrue(failed.error().isCancelled(), failed.error().getMessage());
        assertTrue(bomb.inflated.get() < BOMB, "cancelled after the whole bomb: " + bomb.inflated.get());
    }

    private ActorRef<MultiActor.Command> spawnMultiActor() {
        MultiActorSettings settings = MultiActorSettings.create(testKit.system());
        return testKit.spawn(MultiActor.create(settings), MultiActor.props(settings));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <U, R> TestProbe<MultiActor.Reply<U, R>> probe() {
        return (TestProbe) testKit.createTestProbe(MultiActor.Reply.class);
    }

    /** A GET with every content encoding accepted, counting decoded bytes; {@code started} opens at the first. */
    private static final class Bomb implements RequestProtocol<Void, Long>, WriteCallback {
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicLong inflated = new AtomicLong();
        private final String url;

        Bomb(String url) {
            this.url = url;
        }

        @Override
        public void configureHandle(ConfigHandle handle) {
            handle.setopt(CurlOpt.URL, url);
            handle.setopt(CurlOpt.ACCEPT_ENCODING, "");
            handle.setopt(CurlOpt.WRITEFUNCTION, this);
        }

        @Override
        public int write(ByteBuffer data) {
            inflated.addAndGet(data.remaining());
            started.countDown();
            return data.remaining();
        }

        @Override
        public Long completed(GetInfoHandle info) {
            Integer code = info.getinfo(CurlInfo.RESPONSE_CODE);
            return code != null && code == 200 ? inflated.get() : -1L;
        }
    }
}
