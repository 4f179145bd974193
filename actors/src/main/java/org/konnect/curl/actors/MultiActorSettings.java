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
 */
public record MultiActorSettings(MultiOptions multiOptions, Duration maxBlock, String dispatcherPath, String mailboxPath) {
    /** The config section with the defaults. */
    public static final String CONFIG_PATH = "konnect.curl";

    public MultiActorSettings {
        Objects.requireNonNull(multiOptions, "multiOptions");
        Objects.requireNonNull(maxBlock, "maxBlock");
        Objects.requireNonNull(dispatcherPath, "dispatcherPath");
        Objects.requireNonNull(mailboxPath, "mailboxPath");
        if (maxBlock.isNegative() || maxBlock.isZero()) {
            throw new IllegalArgumentException("konnect.curl.max-block must be positive, was " + maxBlock);
        }
    }

    /** The settings under {@code konnect.curl} of the system's configuration. */
    public static MultiActorSettings create(ActorSystem<?> system) {
        return fromConfig(system.settings().config().getConfig(CONFIG_PATH));
    }

    /** Reads a section shaped like {@code konnect.curl} (missing keys: an exception naming them). */
    public static MultiActorSettings fromConfig(Config c) {
        Config m = c.getConfig("multi");
        MultiOptions options = new MultiOptions(m.getLong("max-total-connections"), m.getLong("max-host-connections"),
                m.getLong("max-connects"), m.getBoolean("multiplex"), m.getLong("max-concurrent-streams"),
                m.getInt("handle-pool-size")).withBufferSize(m.getLong("buffer-size"));
        return new MultiActorSettings(options, c.getDuration("max-block"), CONFIG_PATH + ".dispatcher", CONFIG_PATH + ".mailbox");
    }

    public MultiActorSettings withMultiOptions(MultiOptions options) {
        return new MultiActorSettings(options, maxBlock, dispatcherPath, mailboxPath);
    }

    public MultiActorSettings withMaxBlock(Duration maxBlock) {
        return new MultiActorSettings(multiOptions, maxBlock, dispatcherPath, mailboxPath);
    }

    /** Another dispatcher section; it must be a {@code PinnedDispatcher}. */
    public MultiActorSettings withDispatcherPath(String path) {
        return new MultiActorSettings(multiOptions, maxBlock, path, mailboxPath);
    }

    /** Another mailbox section; its {@code mailbox-type} must be {@link WakingMailbox}. */
    public MultiActorSettings withMailboxPath(String path) {
        return new MultiActorSettings(multiOptions, maxBlock, dispatcherPath, path);
    }
}
