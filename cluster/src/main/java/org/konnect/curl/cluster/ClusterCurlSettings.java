package org.konnect.curl.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The cluster module's settings, {@code konnect.curl.cluster} in the configuration.
 *
 * @param acceptanceTimeout how long a requester waits for an owner to accept a request before it
 *        fails it with {@link TransferReply.Cause#NOT_ACCEPTED}
 * @param maxBodyBytes the largest request or response body carried in a message; a larger response
 *        fails with {@code CURLE_FILESIZE_EXCEEDED}, a larger request body is refused before it is
 *        sent. Keep it below Artery's {@code maximum-frame-size} (256 KiB by default): a larger
 *        message would be dropped by remoting and its requester would learn nothing until its owner stopped.
 * @param retryDelay how long after losing an owner an idempotent request that asked for it is sent
 *        again: the requesting node's sharding region must first forget the lost node
 */
public record ClusterCurlSettings(Duration acceptanceTimeout, long maxBodyBytes, Duration retryDelay) {
    /** Where the settings are: {@code konnect.curl.cluster}. */
    public static final String CONFIG_PATH = "konnect.curl.cluster";

    /** Checks the values. */
    public ClusterCurlSettings {
        Objects.requireNonNull(acceptanceTimeout, "acceptanceTimeout");
        if (acceptanceTimeout.isNegative() || acceptanceTimeout.isZero()) {
            throw new IllegalArgumentException("acceptance-timeout must be positive, not " + acceptanceTimeout);
        }
        if (maxBodyBytes < 0) throw new IllegalArgumentException("max-body-bytes must not be negative, not " + maxBodyBytes);
        Objects.requireNonNull(retryDelay, "retryDelay");
        if (retryDelay.isNegative()) throw new IllegalArgumentException("retry-delay must not be negative, not " + retryDelay);
    }

    /**
     * The settings in {@code system}'s configuration.
     *
     * @param system the actor system
     * @return its {@code konnect.curl.cluster} settings
     */
    public static ClusterCurlSettings create(ActorSystem<?> system) {
        return fromConfig(system.settings().config().getConfig(CONFIG_PATH));
    }

    /**
     * The settings in {@code c}, a {@code konnect.curl.cluster} section.
     *
     * @param c the section
     * @return the settings
     */
    public static ClusterCurlSettings fromConfig(Config c) {
        return new ClusterCurlSettings(c.getDuration("acceptance-timeout"), c.getBytes("max-body-bytes"), c.getDuration("retry-delay"));
    }
}
