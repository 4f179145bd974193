package org.konnect.curl.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Header fields in order, repeats kept (as {@code Set-Cookie} needs), names compared without
 * regard to case. Immutable: {@link #with} and {@link #without} return new values. Names must be
 * HTTP tokens and values may not hold CR, LF or NUL, so no header can smuggle another into a request.
 */
public final class HttpHeaders {
    private static final HttpHeaders EMPTY = new HttpHeaders(List.of());

    /**
     * One header field.
     *
     * @param name its name, as given or as received
     * @param value its value, without surrounding white space
     */
    public record Header(String name, String value) {
        /**
         * Checks the field.
         *
         * @param name a token
         * @param value no CR, LF or NUL
         * @throws IllegalArgumentException naming what is wrong
         */
        public Header {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, "header value");
            if (!isToken(name)) throw new IllegalArgumentException("not an HTTP header name: \"" + name + "\"");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == '\0') {
                    throw new IllegalArgumentException("header " + name + ": the value holds a CR, LF or NUL character");
                }
            }
        }

        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    private final List<Header> fields;

    private HttpHeaders(List<Header> fields) {
        this.fields = fields;
    }

    /**
     * No fields.
     *
     * @return the empty headers
     */
    public static HttpHeaders empty() {
        return EMPTY;
    }

    /**
     * Fields from name/value pairs, in order.
     *
     * @param namesAndValues name, value, name, value, ...
     * @return the headers
     * @throws IllegalArgumentException for an odd count or a bad field
     */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("HttpHeaders.of: names and values must pair up");
        List<Header> out = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) out.add(new Header(namesAndValues[i], namesAndValues[i + 1]));
        return new HttpHeaders(Collections.unmodifiableList(out));
    }

    /**
     * Fields from a list, in order.
     *
     * @param fields the fields
     * @return the headers
     */
    public static HttpHeaders of(List<Header> fields) {
        return fields.isEmpty() ? EMPTY : new HttpHeaders(List.copyOf(fields));
    }

    /**
     * These fields and one more at the end.
     *
     * @param name its name
     * @param value its value
     * @return new headers
     * @throws IllegalArgumentException for a bad field
     */
    public HttpHeaders with(String name, String value) {
        List<Header> out = new ArrayList<>(fields.size() + 1);
        out.addAll(fields);
        out.add(new Header(name, value));
        return new HttpHeaders(Collections.unmodifiableList(out));
    }

    /**
     * These fields without any named {@code name}.
     *
     * @param name the name to drop, any case
     * @return new headers
     */
    public HttpHeaders without(String name) {
        List<Header> out = new ArrayList<>(fields.size());
        for (Header h : fields) if (!h.name().equalsIgnoreCase(name)) out.add(h);
        return out.size() == fields.size() ? this : new HttpHeaders(Collections.unmodifiableList(out));
    }

    /**
     * The first value of {@code name}.
     *
     * @param name the name, any case
     * @return the value, or empty
     */
    public Optional<String> first(String name) {
        for (Header h : fields) if (h.name().equalsIgnoreCase(name)) return Optional.of(h.value());
        return Optional.empty();
    }

    /**
     * Every value of {@code name}, in order.
     *
     * @param name the name, any case
     * @return the values, possibly none
     */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (Header h : fields) if (h.name().equalsIgnoreCase(name)) out.add(h.value());
        return List.copyOf(out);
    }

    /**
     * Whether a field of this name is present.
     *
     * @param name the name, any case
     * @return true if there is one
     */
    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /**
     * Every field, in order.
     *
     * @return an unmodifiable list
     */
    public List<Header> list() {
        return fields;
    }

    /**
     * The number of fields.
     *
     * @return the count, repeats included
     */
    public int size() {
        return fields.size();
    }

    /** An RFC 9110 token: what a method or a field name must be. */
    static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpHeaders && ((HttpHeaders) o).fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
