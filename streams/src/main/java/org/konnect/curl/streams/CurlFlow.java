package org.konnect.curl.streams;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.actors.MultiAsk;

/**
 * Many transfers through one {@link MultiActor}: a {@link Flow} from requests to their
 * results, with at most {@code parallelism} transfers running at once. Each element is any
 * {@link RequestProtocol} (for instance {@link org.konnect.curl.Request}), run as an ask with
 * its own watched requester; interim updates are skipped and the transfer continues.
 * A failed transfer fails the stream with its {@link org.konnect.curl.CurlError}; to keep
 * going past failures, recover inside the request or after the flow.
 */
public final class CurlFlow {
    private CurlFlow() {}

    /**
     * Results in the order of the requests.
     *
     * @param <Q> the requests' type
     * @param <R> the requests' result type
     * @param system the actor system the requesters run in
     * @param curl the MultiActor that runs the transfers
     * @param parallelism transfers at once, at most; positive
     * @param timeout the longest one transfer may take
     * @return the flow
     * @throws IllegalArgumentException if {@code parallelism} is not positive
     */
    public static <Q extends RequestProtocol<?, R>, R> Flow<Q, R, NotUsed> ordered(ActorSystem<?> system,
            ActorRef<MultiActor.Command> curl, int parallelism, Duration timeout) {
        check(system, curl, parallelism, timeout);
        return Flow.<Q>create().mapAsync(parallelism, r -> ask(system, curl, r, timeout));
    }

    /**
     * Results as the transfers finish.
     *
     * @param <Q> the requests' type
     * @param <R> the requests' result type
     * @param system the actor system the requesters run in
     * @param curl the MultiActor that runs the transfers
     * @param parallelism transfers at once, at most; positive
     * @param timeout the longest one transfer may take
     * @return the flow
     * @throws IllegalArgumentException if {@code parallelism} is not positive
     */
    public static <Q extends RequestProtocol<?, R>, R> Flow<Q, R, NotUsed> unordered(ActorSystem<?> system,
            ActorRef<MultiActor.Command> curl, int parallelism, Duration timeout) {
        check(system, curl, parallelism, timeout);
        return Flow.<Q>create().mapAsyncUnordered(parallelism, r -> ask(system, curl, r, timeout));
    }

    /** The ask, with the request's update type captured. */
    private static <R> CompletionStage<R> ask(ActorSystem<?> system, ActorRef<MultiActor.Command> curl, RequestProtocol<?, R> request,
                                              Duration timeout) {
        return MultiAsk.ask(system, curl, request, timeout);
    }

    private static void check(ActorSystem<?> system, ActorRef<MultiActor.Command> curl, int parallelism, Duration timeout) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(curl, "curl");
        Objects.requireNonNull(timeout, "timeout");
        if (parallelism <= 0) throw new IllegalArgumentException("CurlFlow: parallelism must be positive, was " + parallelism);
    }
}
