package org.konnect.curl.bench;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.actors.MultiActorPool;
import org.konnect.curl.actors.MultiActorPoolSettings;
import org.konnect.curl.actors.MultiActorSettings;

/**
 * {@code pool-N}: a {@link MultiActorPool} of N MultiActors (each on its own thread, sharing the
 * pool's default share) and one requester actor keeping the run's transfers outstanding, the
 * URLs of the spec taken in turn: its {@code url} is a comma-separated list, one URL per origin,
 * so the pool spreads the origins over its MultiActors. Taken in turn, each origin has about
 * {@code inflight / origins} transfers in flight, and so as many connections (the MultiActors'
 * {@code CURLMOPT_MAX_HOST_CONNECTIONS} is {@code inflight}, as for {@code multiactor}).
 */
final class PoolContender implements Contender {
    /** Starts a run in the requester. */
    private record Start(Spec spec, List<String> urls, CompletableFuture<Result> done) {}

    private final ActorSystem<Void> system;
    private final ActorRef<MultiActor.Command> pool;
    private final ActorRef<Object> requester;

    PoolContender(int size, int maxHostConnections) {
        system = ActorSystem.create(Behaviors.empty(), "pool", ConfigFactory.parseString(
                "pekko.loglevel = WARNING\npekko.log-dead-letters = off\npekko.log-dead-letters-during-shutdown = off")
                .withFallback(ConfigFactory.load()));
        MultiActorPoolSettings settings = MultiActorPoolSettings.create(system).withSize(size);
        MultiActorSettings member = settings.multiActor();
        settings = settings.withMultiActor(member.withMultiOptions(member.multiOptions().withMaxHostConnections(maxHostConnections)));
        pool = MultiActorPool.spawn(system, "curl", settings);
        requester = system.systemActorOf(requester(pool), "requester", Props.empty());
    }

    /** The origins of a run: {@code spec.url()} split at commas. */
    static List<String> urls(Spec spec) {
        return List.of(spec.url().split(","));
    }

    @Override
    public Result run(Spec spec) throws Exception {
        CompletableFuture<Result> done = new CompletableFuture<>();
        requester.tell(new Start(spec, urls(spec), done));
        return done.get(30, TimeUnit.MINUTES);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Behavior<Object> requester(ActorRef<MultiActor.Command> pool) {
        return Behaviors.setup(ctx -> {
            ActorRef<MultiActor.Reply<Void, Long>> self = ctx.getSelf().narrow();
            final class Run {
                Spec spec;
                List<String> urls;
                CompletableFuture<Result> done;
                long started, finished, ok, failed, bytes;

                void start() {
                    String url = urls.get((int) (started++ % urls.size()));
                    pool.tell(new MultiActor.Process<>(new CountingGet(url), self));
                }

                void finish() {
                    finished++;
                    if (started < spec.count()) start();
                    else if (finished == spec.count()) done.complete(new Result(ok, failed, bytes));
                }
            }
            Run run = new Run();
            return Behaviors.receive(Object.class)
                    .onMessage(Start.class, s -> {
                        run.spec = s.spec();
                        run.urls = s.urls();
                        run.done = s.done();
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
                    .build();
        });
    }

    @Override
    public void close() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
