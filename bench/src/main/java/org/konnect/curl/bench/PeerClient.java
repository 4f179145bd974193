package org.konnect.curl.bench;

import java.util.function.Function;

/**
 * A peer's client, built on its first run for that run's connection options (https or not,
 * CA file, HTTP/2): those are fixed when such a client is built, while a {@link Contender} is
 * created before it sees a {@link Spec}. Later runs must ask for the same options (a Worker's
 * warm-up and measured runs do).
 */
final class PeerClient<C> {
    private final Function<Spec, C> build;
    private C client;
    private String options;

    PeerClient(Function<Spec, C> build) {
        this.build = build;
    }

    C get(Spec spec) {
        String wanted = spec.https() + " " + spec.cacert() + " " + spec.http2();
        if (client == null) {
            client = build.apply(spec);
            options = wanted;
        } else if (!wanted.equals(options)) {
            throw new IllegalArgumentException("this contender's client was built for (https, CA file, h2) = (" + options
                    + "), not (" + wanted + ")");
        }
        return client;
    }

    /** The client, or null before the first run. */
    C built() {
        return client;
    }
}
