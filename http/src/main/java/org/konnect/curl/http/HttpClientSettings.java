package org.konnect.curl.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.streams.CurlSource;

/**
 * Everything a client does to each exchange. Every policy is a libcurl option where libcurl has
 * one (each type says which); the client adds what libcurl has not: the per-origin queue, retries,
 * credentials per origin, a cookie store shared by the exchanges. Immutable: the {@code with*}
 * methods return new settings.
 *
 * @param timeouts connect, total and low-speed limits
 * @param redirects how many redirects are followed
 * @param retries retries after connection-level failures
 * @param limits exchanges running and waiting per origin
 * @param maxBodyBytes the most (decoded) response body bytes an exchange takes: past it, it fails
 *        with {@link BodyTooLargeException} at once, so a decompression bomb stops there
 * @param decompression whether gzip and deflate are asked for and decoded ({@code CURLOPT_ACCEPT_ENCODING ""},
 *        decoded by the engine in budgeted pieces); the response keeps its {@code Content-Encoding} header
 * @param cookies the cookie store, or null for no cookies
 * @param credentials the credentials of each origin
 * @param clientCertificate a TLS client certificate for every origin that asks, or null
 * @param caCertificates a file of CA certificates to trust besides the system's, or null
 * @param proxy the proxy, or null
 * @param routing UNIX socket and re-routed hosts
 * @param httpVersion {@code CURLOPT_HTTP_VERSION}; HTTP/2 over TLS by default ({@code HTTP_2TLS}),
 *        with {@code CURLOPT_PIPEWAIT} so that exchanges to one origin multiplex on one connection
 * @param userAgent the {@code User-Agent} unless a request has its own
 * @param bodySubscriptionTimeout how long a streamed response body may wait to be run before the
 *        exchange is cancelled
 * @param windowBytes how many body bytes wait, per direction and exchange, before the transfer pauses
 */
