package org.konnect.curl.actors;

import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.Share;

/**
 * Several {@link MultiActor}s behind one {@link ActorRef}, which speaks the MultiActor's
 * protocol: send it {@link MultiActor.Process} and {@link MultiActor.Cancel} as to one MultiActor,
 * and get the same replies ({@link MultiActor.Update}, {@link MultiActor.Completed},
 * {@link MultiActor.Failed}, exactly one per Process), straight from the MultiActor that runs
 * the transfer; requesters are watched by it as by a lone MultiActor.
 *
 * <p><b>Routing.</b> A request goes to the MultiActor that owns its
 * {@link RequestProtocol#origin() origin} (scheme, host, port) on an {@link OriginRing}, so that an
 * origin's connections, its HTTP/2 multiplexing and its per-host limits stay on one MultiActor (one
 * thread, one connection cache); a request without an origin goes by its identity. A Cancel goes
 * where its request went.
 *
 * <p><b>Sharing.</b> The MultiActors share one {@link Share} (by default every kind the loaded
 * libcurl can share between threads: the DNS cache, the public suffix list, and from libcurl 8.12
 * TLS sessions), which the pool opens when it starts and closes when it stops, after its MultiActors.
 *
 * <p><b>Failures.</b> A MultiActor that fails is restarted in place (same ActorRef, same mailbox):
 * its transfers end, each pending Process answered with {@link MultiActor.Failed}, and the messages
 * behind the failure are handled by the new incarnation. One that stops for good (its multi handle
 * cannot be opened again) is replaced when the next message for it arrives. When the pool stops,
 * every pending Process is answered with Failed, those still in the pool's mailbox too.
 *
 * <p>Spawn it with {@link #spawn(ActorContext, String)} or with {@link #props()}: its mailbox is
 * the one that answers Processes left at a stop.
 */
public final class MultiActorPool {
    private MultiActorPool() {}

    // ---- creation -------------------------------------------------------------------------

    /**
     * The behavior, with the settings under {@code konnect.curl.pool} and {@code konnect.curl}.
     *
     * @return the pool's behavior; it spawns its MultiActors when it starts
     */
    public static Behavior<MultiActor.Command> create() {
        return Behaviors.setup(ctx -> start(ctx, MultiActorPoolSettings.create(ctx.getSystem()), MultiActor::create));
    }

    /**
     * The behavior with explicit settings.
     *
     * @param settings the pool's and its MultiActors' settings
     * @return the pool's behavior; it spawns its MultiActors when it starts
     */
    public static Behavior<MultiActor.Command> create(MultiActorPoolSettings settings) {
        return create(settings, MultiActor::create);
    }

    /** With another behavior per MultiActor (tests wrap the MultiActor to make it fail). */
    static Behavior<MultiActor.Command> create(MultiActorPoolSettings settings,
                                               Function<MultiActorSettings, Behavior<MultiActor.Command>> member) {
        return Behaviors.setup(ctx -> start(ctx, settings, member));
    }

    /**
     * The pool's mailbox: {@code konnect.curl.mailbox}, which answers the Processes left in it when
     * the pool stops. The pool runs on its parent's dispatcher; its MultiActors on their own threads.
     *
     * @return props selecting the mailbox
     */
    public static Props props() {
        return Props.empty().withMailboxFromConfig(MultiActorSettings.CONFIG_PATH + ".mailbox");
    }

    /**
     * Spawns a pool as a child of {@code ctx}, with the configured settings.
     *
     * @param ctx the parent's context (use it on the parent's thread only, as Pekko requires)
     * @param name the child's name, unique among the parent's children
     * @return the pool
     */
    public static ActorRef<MultiActor.Command> spawn(ActorContext<?> ctx, String name) {
        return ctx.spawn(create(), name, props());
    }

    /**
     * Spawns a pool as a child of {@code ctx}.
     *
     * @param ctx the parent's context (use it on the parent's thread only, as Pekko requires)
     * @param name the child's name, unique among the parent's children
     * @param settings the pool's and its MultiActors' settings
     * @return the pool
     */
    public static ActorRef<MultiActor.Command> spawn(ActorContext<?> ctx, String name, MultiActorPoolSettings settings) {
        return ctx.spawn(create(settings), name, props());
    }

    /**
     * Spawns a top-level pool in {@code system} (under {@code /system}), for code outside actors.
     *
     * @param system the actor system
     * @param name the pool's name, unique among the system's top-level system actors
     * @param settings the pool's and its MultiActors' settings
     * @return the pool; stop it (or the system) to stop its MultiActors and close its share
     */
    public static ActorRef<MultiActor.Command> spawn(ActorSystem<?> system, String name, MultiActorPoolSettings settings) {
        return system.systemActorOf(create(settings), name, props());
    }

    // ---- behavior -------------------------------------------------------------------------

