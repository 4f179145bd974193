package org.konnect.curl;

import java.util.Locale;

/**
 * A URL's origin, {@code scheme://host:port}, for code that places transfers by where they go
 * (a {@link RequestProtocol#origin()}, the actors module's {@code MultiActorPool}): the scheme and
 * host in lower case and the port always written out, the scheme's default port when the URL has
 * none, so that {@code HTTP://Example.com/} and {@code http://example.com:80/x} are one origin.
 */
public final class Origin {
    private Origin() {}

    /**
     * The origin of {@code url}.
     *
     * @param url an absolute URL, as given to {@code CURLOPT_URL}
     * @return {@code scheme://host:port}, or {@code null} for a string with no {@code scheme://}
     *         (libcurl would guess a scheme: no origin is assumed); {@code file:} URLs give {@code file://}
     */
    public static String of(String url) {
        if (url == null) return null;
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) return null;
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        int start = schemeEnd + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        String authority = url.substring(start, end);
        int at = authority.lastIndexOf('@');   // credentials belong to the request, not the origin
        if (at >= 0) authority = authority.substring(at + 1);
        String host = authority;
        String port = null;
        int colon = authority.lastIndexOf(':');
        int bracket = authority.lastIndexOf(']');   // an IPv6 literal: [::1]:8080
        if (colon > bracket) {
            host = authority.substring(0, colon);
            port = authority.substring(colon + 1);
        }
        if (port == null || port.isEmpty()) port = defaultPort(scheme);
        host = host.toLowerCase(Locale.ROOT);
        if (host.isEmpty()) return scheme + "://";
        return port == null ? scheme + "://" + host : scheme + "://" + host + ":" + port;
    }

    private static String defaultPort(String scheme) {
        switch (scheme) {
            case "http": case "ws": return "80";
            case "https": case "wss": return "443";
            case "ftp": return "21";
            case "ftps": return "990";
            case "sftp": case "scp": return "22";
            case "smtp": return "25";
            case "smtps": return "465";
            case "imap": return "143";
            case "imaps": return "993";
            case "pop3": return "110";
            case "pop3s": return "995";
            case "ldap": return "389";
            case "ldaps": return "636";
            case "mqtt": return "1883";
            default: return null;
        }
    }
}