public record HttpClientSettings(Timeouts timeouts, RedirectPolicy redirects, RetryPolicy retries, OriginLimits limits,
                                 long maxBodyBytes, boolean decompression, CookieStore cookies,
                                 Map<Origin, Credentials> credentials, ClientCertificate clientCertificate, Path caCertificates,
                                 ProxySettings proxy, Routing routing, HttpVersion httpVersion, String userAgent,
                                 Duration bodySubscriptionTimeout, int windowBytes) {
    /** The default {@link #maxBodyBytes}: 64 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 64L << 20;

    /**
     * Checks the values.
     *
     * @param timeouts the timeouts
     * @param redirects the redirect policy
     * @param retries the retry policy
     * @param limits the per-origin limits
     * @param maxBodyBytes 0 or more
     * @param decompression whether to decode
     * @param cookies the store, or null
     * @param credentials per origin
     * @param clientCertificate or null
     * @param caCertificates or null
     * @param proxy or null
     * @param routing the routing
     * @param httpVersion the HTTP version
     * @param userAgent the user agent
     * @param bodySubscriptionTimeout positive
     * @param windowBytes positive
     * @throws IllegalArgumentException for a value out of range
     */
    public HttpClientSettings {
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(redirects, "redirects");
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(httpVersion, "httpVersion");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(bodySubscriptionTimeout, "bodySubscriptionTimeout");
        credentials = Map.copyOf(credentials);
        if (maxBodyBytes < 0) throw new IllegalArgumentException("maxBodyBytes is negative");
        if (windowBytes <= 0) throw new IllegalArgumentException("windowBytes must be positive");
        if (bodySubscriptionTimeout.isNegative() || bodySubscriptionTimeout.isZero()) {
            throw new IllegalArgumentException("bodySubscriptionTimeout must be positive");
        }
    }

    /**
     * The defaults: {@link Timeouts#DEFAULT}, up to 10 redirects, 2 retries of idempotent requests
     * from 100 ms, {@link OriginLimits#DEFAULT}, 64 MiB bodies, gzip and deflate decoded, no cookies,
     * no credentials, HTTP/2 over TLS, 10 s for a streamed body to be run, windows of
     * {@link CurlSource#DEFAULT_WINDOW_BYTES}.
     *
     * @return the default settings
     */
    public static HttpClientSettings defaults() {
        return new HttpClientSettings(Timeouts.DEFAULT, RedirectPolicy.follow(10), RetryPolicy.idempotent(2, Duration.ofMillis(100)),
                OriginLimits.DEFAULT, DEFAULT_MAX_BODY_BYTES, true, null, Map.of(), null, null, null, Routing.DIRECT,
                HttpVersion.HTTP_2TLS, "konnect-curl/0.1", Duration.ofSeconds(10),
                CurlSource.DEFAULT_WINDOW_BYTES);
    }

    /** @param v the timeouts @return new settings */
    public HttpClientSettings withTimeouts(Timeouts v) {
        return new HttpClientSettings(v, redirects, retries, limits, maxBodyBytes, decompression, cookies, credentials,
                clientCertificate, caCertificates, proxy, routing, httpVersion, userAgent, bodySubscriptionTimeout, windowBytes);
    }

    /** @param v the redirect policy @return new settings */
    public HttpClientSettings withRedirects(RedirectPolicy v) {
        return new HttpClientSettings(timeouts, v, retries, limits, maxBodyBytes, decompression, cookies, credentials,
                clientCertificate, caCertificates, proxy, routing, httpVersion, userAgent, bodySubscriptionTimeout, windowBytes);
    }

    /** @param v the retry policy @return new settings */
    public HttpClientSettings withRetries(RetryPolicy v) {
        return new HttpClientSettings(timeouts, redirects, v, limits, maxBodyBytes, decompression, cookies, credentials,
                clientCertificate, caCertificates, proxy, routing, httpVersion, userAgent, bodySubscriptionTimeout, windowBytes);
    }

    /** @param v the per-origin limits @return new settings */
    public HttpClientSettings withLimits(OriginLimits v) {
        return new HttpClientSettings(timeouts, redirects, retries, v, maxBodyBytes, decompression, cookies, credentials,
                clientCertificate, caCertificates, proxy, routing, httpVersion, userAgent, bodySubscriptionTimeout, windowBytes);
    }

    /** @param v the most decoded body bytes @return new settings */
    public HttpClientSettings withMaxBodyBytes(long v) {
        return new HttpClientSettings(timeouts, redirects, retries, limits, v, decompression, cookies, credentials,
                clientCertificate, caCertificates, proxy, routing, httpVersion, userAgent, bodySubscriptionTimeout, windowBytes);
    }

    /** @param v whether to ask for and decode gzip and deflate @return new settings */
    public HttpClientSettings withDecompression(boolean v) {
        return new HttpClientSettings(timeouts, redirects, retries, limits, maxBodyBytes, v, cookies, credentials,
                clientCertificate, caCertificates, proxy, routing, httpVersion, userAgent, bodySubscriptionTimeout, windowBytes);
    }

    /** @param v the cookie store, or null for none @return new settings */
    public HttpClientSettings withCookies(CookieStore v) {
        return new HttpClientSettings(timeouts, redirects, retries, limits, maxBodyBytes, decompression, v, credentials,
                clientCertificate, caCertificates, proxy, routing, httpVersion, userAgent, bodySubscriptionTimeout, windowBytes);
    }

    /**
     * These settings with credentials for one more origin (replacing that origin's).
     *
     * @param origin e.g. {@code Origin.of("https://api.example.org")}
     * @param v its credentials
     * @return new settings
     */
    public HttpClientSettings withCredentials(Origin origin, Credentials v) {
        Map<Origin, Credentials> all = new HashMap<>(credentials);
        all.put(Objects.requireNonNull(origin, "origin"), Objects.requireNonNull(v, "credentials"));
        return new HttpClientSettings(timeouts, redirects, retries, limits, maxBodyBytes, decompression, cookies, all,
                clientCertificate, caCertificates, proxy, routing, httpVersion, userAgent, bodySubscriptionTimeout, windowBytes);
    }

    /** @param v the client certificate, or null @return new settings */
    public HttpClientSettings withClientCertificate(ClientCertificate v) {
        return new HttpClientSettings(timeouts, redirects, retries, limits, maxBodyBytes, decompression, cookies, credentials,
                v, caCertificates, proxy, routing, httpVersion, userAgent, bodySubscriptionTimeout, windowBytes);
    }

    /** @param v a file of CA certificates to trust too, or null @return new settings */
    public HttpClientSettings withCaCertificates(Path v) {
        return new HttpClientSettings(timeouts, redirects, retries, limits, maxBodyBytes, decompression, cookies, credentials,
                clientCertificate, v, proxy, routing, httpVersion, userAgent, bodySubscriptionTimeout, windowBytes);
    }

    /** @param v the proxy, or null @return new settings */
    public HttpClientSettings withProxy(ProxySettings v) {
        return new HttpClientSettings(timeouts, redirects, retries, limits, maxBodyBytes, decompression, cookies, credentials,
                clientCertificate, caCertificates, v, routing, httpVersion, userAgent, bodySubscriptionTimeout, windowBytes);
    }

    /** @param v the routing @return new settings */
    public HttpClientSettings withRouting(Routing v) {
        return new HttpClientSettings(timeouts, redirects, retries, limits, maxBodyBytes, decompression, cookies, credentials,
                clientCertificate, caCertificates, proxy, v, httpVersion, userAgent, bodySubscriptionTimeout, windowBytes);
    }

    /** @param v the HTTP version to ask for @return new settings */
    public HttpClientSettings withHttpVersion(HttpVersion v) {
        return new HttpClientSettings(timeouts, redirects, retries, limits, maxBodyBytes, decompression, cookies, credentials,
                clientCertificate, caCertificates, proxy, routing, v, userAgent, bodySubscriptionTimeout, windowBytes);
    }

    /** @param v the default User-Agent @return new settings */
    public HttpClientSettings withUserAgent(String v) {
        return new HttpClientSettings(timeouts, redirects, retries, limits, maxBodyBytes, decompression, cookies, credentials,
                clientCertificate, caCertificates, proxy, routing, httpVersion, v, bodySubscriptionTimeout, windowBytes);
    }

    /** @param v how long a streamed body may wait to be run @return new settings */
    public HttpClientSettings withBodySubscriptionTimeout(Duration v) {
        return new HttpClientSettings(timeouts, redirects, retries, limits, maxBodyBytes, decompression, cookies, credentials,
                clientCertificate, caCertificates, proxy, routing, httpVersion, userAgent, v, windowBytes);
    }

    /** @param v the window per direction and exchange @return new settings */
    public HttpClientSettings withWindowBytes(int v) {
        return new HttpClientSettings(timeouts, redirects, retries, limits, maxBodyBytes, decompression, cookies, credentials,
                clientCertificate, caCertificates, proxy, routing, httpVersion, userAgent, bodySubscriptionTimeout, v);
    }
}
