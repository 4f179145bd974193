package org.konnect.curl.actors;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.dispatch.Envelope;
import org.apache.pekko.dispatch.MailboxType;
import org.apache.pekko.dispatch.MessageQueue;
import org.konnect.curl.Multi;
import scala.Option;

/**
 * The mailbox of a {@link MultiActor}: an unbounded queue that wakes the actor's {@link Multi}
 * when a message arrives while the actor is blocked in {@link Multi#perform}.
 *
 * <p>The handshake cannot lose a wake-up: the actor first publishes the multi it is about to
 * block in ({@link Queue#aboutToBlock}), then re-checks the queue; an enqueuer first adds the
 * message, then reads what was published. Both sides use volatile (sequentially consistent)
 * accesses, so at least one of them sees the other: either the actor finds the message and
 * does not block, or the enqueuer finds the multi and wakes it.
 */
public final class WakingMailbox implements MailboxType {
    private static final Map<ActorRef, Queue> QUEUES = new ConcurrentHashMap<>();

    /**
     * Instantiated by Pekko from {@code konnect.curl.mailbox}.
     *
     * @param settings the actor system's settings (unused)
     * @param config the mailbox's config section (unused)
     */
    public WakingMailbox(ActorSystem.Settings settings, Config config) {}

    /**
     * Creates the queue of one actor and registers it, so that a {@link MultiActor} can find its
     * own queue when it starts.
     *
     * @param owner the actor the queue belongs to, if any
     * @param system the actor system (unused)
     * @return a new, empty queue
     */
    @Override
    public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
        Queue queue = new Queue(owner.isDefined() ? owner.get() : null);
        if (queue.owner != null) QUEUES.put(queue.owner, queue);
        return queue;
    }

    /** Called by {@link WakingDispatcherConfigurator}'s dispatcher after a system message was queued for {@code actor}. */
    static void systemMessageArrived(ActorRef actor, org.apache.pekko.dispatch.Mailbox mailbox) {
        Queue queue = QUEUES.get(actor);
        if (queue != null) queue.systemMessageArrived(mailbox);
    }

    /** The queue Pekko created for {@code actor}, or null when it was spawned with another mailbox. */
    static Queue queueOf(ActorRef actor) {
        return QUEUES.get(actor);
    }

    /** The message queue; {@link #aboutToBlock}/{@link #unblocked} are called by its actor only. */
    static final class Queue extends ConcurrentLinkedQueue<Envelope> implements MessageQueue {
        private static final long serialVersionUID = 1L;
        private final transient ActorRef owner;
        private volatile Multi blockedIn;
        /** The actor's Pekko mailbox, whose system-message queue the wait also respects. */
        private volatile org.apache.pekko.dispatch.Mailbox cellMailbox;

        Queue(ActorRef owner) {
            this.owner = owner;
        }

        @Override
        public void enqueue(ActorRef receiver, Envelope handle) {
            add(handle);
            Multi multi = blockedIn;
            if (multi != null) multi.wakeup();
        }

        @Override
        public Envelope dequeue() {
            return poll();
        }

        @Override
        public int numberOfMessages() {
            return size();
        }

        @Override
        public boolean hasMessages() {
            return !isEmpty();
        }

        /**
         * The actor has stopped: a {@link MultiActor.Process} it never handled is answered with
         * a cancelled {@link MultiActor.Failed}, a {@code Send} or {@code Close} with a
         * {@code SendFailed} (every one gets its reply); the internal
         * loop message is dropped; anything else goes to dead letters.
         */
        @Override
        public void cleanUp(ActorRef owner, MessageQueue deadLetters) {
            if (this.owner != null) QUEUES.remove(this.owner, this);
            Envelope envelope;
            while ((envelope = poll()) != null) {
                if (MultiActor.answeredAtStop(envelope.message())) {
                    continue;
                } else if (envelope.message() != MultiActor.Perform.INSTANCE) {   // internal: nothing to tell
                    deadLetters.enqueue(owner, envelope);
                }
            }
        }

        /**
         * Announces that the actor will block in {@code multi}; returns whether it may, i.e.
         * no message is waiting. Call {@link #unblocked()} after the wait.
         */
        boolean aboutToBlock(Multi multi) {
            blockedIn = multi;
            org.apache.pekko.dispatch.Mailbox cell = cellMailbox;
            if (isEmpty() && (cell == null || cell.systemQueueGet() == null)) return true;
            blockedIn = null;
            return false;
        }

        /**
         * A system message was queued (after it was put in the system queue): wake a wait.
         * With {@link #aboutToBlock} reading that queue after publishing the wait, one of the
         * two always sees the other.
         */
        private void systemMessageArrived(org.apache.pekko.dispatch.Mailbox mailbox) {
            if (cellMailbox == null) cellMailbox = mailbox;
            Multi multi = blockedIn;
            if (multi != null) multi.wakeup();
        }

        void unblocked() {
            blockedIn = null;
        }
    }
}
