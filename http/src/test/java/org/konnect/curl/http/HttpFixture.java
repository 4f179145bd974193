package org.konnect.curl.http;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.actors.MultiActorSettings;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * What every http test needs: an actor test kit for the class, and per test a MultiActor and the
 * clients made with {@link #client}, all stopped after the test so that NoNativeLeaks sees
 * everything freed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(NoNativeLeaks.class)
abstract class HttpFixture {
    static final Duration WAIT = Duration.ofSeconds(30);
    final ActorTestKit testKit = ActorTestKit.create();
    private ActorRef<MultiActor.Command> curl;
    private final java.util.List<HttpClient> clients = new java.util.ArrayList<>();

    /** This test's MultiActor. */
    ActorRef<MultiActor.Command> curl() {
        if (curl == null) {
            MultiActorSettings settings = MultiActorSettings.create(testKit.system());
            curl = testKit.spawn(MultiActor.create(settings), MultiActor.props(settings));
        }
        return curl;
    }

    /** A client over this test's MultiActor. */
    HttpClient client(HttpClientSettings settings) {
        HttpClient c = HttpClient.create(testKit.system(), curl(), settings);
        clients.add(c);
        return c;
    }

    /** The defaults, without retries (a test that wants them says so). */
    static HttpClientSettings settings() {
        return HttpClientSettings.defaults().withRetries(RetryPolicy.none());
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The failure of {@code stage}, unwrapped. */
    static Throwable failure(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable t = e.getCause();
            while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
            return t;
        }
        throw new AssertionError("the stage completed without a failure");
    }

    @AfterEach
    void stopClientsAndCurl() throws Exception {
        for (HttpClient c : clients) await(c.shutdown());
        clients.clear();
        if (curl != null) testKit.stop(curl, Duration.ofSeconds(10));
        curl = null;
    }

    @AfterAll
    void shutDownTestKit() {
        testKit.shutdownTestKit();
    }
}
