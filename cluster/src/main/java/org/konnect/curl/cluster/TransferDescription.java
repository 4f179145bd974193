package org.konnect.curl.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.konnect.curl.Origin;

/**
 * One transfer described as a value that can cross the cluster: what the owner of its origin
 * needs to run it there, and nothing that only makes sense in this JVM (no callbacks, no streams).
 *
 * <p>{@code options} are libcurl easy options by libcurl's name, with or without {@code CURLOPT_}
 * (e.g. {@code "TIMEOUT_MS" -> 5000L}, {@code "USERAGENT" -> "crawler/1"}), set in order after the
 * description's own URL, method, headers and body. A value is a {@code String} or a {@code Long};
 * the owner resolves the name against its libcurl's option table, so an option its libcurl does not
 * know, or a value of the wrong kind, fails the transfer with a message naming the option.
 *
 * <p>{@code idempotent} says the request may run twice without harm; {@code retryOnNodeLoss} asks
 * the requester to send it once more, to the origin's new owner, when the node running it is lost.
 * Only a request with both is ever sent twice.
 *
 * @param url the URL ({@code CURLOPT_URL}); its {@link Origin#of origin} is the entity that runs it
 * @param method the request method, upper case ({@code GET}, {@code HEAD}, {@code POST}, {@code PUT}, ...)
 * @param headers request header fields, in order, names may repeat
 * @param body the request body, empty for none
 * @param options further libcurl options, name to {@code String} or {@code Long}, in order
 * @param idempotent whether running the request twice does no harm
 * @param retryOnNodeLoss whether to resend it to the new owner when its node is lost (idempotent ones only)
 */
public record TransferDescription(String url, String method, List<Header> headers, byte[] body, Map<String, Object> options,
                                  boolean idempotent, boolean retryOnNodeLoss) implements ClusterMessage {
    /** RFC 9110's idempotent methods: the default of {@code idempotent}. */
    private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

    /**
     * Checks the description and copies its collections (the record is immutable; integral option
     * values become {@code Long}, as they come back from the wire as the smallest integer type).
     *
     * @throws IllegalArgumentException for a URL without an origin ({@code scheme://host}), an
     *         empty or malformed method, or an option value that is neither a String nor an integer
     */
    public TransferDescription {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        if (Origin.of(url) == null) throw new IllegalArgumentException("url " + url + " has no origin (scheme://host[:port])");
        if (method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c == '-' || c == '_')) {
            throw new IllegalArgumentException("method '" + method + "' must be upper-case letters, '-' or '_'");
        }
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? new byte[0] : body.clone();
        options = options == null ? Map.of() : normalized(options);
    }

    private static Map<String, Object> normalized(Map<String, Object> options) {
        Map<String, Object> copy = new LinkedHashMap<>();
        options.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "option name"), normalized(name, value)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object normalized(String name, Object value) {
        if (value instanceof String) return value;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw new IllegalArgumentException("option " + name + ": a value must be a String or an integer, not "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /**
     * A {@code GET} of {@code url}: idempotent, not retried unless asked.
     *
     * @param url the URL
     * @return the description
     */
    public static TransferDescription get(String url) {
        return of("GET", url, new byte[0]);
    }

    /**
     * A {@code POST} of {@code body} to {@code url}: not idempotent, so never sent twice.
     *
     * @param url the URL
     * @param body the request body
     * @return the description
     */
    public static TransferDescription post(String url, byte[] body) {
        return of("POST", url, body);
    }

    /**
     * A request with {@code method}, idempotent if RFC 9110 says the method is.
     *
     * @param method the request method, upper case
     * @param url the URL
     * @param body the request body, empty for none
     * @return the description
     */
    public static TransferDescription of(String method, String url, byte[] body) {
        return new TransferDescription(url, method, List.of(), body, Map.of(),
                IDEMPOTENT_METHODS.contains(method.toUpperCase(Locale.ROOT)), false);
    }

    /**
     * The origin that owns this transfer: the sharding entity id, by the function
     * {@code MultiActorPool} routes with.
     *
     * @return {@link Origin#of} the URL
     */
    public String origin() {
        return Origin.of(url);
    }

    /**
     * This description with one more header field, after the others.
     *
     * @param name the field name
     * @param value the field value
     * @return a new description
     */
    public TransferDescription withHeader(String name, String value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, value));
        return new TransferDescription(url, method, more, body, options, idempotent, retryOnNodeLoss);
    }

    /**
     * This description with one more libcurl option (replacing one of the same name).
     *
     * @param name libcurl's name, e.g. {@code "TIMEOUT_MS"}
     * @param value a {@code String} or an integer
     * @return a new description
     */
    public TransferDescription withOption(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(options);
        more.put(name, value);
        return new TransferDescription(url, method, headers, body, more, idempotent, retryOnNodeLoss);
    }

    /**
     * This description, saying whether running it twice is harmless.
     *
     * @param harmless whether the request is idempotent
     * @return a new description
     */
    public TransferDescription withIdempotent(boolean harmless) {
        return new TransferDescription(url, method, headers, body, options, harmless, retryOnNodeLoss);
    }

    /**
     * This description, asking to be resent once to the origin's new owner when the node
     * running it is lost; it takes effect for idempotent requests only.
     *
     * @return a new description
     */
    public TransferDescription retryingOnNodeLoss() {
        return new TransferDescription(url, method, headers, body, options, idempotent, true);
    }

    /** Whether the requester may send it again after losing the node that ran it. */
    boolean mayRunAgain() {
        return idempotent && retryOnNodeLoss;
    }

    /**
     * Equal when every field is, the body by its bytes.
     *
     * @param o the other object
     * @return whether {@code o} describes the same transfer
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof TransferDescription d && url.equals(d.url) && method.equals(d.method) && headers.equals(d.headers)
                && Arrays.equals(body, d.body) && options.equals(d.options) && idempotent == d.idempotent
                && retryOnNodeLoss == d.retryOnNodeLoss;
    }

    /**
     * A hash code consistent with {@link #equals}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Objects.hash(url, method, headers, Arrays.hashCode(body), options, idempotent, retryOnNodeLoss);
    }

    /**
     * The method, URL and sizes, without the body.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "TransferDescription[" + method + " " + url + ", " + headers.size() + " headers, " + body.length + " body bytes, "
                + "options " + options.keySet() + (idempotent ? ", idempotent" : "") + (retryOnNodeLoss ? ", retry on node loss" : "")
                + "]";
    }
}
