package org.konnect.curl.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.actors.MultiActorSettings;

/**
 * {@code multiactor}: one {@link MultiActor} (spawned with its dispatcher and mailbox) and one
 * requester actor ({@link RequesterLoop}) that keeps N {@link MultiActor.Process} messages
 * outstanding, sending the next one when a transfer ends.
 */
final class MultiActorContender implements Contender {
    private final ActorSystem<Void> system;
    private final ActorRef<MultiActor.Command> curl;
    private final ActorRef<Object> requester;

    MultiActorContender(int maxHostConnections) {
        this(maxHostConnections, ConfigFactory.empty());
    }

    MultiActorContender(int maxHostConnections, Config overrides) {
        Config config = overrides.withFallback(ConfigFactory.parseString(
                "pekko.loglevel = WARNING\npekko.log-dead-letters = off\npekko.log-dead-letters-during-shutdown = off"))
                .withFallback(ConfigFactory.load());
        // A short name: thread names show in /proc (15 characters) as "ma-scheduler-1", "ma-konnect.curl", ...
        system = ActorSystem.create(Behaviors.empty(), "ma", config);
        MultiActorSettings settings = MultiActorSettings.create(system);
        settings = settings.withMultiOptions(settings.multiOptions().withMaxHostConnections(maxHostConnections));
        curl = MultiActor.spawn(system, "curl", settings);
        requester = system.systemActorOf(RequesterLoop.create(curl), "requester", Props.empty());
    }

    ActorSystem<Void> system() {
        return system;
    }

    ActorRef<MultiActor.Command> curl() {
        return curl;
    }

    @Override
    public Result run(Spec spec) throws Exception {
        CompletableFuture<Result> done = new CompletableFuture<>();
        requester.tell(new RequesterLoop.Start(spec, i -> new CountingGet(spec), done));
        return done.get(30, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws Exception {
        system.terminate();
        // Stopping is a system message, which does not go through WakingMailbox.enqueue: a
        // MultiActor blocked in perform (on stalled transfers) would only see it after
        // max-block (60 s). An ordinary message wakes it; repeat until the system is down.
        CompletableFuture<?> terminated = system.getWhenTerminated().toCompletableFuture();
        Probe nothing = new Probe();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!terminated.isDone() && System.nanoTime() < deadline) {
            curl.tell(new MultiActor.Cancel(nothing));
            try {
                terminated.get(50, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // not yet
            }
        }
        terminated.get(1, TimeUnit.SECONDS);
    }
}
