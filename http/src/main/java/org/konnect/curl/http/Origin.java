package org.konnect.curl.http;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Scheme, host and port: what credentials, connection limits and the redirect rule are kept per.
 * Host names are compared in lower case; a URI without a port has its scheme's default. The typed
 * form of the engine's {@link org.konnect.curl.Origin#of(String)}: {@link #toString()} is the
 * string that function gives for the same URI, which a {@code MultiActorPool} routes by.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host name or address, lower case
 * @param port the port
 */
public record Origin(String scheme, String host, int port) {
    /**
     * Normalizes the fields.
     *
     * @param scheme {@code http} or {@code https}, any case
     * @param host the host, any case
     * @param port 1 to 65535
     * @throws IllegalArgumentException for another scheme or a bad port
     */
    public Origin {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = host.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("an HTTP origin is http or https, not " + scheme);
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    /**
     * The origin of an absolute http or https URI.
     *
     * @param uri the URI
     * @return its origin
     * @throws IllegalArgumentException if it is not an absolute http(s) URI with a host
     */
    public static Origin of(URI uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute URI with a host: " + uri);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return new Origin(scheme, host, port);
    }

    /**
     * The origin of a URI string.
     *
     * @param uri e.g. {@code https://example.org:8443}
     * @return its origin
     * @throws IllegalArgumentException as {@link #of(URI)} does, or for a malformed URI
     */
    public static Origin of(String uri) {
        return of(URI.create(uri));
    }

    @Override
    public String toString() {
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
