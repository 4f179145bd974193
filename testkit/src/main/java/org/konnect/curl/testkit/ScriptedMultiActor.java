package org.konnect.curl.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.TestKitSettings;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.konnect.curl.actors.MultiActor;

/**
 * A stand-in for a {@link MultiActor} in the tests of an actor that talks to one: it speaks the
 * MultiActor's protocol and runs each request's own {@code RequestProtocol} (its
 * {@code configureHandle}, callbacks, {@code hasUpdate}/{@code getUpdate}, {@code completed} or
 * {@code failed}) against a {@link Script} instead of libcurl: no network, no libcurl, no
 * sleeping. Every {@code Process} gets exactly one reply, updates go to a pending {@code Process}
 * only, {@code Cancel} and a requester that stops end the transfer, and stopping the stand-in
 * answers every pending {@code Process}, as the real actor does.
 *
 * <p>Requests no script matches fail with {@code CURLE_COULDNT_CONNECT} and a message naming the
 * URL and listing the scripts. Scripts are tried in order; one made {@link Script#once()} serves
 * one request only. Delays and timeouts run on the actor system's scheduler: create the test kit
 * with Pekko's {@code ManualTime.config()} and let time pass with {@code ManualTime.timePasses}.
 *
 * <pre>{@code
 * ScriptedMultiActor curl = ScriptedMultiActor.spawn(testKit,
 *         Script.forUrl("http://inventory.test/items/*").respond(200, "[]"));
 * ActorRef<Inventory.Command> inventory = testKit.spawn(Inventory.create(curl.ref()));
 * inventory.tell(new Inventory.Refresh(client.getRef()));
 * RecordedRequest request = curl.expectRequest("http://inventory.test/items/*");
 * assertEquals(List.of("Accept: application/json"), request.headers());
 * client.expectMessage(new Inventory.Refreshed(0));
 * curl.expectNoMoreRequests();
 * }</pre>
 */
public final class ScriptedMultiActor {
    private final ActorTestKit testKit;
    private final ActorRef<MultiActor.Command> ref;
    private final TestProbe<RecordedRequest> requests;
    private final TestProbe<RecordedRequest> cancels;
    private final List<RecordedRequest> seen;

    private ScriptedMultiActor(ActorTestKit testKit, String name, List<Script> scripts) {
        this.testKit = testKit;
        this.requests = testKit.createTestProbe(RecordedRequest.class);
        this.cancels = testKit.createTestProbe(RecordedRequest.class);
        this.seen = new CopyOnWriteArrayList<>();
        StandIn.Observer observer = new StandIn.Observer() {
            @Override
            public void requested(RecordedRequest request) {
                seen.add(request);
                requests.getRef().tell(request);
            }

            @Override
            public void cancelled(RecordedRequest request) {
                cancels.getRef().tell(request);
            }
        };
        this.ref = name == null ? testKit.spawn(StandIn.create(scripts, observer))
                : testKit.spawn(StandIn.create(scripts, observer), name);
    }

    /**
     * Spawns a stand-in playing {@code scripts} in {@code testKit}'s actor system.
     *
     * @param testKit the test's kit (e.g. from Pekko's JUnit 5 extension); stopping it stops the stand-in
     * @param scripts the scripts, tried in order for each new request
     * @return the stand-in; give {@link #ref()} to the actor under test
     */
    public static ScriptedMultiActor spawn(ActorTestKit testKit, Script... scripts) {
        return new ScriptedMultiActor(Objects.requireNonNull(testKit, "testKit"), null, List.of(scripts));
    }

    /**
     * Spawns a stand-in with a name of its own.
     *
     * @param testKit the test's kit
     * @param name the actor's name, unique among the kit's top-level actors
     * @param scripts the scripts, tried in order for each new request
     * @return the stand-in
     */
    public static ScriptedMultiActor spawn(ActorTestKit testKit, String name, List<Script> scripts) {
        return new ScriptedMultiActor(Objects.requireNonNull(testKit, "testKit"), Objects.requireNonNull(name, "name"),
                List.copyOf(scripts));
    }

    /**
     * The stand-in's ref, where the actor under test sends its {@code Process} and {@code Cancel} messages.
     *
     * @return an {@code ActorRef<MultiActor.Command>}, like a real MultiActor's
     */
    public ActorRef<MultiActor.Command> ref() {
        return ref;
    }

    /**
     * The next new request, whatever it is.
     *
     * @return what it set and did
     * @throws AssertionError if none comes within the test kit's default timeout
     */
    public RecordedRequest expectRequest() {
        return expectRequest("any request", r -> true);
    }

    /**
     * The next new request, which must have set {@code CURLOPT_URL} to {@code url}.
     *
     * @param url the URL, or a pattern of it where each {@code *} stands for any characters
     * @return what the request set and did
     * @throws AssertionError if none comes within the test kit's default timeout, or the next is another
     */
    public RecordedRequest expectRequest(String url) {
        Script pattern = Script.forUrl(url);
        return expectRequest("a request to " + url, pattern::matches);
    }

