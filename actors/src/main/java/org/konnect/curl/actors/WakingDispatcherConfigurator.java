package org.konnect.curl.actors;

import com.typesafe.config.Config;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorCell;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.MessageDispatcher;
import org.apache.pekko.dispatch.MessageDispatcherConfigurator;
import org.apache.pekko.dispatch.PinnedDispatcher;
import org.apache.pekko.dispatch.ThreadPoolConfig;
import org.apache.pekko.dispatch.ThreadPoolExecutorConfigurator;
import org.apache.pekko.dispatch.sysmsg.SystemMessage;
import scala.concurrent.duration.FiniteDuration;

/**
 * The dispatcher of a {@link MultiActor}: Pekko's {@code PinnedDispatcher} (one thread per
 * actor), which also wakes the actor's blocked {@link org.konnect.curl.Multi} when a system
 * message arrives. System messages (stop, watched actors' termination) bypass the mailbox's
 * {@code enqueue}, so without this a blocked MultiActor would notice them only when its wait ends.
 * Named by {@code konnect.curl.dispatcher.type}; Pekko instantiates it.
 */
public final class WakingDispatcherConfigurator extends MessageDispatcherConfigurator {
    private final ThreadPoolConfig threadPoolConfig;

    /**
     * Called by Pekko with the dispatcher's configuration section.
     *
     * @param config the dispatcher section (its {@code executor} must be {@code thread-pool-executor})
     * @param prerequisites what Pekko provides to dispatchers
     */
    public WakingDispatcherConfigurator(Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
        ExecutorServiceConfigurator executor = configureExecutor();
        if (!(executor instanceof ThreadPoolExecutorConfigurator)) {
            throw new IllegalArgumentException("the MultiActor dispatcher " + config.getString("id")
                    + " needs executor = \"thread-pool-executor\" (one pinned thread per actor)");
        }
        threadPoolConfig = ((ThreadPoolExecutorConfigurator) executor).threadPoolConfig();
    }

    /** A new pinned dispatcher: one per actor, as Pekko's {@code PinnedDispatcherConfigurator} does. */
    @Override
    public MessageDispatcher dispatcher() {
        return new WakingPinnedDispatcher(this, config().getString("id"),
                FiniteDuration.create(config().getDuration("shutdown-timeout", TimeUnit.MILLISECONDS), TimeUnit.MILLISECONDS),
                threadPoolConfig);
    }

    private static final class WakingPinnedDispatcher extends PinnedDispatcher {
        WakingPinnedDispatcher(MessageDispatcherConfigurator configurator, String id, FiniteDuration shutdownTimeout,
                               ThreadPoolConfig threadPoolConfig) {
            super(configurator, null, id, shutdownTimeout, threadPoolConfig);
        }

        @Override
        public void systemDispatch(ActorCell receiver, SystemMessage invocation) {
            super.systemDispatch(receiver, invocation);
            WakingMailbox.systemMessageArrived(receiver.self(), receiver.mailbox());
        }
    }
}
