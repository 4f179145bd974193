package org.konnect.curl.http;

import java.util.ArrayList;
import java.util.List;
import org.konnect.curl.Certificates;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * The client's policies as libcurl options on one exchange's handle: timeouts, redirects,
 * the HTTP version, content decoding and its cap, headers, credentials, TLS, proxy and routing.
 * The method and body are {@link RequestSending}'s; cookies the exchange's.
 */
final class ExchangeOptions {
    private ExchangeOptions() {}

    /**
     * @param credentialsAllowed false for a request the client itself redirected to another origin
     * @param redirectsLeft the redirects this exchange may still follow
     */
    static void apply(ConfigHandle h, HttpRequest r, HttpClientSettings s, boolean credentialsAllowed, int redirectsLeft) {
        h.setopt(CurlOpt.URL, r.uri().toASCIIString());
        h.setopt(CurlOpt.PROTOCOLS_STR, "http,https");
        timeouts(h, r, s.timeouts());
        redirects(h, r, s.redirects(), redirectsLeft);
        h.setopt(CurlOpt.HTTP_VERSION, s.httpVersion());
        // Wait for a connection to multiplex on rather than open another, where HTTP/2 is possible:
        // libcurl also makes a transfer wait behind an HTTP/1.1 one that has no response yet.
        if (mayMultiplex(r, s.httpVersion())) h.setopt(CurlOpt.PIPEWAIT, true);
        h.maxBodyBytes(s.maxBodyBytes());
        HttpHeaders headers = r.headers();
        if (s.decompression() && !headers.contains("Accept-Encoding")) h.setopt(CurlOpt.ACCEPT_ENCODING, "");
        if (!headers.contains("User-Agent")) h.setopt(CurlOpt.USERAGENT, s.userAgent());
        if (headers.size() > 0) h.setopt(CurlOpt.HTTPHEADER, headerLines(headers));
        Credentials credentials = credentialsAllowed ? s.credentials().get(r.origin()) : null;
        if (credentials != null) credentials(h, credentials);
        if (s.clientCertificate() != null) {
            ClientCertificate c = s.clientCertificate();
            Certificates.setClientCertificate(h, c.certificate(), c.key(), c.password());
        }
        if (s.caCertificates() != null) Certificates.addCaCertificates(h, s.caCertificates());
        proxy(h, s.proxy());
        if (s.routing().unixSocket() != null) h.setopt(Options.UNIX_SOCKET_PATH, s.routing().unixSocket().toString());
        if (!s.routing().connectTo().isEmpty()) h.setopt(CurlOpt.CONNECT_TO, s.routing().connectTo());
    }

    private static boolean mayMultiplex(HttpRequest r, HttpVersion v) {
        boolean tls = r.uri().getScheme().equalsIgnoreCase("https");
        return v == HttpVersion.HTTP_2_PRIOR_KNOWLEDGE || v == HttpVersion.HTTP_2
                || tls && (v == HttpVersion.HTTP_2TLS || v == HttpVersion.HTTP_3 || v == HttpVersion.HTTP_3ONLY);
    }

    private static void timeouts(ConfigHandle h, HttpRequest r, Timeouts t) {
        h.setopt(CurlOpt.CONNECTTIMEOUT_MS, t.connect().toMillis());
        h.setopt(CurlOpt.TIMEOUT_MS, r.timeout().orElse(t.total()).toMillis());
        if (t.lowSpeedBytesPerSecond() > 0) {
            h.setopt(CurlOpt.LOW_SPEED_LIMIT, t.lowSpeedBytesPerSecond());
            h.setopt(CurlOpt.LOW_SPEED_TIME, t.lowSpeedTime().getSeconds());
        }
    }

    private static void redirects(ConfigHandle h, HttpRequest r, RedirectPolicy policy, int left) {
        h.setopt(CurlOpt.UNRESTRICTED_AUTH, false);   // credentials to the original origin only
        if (!policy.follows()) {
            h.setopt(CurlOpt.FOLLOWLOCATION, false);
            return;
        }
        h.setopt(CurlOpt.FOLLOWLOCATION, true);
        h.setopt(CurlOpt.MAXREDIRS, left);
        h.setopt(CurlOpt.REDIR_PROTOCOLS_STR, "http,https");
        // 301 and 302 turn a POST into a GET (libcurl's default); other methods keep their body.
        boolean post = r.method().equals(HttpMethod.POST);
        h.setopt(Options.POSTREDIR, post ? 0 : LibcurlConstants.CURL_REDIR_POST_301 | LibcurlConstants.CURL_REDIR_POST_302);
    }

    /**
     * libcurl's {@code HTTPHEADER} lines; an empty value is written {@code Name;}, since
     * {@code Name:} would remove the header.
     */
    private static List<String> headerLines(HttpHeaders headers) {
        List<String> lines = new ArrayList<>(headers.size());
        for (HttpHeaders.Header f : headers.list()) {
            lines.add(f.value().isEmpty() ? f.name() + ";" : f.name() + ": " + f.value());
        }
        return lines;
    }

    private static void credentials(ConfigHandle h, Credentials c) {
        if (c instanceof Credentials.Basic b) {
            h.setopt(Options.HTTPAUTH, (long) LibcurlConstants.CURLAUTH_BASIC);
            h.setopt(CurlOpt.USERNAME, b.user());
            h.setopt(CurlOpt.PASSWORD, b.password());
        } else if (c instanceof Credentials.Digest d) {
            h.setopt(Options.HTTPAUTH, (long) LibcurlConstants.CURLAUTH_DIGEST);
            h.setopt(CurlOpt.USERNAME, d.user());
            h.setopt(CurlOpt.PASSWORD, d.password());
        } else {
            h.setopt(Options.HTTPAUTH, (long) LibcurlConstants.CURLAUTH_BEARER);
            h.setopt(Options.XOAUTH2_BEARER, ((Credentials.Bearer) c).token());
        }
    }

    private static void proxy(ConfigHandle h, ProxySettings p) {
        if (p == null) {
            h.setopt(CurlOpt.PROXY, "");   // no proxy: not the environment's http_proxy either
            return;
        }
        h.setopt(CurlOpt.PROXY, p.proxy().toString());
        if (!p.noProxy().isEmpty()) h.setopt(Options.NOPROXY, String.join(",", p.noProxy()));
        if (p.isHttp()) {
            h.setopt(Options.HTTPPROXYTUNNEL, true);
            h.setopt(Options.SUPPRESS_CONNECT_HEADERS, true);
        }
        if (p.user() != null) {
            h.setopt(Options.PROXYUSERNAME, p.user());
            h.setopt(Options.PROXYPASSWORD, p.password());
        }
    }
}
