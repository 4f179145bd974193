package org.konnect.curl.http;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where connections go, whatever the URI says: every request over one UNIX domain socket
 * ({@code CURLOPT_UNIX_SOCKET_PATH}; the URI still names the host and the scheme, e.g.
 * {@code http://localhost/containers/json} for a Docker daemon), or some origins to another host
 * and port ({@code CURLOPT_CONNECT_TO}: the request, its {@code Host} header and TLS's name check
 * keep the URI's host). Connections are kept per route, so a re-routed origin shares nothing with
 * the same origin reached directly.
 *
 * @param unixSocket the socket every request goes over, or null
 * @param connectTo libcurl's {@code HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT} entries
 */
public record Routing(Path unixSocket, List<String> connectTo) {
    /** Every connection where its URI says. */
    public static final Routing DIRECT = new Routing(null, List.of());

    /**
     * Copies the list.
     *
     * @param unixSocket the socket, or null
     * @param connectTo the entries
     */
    public Routing {
        connectTo = List.copyOf(connectTo);
    }

    /**
     * Every request over a UNIX domain socket.
     *
     * @param socket the socket's path
     * @return the routing
     */
    public static Routing unixSocket(Path socket) {
        return new Routing(Objects.requireNonNull(socket, "socket"), List.of());
    }

    /**
     * This routing with one origin's connections going to another host and port.
     *
     * @param host the URI's host
     * @param port the URI's port
     * @param toHost where to connect instead (an address or a name)
     * @param toPort the port to connect to
     * @return new routing
     * @throws IllegalArgumentException for a host with a colon that is not a bracketed IPv6 address
     */
    public Routing withConnectTo(String host, int port, String toHost, int toPort) {
        for (String h : new String[] {host, toHost}) {
            if (h.isEmpty() || h.indexOf(':') >= 0 && !(h.startsWith("[") && h.endsWith("]"))) {
                throw new IllegalArgumentException("a CONNECT_TO host is a name, an IPv4 address or a bracketed IPv6 address: " + h);
            }
        }
        List<String> out = new ArrayList<>(connectTo);
        out.add(host + ":" + port + ":" + toHost + ":" + toPort);
        return new Routing(unixSocket, out);
    }
}
