package org.konnect.curl.http;

import java.util.Locale;
import java.util.Objects;

/**
 * An HTTP request method. The common ones are constants; {@link #of} takes any other token
 * (case-sensitive, as HTTP's methods are). Idempotent methods (RFC 9110 section 9.2.2) may be
 * retried after a connection-level failure ({@link RetryPolicy}).
 *
 * @param name the method's token, e.g. {@code GET}
 * @param idempotent whether sending it twice has the effect of sending it once
 */
public record HttpMethod(String name, boolean idempotent) {
    /** {@code GET}. */
    public static final HttpMethod GET = new HttpMethod("GET", true);
    /** {@code HEAD}: the head of a GET's response, without its body. */
    public static final HttpMethod HEAD = new HttpMethod("HEAD", true);
    /** {@code POST}. */
    public static final HttpMethod POST = new HttpMethod("POST", false);
    /** {@code PUT}. */
    public static final HttpMethod PUT = new HttpMethod("PUT", true);
    /** {@code PATCH}. */
    public static final HttpMethod PATCH = new HttpMethod("PATCH", false);
    /** {@code DELETE}. */
    public static final HttpMethod DELETE = new HttpMethod("DELETE", true);
    /** {@code OPTIONS}. */
    public static final HttpMethod OPTIONS = new HttpMethod("OPTIONS", true);

    /**
     * Checks the token.
     *
     * @param name the method's token
     * @param idempotent whether it is idempotent
     * @throws IllegalArgumentException if {@code name} is empty or not an HTTP token
     */
    public HttpMethod {
        Objects.requireNonNull(name, "name");
        if (!HttpHeaders.isToken(name)) throw new IllegalArgumentException("not an HTTP method token: \"" + name + "\"");
    }

    /**
     * The method of this name: a constant's for GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS
     * (TRACE is idempotent too), otherwise a non-idempotent method of that name.
     *
     * @param name the token
     * @return the method
     * @throws IllegalArgumentException if {@code name} is not an HTTP token
     */
    public static HttpMethod of(String name) {
        Objects.requireNonNull(name, "name");
        for (HttpMethod m : new HttpMethod[] {GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS}) {
            if (m.name.equals(name)) return m;
        }
        return new HttpMethod(name, name.toUpperCase(Locale.ROOT).equals("TRACE"));
    }

    /**
     * libcurl's own methods (GET, HEAD, POST) versus those set with {@code CURLOPT_CUSTOMREQUEST}.
     *
     * @return true for a method libcurl sends without {@code CUSTOMREQUEST}
     */
    boolean isLibcurlNative() {
        return this.equals(GET) || this.equals(HEAD) || this.equals(POST);
    }

    @Override
    public String toString() {
        return name;
    }
}
