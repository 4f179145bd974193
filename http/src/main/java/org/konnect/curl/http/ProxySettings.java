package org.konnect.curl.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A proxy for every request ({@code CURLOPT_PROXY}, libcurl's type from the URI's scheme) except
 * those to hosts in {@code noProxy} ({@code CURLOPT_NOPROXY}: host names, domains (a suffix),
 * addresses, or {@code *}). An HTTP proxy is asked to open a tunnel with {@code CONNECT} for every
 * request ({@code CURLOPT_HTTPPROXYTUNNEL}), http ones too, so that it only relays bytes; its
 * {@code CONNECT} response is not among the response's headers ({@code CURLOPT_SUPPRESS_CONNECT_HEADERS}).
 * A SOCKS5 proxy resolves host names itself ({@code socks5h}). Proxy credentials are Basic
 * ({@code CURLOPT_PROXYUSERNAME}/{@code CURLOPT_PROXYPASSWORD}).
 *
 * @param proxy {@code http://host:port} or {@code socks5h://host:port} ({@code socks5://}: names resolved here)
 * @param noProxy the hosts reached directly
 * @param user the proxy's user name, or null
 * @param password the proxy's password, or null
 */
public record ProxySettings(URI proxy, List<String> noProxy, String user, String password) {
    /**
     * Checks the fields.
     *
     * @param proxy the proxy's URI
     * @param noProxy the hosts reached directly
     * @param user the user name, or null
     * @param password the password, or null
     * @throws IllegalArgumentException for another scheme, or a URI without host and port
     */
    public ProxySettings {
        Objects.requireNonNull(proxy, "proxy");
        noProxy = List.copyOf(noProxy);
        String scheme = proxy.getScheme() == null ? "" : proxy.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "socks5", "socks5h").contains(scheme) || proxy.getHost() == null || proxy.getPort() < 0) {
            throw new IllegalArgumentException("a proxy is http://host:port, socks5://host:port or socks5h://host:port, not " + proxy);
        }
        for (String host : noProxy) {
            if (host.isEmpty() || host.indexOf(',') >= 0 || host.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("not a no-proxy host: \"" + host + "\"");
            }
        }
    }

    /**
     * An HTTP proxy, tunnelling with {@code CONNECT}.
     *
     * @param host its host
     * @param port its port
     * @return the settings, with no exceptions and no credentials
     */
    public static ProxySettings httpConnect(String host, int port) {
        return new ProxySettings(URI.create("http://" + host + ":" + port), List.of(), null, null);
    }

    /**
     * A SOCKS5 proxy that resolves host names itself.
     *
     * @param host its host
     * @param port its port
     * @return the settings, with no exceptions and no credentials
     */
    public static ProxySettings socks5(String host, int port) {
        return new ProxySettings(URI.create("socks5h://" + host + ":" + port), List.of(), null, null);
    }

    /**
     * These settings with hosts reached directly.
     *
     * @param hosts host names, domains, addresses, or {@code *}
     * @return new settings
     */
    public ProxySettings withNoProxy(String... hosts) {
        return new ProxySettings(proxy, List.of(hosts), user, password);
    }

    /**
     * These settings with the proxy's credentials.
     *
     * @param user the user name
     * @param password the password
     * @return new settings
     */
    public ProxySettings withCredentials(String user, String password) {
        return new ProxySettings(proxy, noProxy, Objects.requireNonNull(user), Objects.requireNonNull(password));
    }

    boolean isHttp() {
        return proxy.getScheme().equalsIgnoreCase("http");
    }
}
