package org.konnect.curl.actors;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;
import org.konnect.curl.MultiOptions;

/**
 * Settings of one {@link MultiActor}: its multi handle's options, the longest single blocking
 * wait, and the dispatcher and mailbox it is spawned with. Read from {@code konnect.curl}
 * ({@code reference.conf}); every value can be overridden per actor with the {@code with*}
 * methods or by reading another config section with {@link #fromConfig}.
 *
 * @param multiOptions the options of the actor's {@link org.konnect.curl.Multi} ({@code konnect.curl.multi})
 * @param maxBlock the longest single blocking wait in {@code Multi.perform} ({@code konnect.curl.max-block});
 *        messages and libcurl's timers end a wait earlier
 * @param dispatcherPath the config path of the dispatcher to spawn with; it must be a {@code PinnedDispatcher}
 * @param mailboxPath the config path of the mailbox to spawn with; its {@code mailbox-type} must be
 *        {@link WakingMailbox}
 */
public record MultiActorSettings(MultiOptions multiOptions, Duration maxBlock, String dispatcherPath, String mailboxPath) {
    /** The config section with the defaults. */
    public static final String CONFIG_PATH = "konnect.curl";

    /**
     * Checks the values.
     *
     * @param multiOptions the options of the actor's multi
     * @param maxBlock the longest single blocking wait, positive
     * @param dispatcherPath the config path of the dispatcher
     * @param mailboxPath the config path of the mailbox
     * @throws NullPointerException if any value is {@code null}
     * @throws IllegalArgumentException if {@code maxBlock} is zero or negative
     */
    public MultiActorSettings {
        Objects.requireNonNull(multiOptions, "multiOptions");
        Objects.requireNonNull(maxBlock, "maxBlock");
        Objects.requireNonNull(dispatcherPath, "dispatcherPath");
        Objects.requireNonNull(mailboxPath, "mailboxPath");
        if (maxBlock.isNegative() || maxBlock.isZero()) {
            throw new IllegalArgumentException("konnect.curl.max-block must be positive, was " + maxBlock);
        }
    }

    /**
     * The settings under {@code konnect.curl} of the system's configuration.
     *
     * @param system the actor system whose configuration to read
     * @return the settings, as {@link #fromConfig} reads them
     * @throws com.typesafe.config.ConfigException if a key is missing or has the wrong type
     * @throws IllegalArgumentException if a value is out of range
     */
    public static MultiActorSettings create(ActorSystem<?> system) {
        return fromConfig(system.settings().config().getConfig(CONFIG_PATH));
    }

    /**
     * Reads a section shaped like {@code konnect.curl} (missing keys: an exception naming them):
     * {@code multi.*} and {@code max-block}. The dispatcher and mailbox paths are always those
     * under {@code konnect.curl}; change them with {@link #withDispatcherPath} and
     * {@link #withMailboxPath}.
     *
     * @param c the section to read
     * @return the settings
     * @throws com.typesafe.config.ConfigException if a key is missing or has the wrong type
     * @throws IllegalArgumentException if a value is out of range
     */
    public static MultiActorSettings fromConfig(Config c) {
        Config m = c.getConfig("multi");
        MultiOptions options = new MultiOptions(m.getLong("max-total-connections"), m.getLong("max-host-connections"),
                m.getLong("max-connects"), m.getBoolean("multiplex"), m.getLong("max-concurrent-streams"),
                m.getInt("handle-pool-size")).withBufferSize(m.getLong("buffer-size"))
                .withIterationBudget(m.getDuration("iteration-budget"))
                .withMaxRunningTransfers(m.getInt("max-running-transfers"));
        return new MultiActorSettings(options, c.getDuration("max-block"), CONFIG_PATH + ".dispatcher", CONFIG_PATH + ".mailbox");
    }

    /**
     * These settings with other multi options.
     *
     * @param options the options of the actor's multi
     * @return new settings
     */
    public MultiActorSettings withMultiOptions(MultiOptions options) {
        return new MultiActorSettings(options, maxBlock, dispatcherPath, mailboxPath);
    }

    /**
     * These settings with another longest blocking wait.
     *
     * @param maxBlock the longest single blocking wait, positive
     * @return new settings
     * @throws IllegalArgumentException if {@code maxBlock} is zero or negative
     */
    public MultiActorSettings withMaxBlock(Duration maxBlock) {
        return new MultiActorSettings(multiOptions, maxBlock, dispatcherPath, mailboxPath);
    }

    /**
     * Another dispatcher section; it must be a {@code PinnedDispatcher}.
     *
     * @param path the config path of the dispatcher
     * @return new settings
     */
    public MultiActorSettings withDispatcherPath(String path) {
        return new MultiActorSettings(multiOptions, maxBlock, path, mailboxPath);
    }

    /**
     * Another mailbox section; its {@code mailbox-type} must be {@link WakingMailbox}.
     *
     * @param path the config path of the mailbox
     * @return new settings
     */
    public MultiActorSettings withMailboxPath(String path) {
        return new MultiActorSettings(multiOptions, maxBlock, dispatcherPath, path);
    }
}
