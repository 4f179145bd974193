package org.konnect.curl.bench;

/**
 * The HTTP version of a response a peer has seen (any one will do: a run asks for one version),
 * in the client's own words, for {@link Contender#protocol()}. Completions write it from the
 * client's threads, the Worker reads it after the run.
 */
final class SeenProtocol {
    private volatile Object version;

    void saw(Object responseVersion) {
        version = responseVersion;
    }

    String text() {
        Object v = version;
        return v == null ? null : v.toString();
    }
}
