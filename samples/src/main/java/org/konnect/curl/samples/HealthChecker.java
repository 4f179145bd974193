package org.konnect.curl.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.konnect.curl.Request;
import org.konnect.curl.actors.MultiActor;

/**
 * A small user actor that talks to a {@link MultiActor}: the example of the samples' tests
 * ({@code HealthCheckerTest}), which show how to test such an actor with {@code ActorTestKit}
 * — against a real MultiActor, and against the test kit's {@code ScriptedMultiActor}, which
 * runs the actor's real requests against scripts instead of a network.
 *
 * <p>On {@link Check} it fetches every URL concurrently (one {@link Request#toMemory} each,
 * through the MultiActor) and answers with one {@link Report}: per distinct URL, up (a response code
 * below 400) or down (an HTTP error code, a libcurl error, or no answer within the deadline, in
 * which case it cancels the transfer). It handles any number of checks at once.
 */
public final class HealthChecker {
    private HealthChecker() {}

    /** Messages the checker accepts. */
    public sealed interface Command permits Check, FromCurl, Deadline {}

    /** Check these URLs; the {@link Report} goes to {@code replyTo}. */
    public record Check(List<String> urls, ActorRef<Report> replyTo) implements Command {}

    /** A reply of the MultiActor, adapted to this actor's protocol. */
    record FromCurl(MultiActor.Reply<Void, Request.Response> reply) implements Command {}

    /** The deadline of check {@code id} passed. */
    record Deadline(long id) implements Command {}

    /** The health of one URL: up or down, and why. */
    public record Health(boolean up, String detail) {
        static Health of(Request.Response r) {
            return new Health(r.responseCode() < 400, "HTTP " + r.responseCode());
        }
    }

    /** The answer to a {@link Check}: each URL's health, in the order of the check. */
    public record Report(Map<String, Health> results) {
        public boolean allUp() {
            return results.values().stream().allMatch(Health::up);
        }
    }

    /** The checker, sending transfers to {@code curl}; a check gets no more than {@code deadline}. */
    public static Behavior<Command> create(ActorRef<MultiActor.Command> curl, Duration deadline) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Checker(ctx, timers, curl, deadline).behavior()));
    }

    /** One check in progress. */
    private static final class Pending {
        final long id;
        final ActorRef<Report> replyTo;
        final Map<String, Health> results = new LinkedHashMap<>();
        final List<Request> open = new ArrayList<>();

        Pending(long id, List<String> urls, ActorRef<Report> replyTo) {
            this.id = id;
            this.replyTo = replyTo;
            for (String url : urls) results.put(url, null);   // keeps the check's order
        }
    }

    private static final class Checker {
        private final TimerScheduler<Command> timers;
        private final ActorRef<MultiActor.Command> curl;
        private final Duration deadline;
        private final ActorRef<MultiActor.Reply<Void, Request.Response>> replies;
        private final Map<Long, Pending> checks = new HashMap<>();
        private final Map<Request, Pending> byRequest = new IdentityHashMap<>();
        private long nextId;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Checker(ActorContext<Command> ctx, TimerScheduler<Command> timers, ActorRef<MultiActor.Command> curl, Duration deadline) {
            this.timers = timers;
            this.curl = curl;
            this.deadline = deadline;
            this.replies = ctx.messageAdapter((Class) MultiActor.Reply.class,
                    reply -> new FromCurl((MultiActor.Reply<Void, Request.Response>) reply));
        }

        Behavior<Command> behavior() {
            return Behaviors.receive(Command.class)
                    .onMessage(Check.class, this::onCheck)
                    .onMessage(FromCurl.class, this::onReply)
                    .onMessage(Deadline.class, this::onDeadline)
                    .build();
        }

        private Behavior<Command> onCheck(Check check) {
            Pending p = new Pending(nextId++, check.urls(), check.replyTo());
            if (p.results.isEmpty()) {
                check.replyTo().tell(new Report(Map.of()));
                return Behaviors.same();
            }
            checks.put(p.id, p);
            // The deadline before the requests: a test on a manual clock that has seen them may let the time pass.
            timers.startSingleTimer(p.id, new Deadline(p.id), deadline);
            for (String url : p.results.keySet()) {
                Request request = Request.toMemory(url).withTimeout(deadline);
                byRequest.put(request, p);
                p.open.add(request);
                curl.tell(new MultiActor.Process<>(request, replies));
            }
            return Behaviors.same();
        }

        private Behavior<Command> onReply(FromCurl message) {
            MultiActor.Reply<Void, Request.Response> reply = message.reply();
            Request request = (Request) reply.request();
            Pending p = byRequest.remove(request);
            if (p == null) return Behaviors.same();           // a late reply after the deadline
            if (reply instanceof MultiActor.Completed<Void, Request.Response> c) {
                p.results.put(request.url(), Health.of(c.result()));
            } else if (reply instanceof MultiActor.Failed<Void, Request.Response> f) {
                p.results.put(request.url(), new Health(false, f.error().codeName()));
            } else {                                           // Request has no updates; continue anyway
                byRequest.put(request, p);
                curl.tell(new MultiActor.Process<>(request, replies));
                return Behaviors.same();
            }
            p.open.remove(request);
            if (p.open.isEmpty()) finish(p);
            return Behaviors.same();
        }

        private Behavior<Command> onDeadline(Deadline d) {
            Pending p = checks.get(d.id());
            if (p == null) return Behaviors.same();
            for (Request request : p.open) {
                curl.tell(new MultiActor.Cancel(request));
                byRequest.remove(request);
                p.results.put(request.url(), new Health(false, "no answer within " + deadline.toMillis() + " ms"));
            }
            p.open.clear();
            finish(p);
            return Behaviors.same();
        }

        private void finish(Pending p) {
            checks.remove(p.id);
            timers.cancel(p.id);
            p.replyTo.tell(new Report(Collections.unmodifiableMap(p.results)));
        }
    }
}
