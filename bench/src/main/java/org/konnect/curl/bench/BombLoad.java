package org.konnect.curl.bench;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.konnect.curl.actors.MultiActor;

/**
 * Gzip bombs, one after another, through a MultiActor while the wake-up probes run: each is a
 * GET of a small gzip file that inflates to a huge body, decoded by the engine
 * ({@code ACCEPT_ENCODING ""}). A bomb that fails is counted, and the next one starts anyway.
 */
final class BombLoad implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong inflatedBytes = new AtomicLong();
    private final String url;
    private final ActorRef<MultiActor.Command> curl;

    BombLoad(MultiActorContender c, String url) {
        this.url = url;
        this.curl = c.curl();
        c.system().systemActorOf(Behaviors.setup(ctx -> {
            curl.tell(new MultiActor.Process<>(new CountingGet(url, true), ctx.getSelf().narrow()));
            return next(ctx.getSelf());
        }), "bombs", Props.empty());
    }

    private Behavior<Object> next(ActorRef<Object> self) {
        return Behaviors.receive(Object.class).onAnyMessage(reply -> {
            if (reply instanceof MultiActor.Completed<?, ?> done && done.result() instanceof Long n && n >= 0) {
                completed.incrementAndGet();
                inflatedBytes.addAndGet(n);
            } else {
                failed.incrementAndGet();
            }
            if (running.get()) curl.tell(new MultiActor.Process<>(new CountingGet(url, true), self.narrow()));
            return Behaviors.same();
        }).build();
    }

    /** Bombs that finished, failed, and the bytes the finished ones inflated to. */
    String summary() {
        return "bombs_completed=" + completed.get() + " bombs_failed=" + failed.get() + " inflated_bytes=" + inflatedBytes.get();
    }

    @Override
    public void close() {
        running.set(false);
    }
}
