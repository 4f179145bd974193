package org.konnect.curl.bench;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.konnect.curl.actors.MultiActor;

/**
 * The requester actor of the actor contenders ({@code multiactor}, {@code pool-N}): it keeps a
 * run's {@code inflight} {@link MultiActor.Process} messages outstanding at a MultiActor (or a
 * pool speaking its protocol), sending the next one as each transfer ends, one run at a time.
 */
final class RequesterLoop {
    /** Starts a run: {@code requests} gives the i-th transfer of it (0-based). */
    record Start(Spec spec, LongFunction<CountingGet> requests, CompletableFuture<Contender.Result> done) {}

    private RequesterLoop() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Behavior<Object> create(ActorRef<MultiActor.Command> curl) {
        return Behaviors.setup(ctx -> {
            ActorRef<MultiActor.Reply<Void, Long>> self = ctx.getSelf().narrow();
            // The state of the current run; one run at a time.
            final class Run {
                Start start;
                long started, finished, ok, failed, bytes;

                void start() {
                    curl.tell(new MultiActor.Process<>(start.requests().apply(started++), self));
                }

                void finish() {
                    finished++;
                    if (started < start.spec().count()) start();
                    else if (finished == start.spec().count()) start.done().complete(new Contender.Result(ok, failed, bytes));
                }
            }
            Run run = new Run();
            return Behaviors.receive(Object.class)
                    .onMessage(Start.class, s -> {
                        run.start = s;
                        run.started = run.finished = run.ok = run.failed = run.bytes = 0;
                        int first = Math.min(s.spec().inflight(), s.spec().count());
                        for (int i = 0; i < first; i++) run.start();
                        return Behaviors.same();
                    })
                    .onMessage(MultiActor.Completed.class, c -> {
                        long n = (Long) c.result();
                        if (n >= 0) {
                            run.ok++;
                            run.bytes += n;
                        } else {
                            run.failed++;
                            Failures.report(c.request(), null);
                        }
                        run.finish();
                        return Behaviors.same();
                    })
                    .onMessage(MultiActor.Failed.class, f -> {
                        run.failed++;
                        Failures.report(f.request(), f.error());
                        run.finish();
                        return Behaviors.same();
                    })
                    .onMessage(MultiActor.Update.class, u -> {
                        curl.tell(new MultiActor.Process<>(u.request(), self));   // CountingGet has none
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
