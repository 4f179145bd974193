package org.konnect.curl.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;
import org.konnect.curl.Request;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Many transfers through a Flow: results in order, bounded parallelism, a failure fails the stream. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class CurlFlowTest extends MultiActorFixture {
    final LoopbackHttpServer http;

    CurlFlowTest(LoopbackHttpServer http) {
        this.http = http;
    }

    @Test
    void resultsComeInTheOrderOfTheRequestsWithBoundedParallelism() throws Exception {
        ActorRef<MultiActor.Command> c = curl();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        List<Long> sizes = Source.range(1, 200)
                .map(i -> new Tracked(http.url("/bytes/" + i * 100), inFlight, mostInFlight))
                .via(CurlFlow.ordered(testKit.system(), c, 8, Duration.ofSeconds(30)))
                .runWith(Sink.seq(), materializer)
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(200, sizes.size());
        for (int i = 0; i < 200; i++) assertEquals((i + 1) * 100L, sizes.get(i));
        assertTrue(mostInFlight.get() <= 8, "transfers at once: " + mostInFlight.get());
        assertTrue(mostInFlight.get() > 1, "the flow ran one transfer at a time");
    }

    /** A GET whose result is its body size; counts the transfers running at once. */
    private record Tracked(String url, AtomicInteger inFlight, AtomicInteger mostInFlight) implements RequestProtocol<Void, Long> {
        @Override
        public void configureHandle(ConfigHandle h) {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            h.setopt(CurlOpt.URL, url);
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> data.remaining());
        }

        @Override
        public Long completed(GetInfoHandle info) {
            inFlight.decrementAndGet();
            return info.getinfo(CurlInfo.SIZE_DOWNLOAD_T);
        }

        @Override
        public void failed(CurlError error) {
            inFlight.decrementAndGet();
        }
    }

    @Test
    void aFailedTransferFailsTheStream() throws Exception {
        ActorRef<MultiActor.Command> c = curl();
        try {
            Source.from(List.of(http.url("/bytes/10"), "http://127.0.0.1:1/refused"))
                    .map(Request::toMemory)
                    .via(CurlFlow.unordered(testKit.system(), c, 2, Duration.ofSeconds(30)))
                    .runWith(Sink.seq(), materializer)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw new AssertionError("the stream completed");
        } catch (ExecutionException e) {
            assertEquals("CURLE_COULDNT_CONNECT", assertInstanceOf(CurlError.class, e.getCause()).codeName());
        }
    }
}