    /**
     * The next new request, which {@code predicate} must accept.
     *
     * @param description what is expected, for the failure message ("a PUT with a body")
     * @param predicate decides from what the request set
     * @return what the request set and did
     * @throws AssertionError if none comes within the test kit's default timeout, or the next is refused
     */
    public RecordedRequest expectRequest(String description, Predicate<RecordedRequest> predicate) {
        RecordedRequest next;
        try {
            next = requests.receiveMessage(defaultTimeout());
        } catch (AssertionError e) {
            throw new AssertionError("ScriptedMultiActor: expected " + description + " within " + defaultTimeout().toMillis()
                    + " ms, but no new request came; requests so far: " + (seen.isEmpty() ? "none" : seen), e);
        }
        if (!predicate.test(next)) {
            throw new AssertionError("ScriptedMultiActor: expected " + description + ", but the next request was " + next
                    + " with options " + next.options());
        }
        return next;
    }

    /** Fails if a new request comes within the test kit's default no-message duration ({@code TestProbe}'s). */
    public void expectNoMoreRequests() {
        expectNoMoreRequests(defaultNoMessage());
    }

    /**
     * Fails if a new request comes within {@code within} (of real time: the requester's messages
     * travel on threads, whatever the clock), or has come and was not expected yet.
     *
     * @param within how long to watch
     */
    public void expectNoMoreRequests(Duration within) {
        RecordedRequest unexpected;
        try {
            unexpected = requests.receiveMessage(within);
        } catch (AssertionError timedOut) {
            return;   // nothing came: as expected
        }
        throw new AssertionError("ScriptedMultiActor: expected no more requests, but got " + unexpected + " (requests so far: "
                + seen + ")");
    }

    /**
     * The next {@code Cancel} the stand-in received (or a cancellation because a requester stopped).
     *
     * @return the cancelled request as recorded
     * @throws AssertionError if none comes within the test kit's default timeout
     */
    public RecordedRequest expectCancel() {
        try {
            return cancels.receiveMessage(defaultTimeout());
        } catch (AssertionError e) {
            throw new AssertionError("ScriptedMultiActor: expected a Cancel within " + defaultTimeout().toMillis()
                    + " ms, but none came; requests so far: " + (seen.isEmpty() ? "none" : seen), e);
        }
    }

    /**
     * The next {@code Cancel}, which must be for a request to {@code url}.
     *
     * @param url the URL, or a pattern of it with {@code *} wildcards
     * @return the cancelled request as recorded
     * @throws AssertionError if none comes within the default timeout, or it is for another request
     */
    public RecordedRequest expectCancel(String url) {
        RecordedRequest cancelled = expectCancel();
        if (!Script.forUrl(url).matches(cancelled)) {
            throw new AssertionError("ScriptedMultiActor: expected a Cancel of a request to " + url + ", but got one of " + cancelled);
        }
        return cancelled;
    }

    /** Fails if a {@code Cancel} comes within the test kit's default no-message duration. */
    public void expectNoCancel() {
        RecordedRequest unexpected;
        try {
            unexpected = cancels.receiveMessage(defaultNoMessage());
        } catch (AssertionError timedOut) {
            return;
        }
        throw new AssertionError("ScriptedMultiActor: expected no Cancel, but got one of " + unexpected);
    }

    /**
     * Every request seen so far, expected or not, in the order they came.
     *
     * @return a copy of the list
     */
    public List<RecordedRequest> requests() {
        return List.copyOf(seen);
    }

    /**
     * Returns once the stand-in has handled every message sent to it before this call, and every
     * transfer waits (for a delay, a stall, a resume or a Process): then all timers its steps
     * need are scheduled, and {@code ManualTime.timePasses} reaches them.
     *
     * @throws AssertionError if the stand-in does not answer within the default timeout
     */
    public void awaitIdle() {
        ActorRef<Object> standIn = ref.unsafeUpcast();
        long deadline = System.nanoTime() + defaultTimeout().toNanos();
        while (true) {
            TestProbe<Boolean> answer = testKit.createTestProbe(Boolean.class);
            standIn.tell(new StandIn.Sync(answer.getRef()));
            if (answer.receiveMessage(defaultTimeout())) return;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ScriptedMultiActor: still busy after " + defaultTimeout().toMillis() + " ms (an upload"
                        + " whose read callback never ends?); requests so far: " + seen);
            }
        }
    }

    /** Stops the stand-in; every pending {@code Process} is answered with a cancelled {@code Failed}. */
    public void stop() {
        testKit.stop(ref);
    }

    private Duration defaultTimeout() {
        TestKitSettings settings = testKit.testKitSettings();
        return Duration.ofNanos(settings.dilated(settings.SingleExpectDefaultTimeout()).toNanos());
    }

    private Duration defaultNoMessage() {
        TestKitSettings settings = testKit.testKitSettings();
        return Duration.ofNanos(settings.dilated(settings.ExpectNoMessageDefaultTimeout()).toNanos());
    }

    @Override
    public String toString() {
        return "ScriptedMultiActor[" + ref.path() + "]";
    }
}