    /**
     * The pool's state: the ring, and per member its current MultiActor (null once it stopped for
     * good, until the next message for it) and how many it has had. Replaced, never changed.
     */
    private record Pool(ActorContext<MultiActor.Command> ctx, OriginRing ring, ActorRef<MultiActor.Command>[] members,
                        int[] incarnations, MultiActorSettings memberSettings,
                        Function<MultiActorSettings, Behavior<MultiActor.Command>> memberBehavior, Share share) {
        /** This pool with member {@code i} stopped for good. */
        Pool withStopped(int i) {
            ActorRef<MultiActor.Command>[] next = members.clone();
            next[i] = null;
            return new Pool(ctx, ring, next, incarnations, memberSettings, memberBehavior, share);
        }

        /** This pool with a new MultiActor for member {@code i}. */
        Pool withRespawned(int i) {
            ActorRef<MultiActor.Command>[] next = members.clone();
            int[] counts = incarnations.clone();
            next[i] = spawnMember(ctx, memberSettings, memberBehavior, i, ++counts[i]);
            return new Pool(ctx, ring, next, counts, memberSettings, memberBehavior, share);
        }

        int indexOf(ActorRef<?> member) {
            for (int i = 0; i < members.length; i++) if (member.equals(members[i])) return i;
            return -1;
        }
    }

    @SuppressWarnings("unchecked")
    private static Behavior<MultiActor.Command> start(ActorContext<MultiActor.Command> ctx, MultiActorPoolSettings settings,
                                                      Function<MultiActorSettings, Behavior<MultiActor.Command>> member) {
        Share share = settings.share().isEmpty() ? null : Share.open(settings.share());
        MultiActorSettings memberSettings = settings.multiActor().withMultiOptions(
                settings.multiActor().multiOptions().withShare(share));
        ActorRef<MultiActor.Command>[] members = new ActorRef[settings.size()];
        for (int i = 0; i < members.length; i++) members[i] = spawnMember(ctx, memberSettings, member, i, 0);
        int[] incarnations = new int[members.length];
        return running(new Pool(ctx, new OriginRing(members.length, settings.virtualNodes()), members, incarnations,
                memberSettings, member, share));
    }

    /** A MultiActor restarted in place when it fails, watched by the pool in case it stops for good. */
    private static ActorRef<MultiActor.Command> spawnMember(ActorContext<MultiActor.Command> ctx, MultiActorSettings settings,
                                                           Function<MultiActorSettings, Behavior<MultiActor.Command>> behavior,
                                                           int index, int incarnation) {
        Behavior<MultiActor.Command> supervised = Behaviors.supervise(behavior.apply(settings))
                .onFailure(Exception.class, SupervisorStrategy.restart());
        String name = incarnation == 0 ? "multi-" + index : "multi-" + index + "-" + incarnation;
        ActorRef<MultiActor.Command> ref = ctx.spawn(supervised, name, MultiActor.props(settings));
        ctx.watch(ref);
        return ref;
    }

    private static Behavior<MultiActor.Command> running(Pool pool) {
        return Behaviors.receive(MultiActor.Command.class)
                .onMessage(MultiActor.Process.class, p -> route(pool, p.request(), p))
                .onMessage(MultiActor.Cancel.class, c -> route(pool, c.request(), c))
                .onSignal(Terminated.class, t -> memberStopped(pool, t.getRef()))
                .onSignal(PostStop.class, s -> stopped(pool))
                .build();
    }

    /** Forwards {@code message} as it is to the member owning the request's origin. */
    private static Behavior<MultiActor.Command> route(Pool pool, RequestProtocol<?, ?> request, MultiActor.Command message) {
        int i = memberFor(pool.ring(), request);
        ActorRef<MultiActor.Command> member = pool.members()[i];
        if (member != null) {
            member.tell(message);
            return Behaviors.same();
        }
        if (message instanceof MultiActor.Cancel) return Behaviors.same();   // its transfers ended with that MultiActor
        Pool next = pool.withRespawned(i);
        next.members()[i].tell(message);
        return running(next);
    }

    /** The member of {@code request}: by its origin, or by its identity when it names none. */
    static int memberFor(OriginRing ring, RequestProtocol<?, ?> request) {
        String origin = request.origin();
        return origin != null ? ring.memberOf(origin) : ring.memberOf(System.identityHashCode(request));
    }

    /**
     * A MultiActor stopped although the pool runs: it failed while starting again after a failure
     * (a supervisor does not restart what cannot start). Its pending Processes were answered as it
     * stopped; the next message for its origins spawns a new one.
     */
    private static Behavior<MultiActor.Command> memberStopped(Pool pool, ActorRef<Void> member) {
        int i = pool.indexOf(member);
        if (i < 0) return Behaviors.same();
        pool.ctx().getLog().error("MultiActorPool {}: MultiActor {} stopped; a new one takes its origins at their next message",
                pool.ctx().getSelf().path(), member.path());
        return running(pool.withStopped(i));
    }

    /** The MultiActors have stopped (children stop before their parent's PostStop): the share can close. */
    private static Behavior<MultiActor.Command> stopped(Pool pool) {
        if (pool.share() != null) {
            try {
                pool.share().close();
            } catch (RuntimeException e) {
                pool.ctx().getLog().error("MultiActorPool {}: could not close its share", pool.ctx().getSelf().path(), e);
            }
        }
        return Behaviors.same();
    }

    /** For tests and diagnostics: which of {@code members} MultiActors {@code request} goes to. */
    static int memberFor(MultiActorPoolSettings settings, RequestProtocol<?, ?> request) {
        return memberFor(new OriginRing(settings.size(), settings.virtualNodes()), request);
    }
}
