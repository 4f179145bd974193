package org.konnect.curl.bench;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.actors.MultiActorPool;
import org.konnect.curl.actors.MultiActorPoolSettings;
import org.konnect.curl.actors.MultiActorSettings;

/**
 * {@code pool-N}: a {@link MultiActorPool} of N MultiActors (each on its own thread, sharing the
 * pool's default share) and one requester actor ({@link RequesterLoop}) keeping the run's
 * transfers outstanding, the URLs of the spec taken in turn: its {@code url} is a comma-separated
 * list, one URL per origin, so the pool spreads the origins over its MultiActors. Taken in turn,
 * each origin has about {@code inflight / origins} transfers in flight, and so as many
 * connections (the MultiActors' {@code CURLMOPT_MAX_HOST_CONNECTIONS} is {@code inflight}, as
 * for {@code multiactor}).
 */
final class PoolContender implements Contender {
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
        requester = system.systemActorOf(RequesterLoop.create(pool), "requester", Props.empty());
    }

    /** The origins of a run: {@code spec.url()} split at commas. */
    static List<String> urls(Spec spec) {
        return List.of(spec.url().split(","));
    }

    @Override
    public Result run(Spec spec) throws Exception {
        CompletableFuture<Result> done = new CompletableFuture<>();
        List<String> urls = urls(spec);
        requester.tell(new RequesterLoop.Start(spec, i -> new CountingGet(urls.get((int) (i % urls.size()))), done));
        return done.get(30, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
