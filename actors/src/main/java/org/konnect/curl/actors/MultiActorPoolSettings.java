package org.konnect.curl.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.konnect.curl.Share;

/**
 * Settings of a {@link MultiActorPool}: how many MultiActors, what they share, how finely the
 * ring spreads origins, and the settings of each MultiActor. Read from {@code konnect.curl.pool}
 * (and {@code konnect.curl} for the MultiActors), or built with the {@code with*} methods.
 *
 * @param size the number of MultiActors, each on its own thread ({@code konnect.curl.pool.size};
 *        0 there means the available cores)
 * @param share what the MultiActors share through one {@link Share} ({@code konnect.curl.pool.share});
 *        empty for no share. Each kind must be one libcurl can share between threads
 *        ({@link Share.Data#acrossThreads()})
 * @param virtualNodes points per MultiActor on the {@link OriginRing} ({@code konnect.curl.pool.virtual-nodes})
 * @param multiActor the settings of each MultiActor; {@link org.konnect.curl.MultiOptions#share()} must be
 *        unset, the pool sets its own
 */
public record MultiActorPoolSettings(int size, Set<Share.Data> share, int virtualNodes, MultiActorSettings multiActor) {
    /** The config section with the pool's defaults. */
    public static final String CONFIG_PATH = MultiActorSettings.CONFIG_PATH + ".pool";

    /**
     * Checks the values.
     *
     * @param size the number of MultiActors, at least 1
     * @param share what they share; each kind shareable between threads by the loaded libcurl
     * @param virtualNodes points per MultiActor on the ring, at least 1
     * @param multiActor the settings of each MultiActor, without a share of their own
     * @throws IllegalArgumentException naming the value that is out of range, or a kind the
     *         loaded libcurl cannot share between threads
     */
    public MultiActorPoolSettings {
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(multiActor, "multiActor");
        if (size < 1) throw new IllegalArgumentException("konnect.curl.pool.size must be >= 1 (0 in the config: the cores), was " + size);
        if (virtualNodes < 1) throw new IllegalArgumentException("konnect.curl.pool.virtual-nodes must be >= 1, was " + virtualNodes);
        if (multiActor.multiOptions().share() != null) {
            throw new IllegalArgumentException("MultiActorPoolSettings: the MultiActors' options name a Share; the pool opens"
                    + " its own (set konnect.curl.pool.share instead)");
        }
        for (Share.Data d : share) {
            if (!d.acrossThreads()) {
                throw new IllegalArgumentException("konnect.curl.pool.share: libcurl cannot share " + d.libcurlName()
                        + " between threads, and each MultiActor has its own; shareable here: " + Share.acrossThreads());
            }
        }
        share = Collections.unmodifiableSet(share.isEmpty() ? EnumSet.noneOf(Share.Data.class) : EnumSet.copyOf(share));
    }

    /**
     * The settings under {@code konnect.curl.pool} and {@code konnect.curl} of the system's configuration.
     *
     * @param system the actor system whose configuration to read
     * @return the settings, as {@link #fromConfig} reads them
     * @throws com.typesafe.config.ConfigException if a key is missing or has the wrong type
     * @throws IllegalArgumentException if a value is out of range
     */
    public static MultiActorPoolSettings create(ActorSystem<?> system) {
        return fromConfig(system.settings().config().getConfig(MultiActorSettings.CONFIG_PATH));
    }

    /**
     * Reads a section shaped like {@code konnect.curl}: {@code pool.size} (0: the available cores),
     * {@code pool.share} ({@code auto}: every kind the loaded libcurl can share between threads,
     * see {@link Share#acrossThreads()}; or a list of {@code dns}, {@code ssl-session}, {@code psl}),
     * {@code pool.virtual-nodes}, and the MultiActors' settings as {@link MultiActorSettings#fromConfig}.
     *
     * @param c the section to read
     * @return the settings
     * @throws com.typesafe.config.ConfigException if a key is missing or has the wrong type
     * @throws IllegalArgumentException if a value is out of range or names no kind of data
     */
    public static MultiActorPoolSettings fromConfig(Config c) {
        Config p = c.getConfig("pool");
        int size = p.getInt("size");
        Set<Share.Data> share;
        if (p.getValue("share").valueType() == ConfigValueType.STRING) {
            String word = p.getString("share");
            if (!word.equals("auto")) {
                throw new IllegalArgumentException("konnect.curl.pool.share must be auto or a list, was \"" + word + "\"");
            }
            share = Share.acrossThreads();
        } else {
            share = EnumSet.noneOf(Share.Data.class);
            for (String name : p.getStringList("share")) share.add(kind(name));
        }
        return new MultiActorPoolSettings(size == 0 ? Runtime.getRuntime().availableProcessors() : size, share,
                p.getInt("virtual-nodes"), MultiActorSettings.fromConfig(c));
    }

    private static Share.Data kind(String name) {
        try {
            return Share.Data.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("konnect.curl.pool.share: no kind of data named \"" + name + "\" (dns, ssl-session,"
                    + " psl; cookie and hsts cannot be shared between threads)", e);
        }
    }

    /**
     * These settings with another number of MultiActors.
     *
     * @param n the number of MultiActors, at least 1
     * @return new settings
     */
    public MultiActorPoolSettings withSize(int n) {
        return new MultiActorPoolSettings(n, share, virtualNodes, multiActor);
    }

    /**
     * These settings with other shared data.
     *
     * @param kinds what the MultiActors share; empty for no share
     * @return new settings
     */
    public MultiActorPoolSettings withShare(Set<Share.Data> kinds) {
        return new MultiActorPoolSettings(size, kinds, virtualNodes, multiActor);
    }

    /**
     * These settings with other MultiActor settings.
     *
     * @param settings the settings of each MultiActor
     * @return new settings
     */
    public MultiActorPoolSettings withMultiActor(MultiActorSettings settings) {
        return new MultiActorPoolSettings(size, share, virtualNodes, settings);
    }
}
