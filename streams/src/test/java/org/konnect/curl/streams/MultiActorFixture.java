package org.konnect.curl.streams;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.actors.MultiActorSettings;

/**
 * What every streams test needs: an actor test kit for the class, a MultiActor of the test's
 * own ({@link #curl()}), stopped after the test so that NoNativeLeaks sees everything freed,
 * and a materializer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MultiActorFixture {
    final ActorTestKit testKit = ActorTestKit.create();
    final Materializer materializer = Materializer.matFromSystem(testKit.system());
    private ActorRef<MultiActor.Command> curl;

    /** A new MultiActor for this test, with the default settings. */
    ActorRef<MultiActor.Command> curl() {
        MultiActorSettings settings = MultiActorSettings.create(testKit.system());
        curl = testKit.spawn(MultiActor.create(settings), MultiActor.props(settings));
        return curl;
    }

    @AfterEach
    void stopCurl() {
        if (curl != null) testKit.stop(curl, Duration.ofSeconds(10));
        curl = null;
    }

    @AfterAll
    void shutDownTestKit() {
        testKit.shutdownTestKit();
    }
}
