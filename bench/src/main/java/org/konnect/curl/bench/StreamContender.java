package org.konnect.curl.bench;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.actors.MultiActorSettings;
import org.konnect.curl.streams.CurlSource;
import org.konnect.curl.streams.TransferInfo;

/**
 * Downloads as Pekko Streams: each transfer is a {@link CurlSource} through one MultiActor,
 * {@code inflight} streams at a time. {@code stream} runs each into {@code Sink.ignore()}, the
 * workload as issue 14 defines it (the native layer's one copy of each chunk, into the array its
 * {@code ByteString} wraps, reads every byte once; the byte count comes from the materialized
 * {@code TransferInfo});
 * {@code stream-touch} runs each into a sink that also touches every byte of every element, as
 * the other contenders' write callbacks do.
 */
final class StreamContender implements Contender {
    /** The stream's window; {@code -Dbench.stream.window=BYTES} tries another. */
    private static final int WINDOW_BYTES = Integer.getInteger("bench.stream.window", CurlSource.DEFAULT_WINDOW_BYTES);
    /** libcurl's receive buffer; {@code -Dbench.stream.buffersize=BYTES} tries one (0: libcurl's default). */
    private static final int BUFFER_SIZE = Integer.getInteger("bench.stream.buffersize", 0);
    private final ActorSystem<Void> system;
    private final ActorRef<MultiActor.Command> curl;
    private final Materializer materializer;

    private final boolean touch;

    StreamContender(boolean touch) {
        this.touch = touch;
        system = ActorSystem.create(Behaviors.empty(), "st", ConfigFactory.parseString(
                "pekko.loglevel = WARNING\npekko.log-dead-letters = off").withFallback(ConfigFactory.load()));
        curl = MultiActor.spawn(system, "curl", MultiActorSettings.create(system));
        materializer = Materializer.matFromSystem(system);
    }

    @Override
    public Result run(Spec spec) throws Exception {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong checksum = new AtomicLong();
        CompletableFuture<?> done = Source.range(1, spec.count())
                .mapAsyncUnordered(spec.inflight(), i -> download(spec, checksum)
                        .handle((n, e) -> {
                            if (e == null) {
                                ok.incrementAndGet();
                                bytes.addAndGet(n);
                            } else {
                                failed.incrementAndGet();
                            }
                            return n;
                        }))
                .runWith(Sink.ignore(), materializer).toCompletableFuture();
        done.get(30, TimeUnit.MINUTES);
        return new Result(ok.get(), failed.get(), bytes.get());
    }

    /** One download's byte count: summed over its touched elements, or its TransferInfo's. */
    private CompletionStage<Long> download(Spec spec, AtomicLong checksum) {
        Source<ByteString, CompletionStage<TransferInfo>> body = CurlSource.download(curl, spec.url(), this::configure, WINDOW_BYTES);
        if (touch) return body.runWith(Sink.fold(0L, (n, chunk) -> n + touch(chunk, checksum)), materializer);
        return body.toMat(Sink.ignore(), Keep.left()).run(materializer).thenApply(TransferInfo::bytesDownloaded);
    }

    private void configure(org.konnect.curl.ConfigHandle h) {
        if (BUFFER_SIZE > 0) h.setopt(org.konnect.curl.CurlOpt.BUFFERSIZE, (long) BUFFER_SIZE);
    }

    /** Reads every byte of the element, in place, and returns its length. */
    private static long touch(ByteString chunk, AtomicLong checksum) {
        for (java.nio.ByteBuffer b : chunk.getByteBuffers()) checksum.addAndGet(Touch.sum(b));
        return chunk.length();
    }

    @Override
    public void close() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
