package org.konnect.curl.http;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** A stage completed once some actors have all stopped: a small watcher actor. */
final class Termination {
    private static final AtomicLong COUNTER = new AtomicLong();

    private Termination() {}

    static CompletionStage<Void> of(ActorSystem<?> system, ActorRef<?>[] actors) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Behavior<Void> watcher = Behaviors.setup(ctx -> {
            Set<ActorRef<?>> left = new HashSet<>();
            for (ActorRef<?> a : actors) {
                left.add(a);
                ctx.watch(a);
            }
            return Behaviors.receive(Void.class).onSignal(Terminated.class, t -> {
                left.remove(t.getRef());
                if (!left.isEmpty()) return Behaviors.same();
                done.complete(null);
                return Behaviors.stopped();
            }).build();
        });
        system.systemActorOf(watcher, "konnect-http-stop-" + COUNTER.incrementAndGet(), Props.empty());
        return done;
    }
}
