package org.konnect.curl.http;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request as a value: method, URI, headers, body, and optionally a timeout of its own.
 * Immutable; the {@code with*} methods return a new request. The URI is absolute, http or https.
 * GET and HEAD carry no body. A {@code Content-Type} is a header like any other; libcurl adds
 * {@code Host}, {@code Content-Length} or {@code Transfer-Encoding}, and the client its
 * {@code User-Agent} and {@code Accept-Encoding} unless given here.
 */
public final class HttpRequest {
    private final HttpMethod method;
    private final URI uri;
    private final HttpHeaders headers;
    private final RequestBody body;
    private final Duration timeout;

    private HttpRequest(HttpMethod method, URI uri, HttpHeaders headers, RequestBody body, Duration timeout) {
        this.method = Objects.requireNonNull(method, "method");
        this.uri = checkUri(Objects.requireNonNull(uri, "uri"));
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
        this.timeout = timeout;
        if ((method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) && body != RequestBody.empty()) {
            throw new IllegalArgumentException(method + " requests carry no body");
        }
    }

    private static URI checkUri(URI uri) {
        Origin.of(uri);   // absolute, http(s), with a host
        if (uri.getRawFragment() != null) throw new IllegalArgumentException("a request URI has no fragment: " + uri);
        return uri;
    }

    /**
     * A request with any method.
     *
     * @param method the method
     * @param uri an absolute http(s) URI
     * @param body the body ({@link RequestBody#empty()} for none)
     * @return the request, without headers
     * @throws IllegalArgumentException for a bad URI, or a body on GET or HEAD
     */
    public static HttpRequest create(HttpMethod method, String uri, RequestBody body) {
        return new HttpRequest(method, URI.create(uri), HttpHeaders.empty(), body, null);
    }

    /**
     * {@code GET uri}.
     *
     * @param uri an absolute http(s) URI
     * @return the request
     */
    public static HttpRequest get(String uri) {
        return create(HttpMethod.GET, uri, RequestBody.empty());
    }

    /**
     * {@code HEAD uri}.
     *
     * @param uri an absolute http(s) URI
     * @return the request
     */
    public static HttpRequest head(String uri) {
        return create(HttpMethod.HEAD, uri, RequestBody.empty());
    }

    /**
     * {@code POST uri} with a body.
     *
     * @param uri an absolute http(s) URI
     * @param body the body
     * @return the request
     */
    public static HttpRequest post(String uri, RequestBody body) {
        return create(HttpMethod.POST, uri, body);
    }

    /**
     * {@code PUT uri} with a body.
     *
     * @param uri an absolute http(s) URI
     * @param body the body
     * @return the request
     */
    public static HttpRequest put(String uri, RequestBody body) {
        return create(HttpMethod.PUT, uri, body);
    }

    /**
     * {@code PATCH uri} with a body.
     *
     * @param uri an absolute http(s) URI
     * @param body the body
     * @return the request
     */
    public static HttpRequest patch(String uri, RequestBody body) {
        return create(HttpMethod.PATCH, uri, body);
    }

    /**
     * {@code DELETE uri}.
     *
     * @param uri an absolute http(s) URI
     * @return the request
     */
    public static HttpRequest delete(String uri) {
        return create(HttpMethod.DELETE, uri, RequestBody.empty());
    }

    /**
     * This request with one more header.
     *
     * @param name its name
     * @param value its value
     * @return a new request
     */
    public HttpRequest withHeader(String name, String value) {
        return new HttpRequest(method, uri, headers.with(name, value), body, timeout);
    }

    /**
     * This request with these headers instead of its own.
     *
     * @param headers the headers
     * @return a new request
     */
    public HttpRequest withHeaders(HttpHeaders headers) {
        return new HttpRequest(method, uri, headers, body, timeout);
    }

    /**
     * This request with another body.
     *
     * @param body the body
     * @return a new request
     */
    public HttpRequest withBody(RequestBody body) {
        return new HttpRequest(method, uri, headers, body, timeout);
    }

    /**
     * This request with another method and body (what a redirect makes of it).
     *
     * @param method the method
     * @param body the body
     * @return a new request
     */
    HttpRequest withMethod(HttpMethod method, RequestBody body) {
        return new HttpRequest(method, uri, headers, body, timeout);
    }

    /**
     * This request to another URI.
     *
     * @param uri an absolute http(s) URI
     * @return a new request
     */
    HttpRequest withUri(URI uri) {
        return new HttpRequest(method, uri, headers, body, timeout);
    }

    /**
     * This request with a total timeout of its own ({@code CURLOPT_TIMEOUT_MS}), instead of the client's.
     *
     * @param timeout positive
     * @return a new request
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public HttpRequest withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
        return new HttpRequest(method, uri, headers, body, timeout);
    }

    /** @return the method */
    public HttpMethod method() {
        return method;
    }

    /** @return the URI */
    public URI uri() {
        return uri;
    }

    /** @return the URI's origin */
    public Origin origin() {
        return Origin.of(uri);
    }

    /** @return the headers */
    public HttpHeaders headers() {
        return headers;
    }

    /** @return the body */
    public RequestBody body() {
        return body;
    }

    /** @return the request's own total timeout, if any */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }
}
