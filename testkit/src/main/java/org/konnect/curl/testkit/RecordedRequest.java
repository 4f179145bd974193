package org.konnect.curl.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.konnect.curl.CurlConstant;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.RequestProtocol;

/**
 * What one request did with the {@link ScriptedMultiActor}: the options it set in
 * {@code configureHandle} (URL, headers, callbacks, anything), what its read callback gave for
 * the upload, the pauses it asked, how many {@code Process} messages it sent, and how it ended.
 * The stand-in records it on its own thread; the test reads it from any thread.
 */
public final class RecordedRequest {
    private final RequestProtocol<?, ?> request;
    private final Consumer<RecordedRequest> releaser;
    /** The options set, in the order last set (a value set again moves to the end), as libcurl's handle holds them. */
    private final Map<CurlOpt, Object> options = new LinkedHashMap<>();
    private final ByteArrayOutputStream uploaded = new ByteArrayOutputStream();
    private final List<Integer> pauses = new ArrayList<>();
    private long maxBodyBytes = Long.MAX_VALUE;
    private int processCount;
    private String script;
    private String outcome = "running";

    RecordedRequest(RequestProtocol<?, ?> request, Consumer<RecordedRequest> releaser) {
        this.request = request;
        this.releaser = releaser;
    }

    /**
     * The request object, as the {@code Process} carried it.
     *
     * @return the {@code RequestProtocol} the requester sent
     */
    public RequestProtocol<?, ?> request() {
        return request;
    }

    /**
     * {@code CURLOPT_URL} as set.
     *
     * @return the URL, or {@code null} if the request set none
     */
    public synchronized String url() {
        Object url = options.get(CurlOpt.URL);
        return url instanceof String ? (String) url : null;
    }

    /**
     * The value {@code option} was last set to (and not unset since).
     *
     * @param option any option, e.g. {@link CurlOpt#TIMEOUT_MS}
     * @return the value as the request passed it ({@code Long}, {@code Boolean}, a callback, ...), or {@code null}
     */
    public synchronized Object option(CurlOpt option) {
        return options.get(option);
    }

    /**
     * A long option's value as libcurl would hold it: a number, a Boolean as 1 or 0, a constant's value.
     *
     * @param option a {@link CurlOpt.Kind#LONG} or {@link CurlOpt.Kind#OFF_T} option
     * @return its value, or {@code null} if not set
     */
    public synchronized Long longOption(CurlOpt option) {
        Object value = options.get(option);
        if (value instanceof Boolean) return (Boolean) value ? 1L : 0L;
        if (value instanceof CurlConstant) return ((CurlConstant) value).value();
        return value instanceof Number ? ((Number) value).longValue() : null;
    }

    /**
     * Whether {@code option} is set: for a callback option, whether the request registered that callback.
     *
     * @param option any option
     * @return {@code true} if a value is set
     */
    public synchronized boolean isSet(CurlOpt option) {
        return options.containsKey(option);
    }

    /**
     * Every option set, in the order they were last set.
     *
     * @return an unmodifiable copy
     */
    public synchronized Map<CurlOpt, Object> options() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * {@code CURLOPT_HTTPHEADER}'s lines.
     *
     * @return the header lines set, in order; empty if none
     */
    public synchronized List<String> headers() {
        Object value = options.get(CurlOpt.HTTPHEADER);
        List<String> lines = new ArrayList<>();
        if (value instanceof Iterable<?> items) items.forEach(item -> lines.add(String.valueOf(item)));
        else if (value instanceof String[] items) lines.addAll(List.of(items));
        return List.copyOf(lines);
    }

    /**
     * The request method libcurl would send: {@code CUSTOMREQUEST}, else {@code HEAD} for
     * {@code NOBODY}, {@code PUT} for {@code UPLOAD}, {@code POST} for {@code POST},
     * {@code POSTFIELDS} or {@code MIMEPOST}, else {@code GET}.
     *
     * @return the method's name
     */
    public synchronized String method() {
        Object custom = options.get(CurlOpt.CUSTOMREQUEST);
        if (custom instanceof String) return (String) custom;
        if (isOn(CurlOpt.NOBODY)) return "HEAD";
        if (isOn(CurlOpt.UPLOAD)) return "PUT";
        if (isOn(CurlOpt.POST) || options.containsKey(CurlOpt.POSTFIELDS) || options.containsKey(CurlOpt.MIMEPOST)) return "POST";
        return "GET";
    }

    private boolean isOn(CurlOpt option) {
        Long value = longOption(option);
        return value != null && value != 0;
    }

    /**
     * {@link org.konnect.curl.ConfigHandle#maxBodyBytes} as set.
     *
     * @return the cap, {@link Long#MAX_VALUE} if none
     */
    public synchronized long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * What was sent as the request body so far: what the read callback gave, or the {@code POSTFIELDS}.
     *
     * @return a copy of the bytes
     */
    public synchronized byte[] uploaded() {
        return uploaded.toByteArray();
    }

    /**
     * {@link #uploaded()} as UTF-8 text.
     *
     * @return the body sent so far
     */
    public synchronized String uploadedText() {
        return uploaded.toString(StandardCharsets.UTF_8);
    }

    /**
     * Every {@code ConfigHandle.pause} bitmask the request asked, in order ({@code PAUSE_CONT} is 0).
     *
     * @return a copy of the list
     */
    public synchronized List<Integer> pauses() {
        return List.copyOf(pauses);
    }

    /**
     * How many {@code Process} messages the request sent: one to start, one after each {@code Update}.
     *
     * @return the count so far
     */
    public synchronized int processCount() {
        return processCount;
    }

    /**
     * Which script played the request.
     *
     * @return its {@link Script#description()}, or {@code null} if no script matched
     */
    public synchronized String script() {
        return script;
    }

    /**
     * How the transfer stands: {@code running}, {@code completed}, {@code cancelled}, or
     * {@code failed: CURLE_... (n): detail}.
     *
     * @return the outcome so far
     */
    public synchronized String outcome() {
        return outcome;
    }

    /**
     * Lets the transfer pass its current {@link Script#stall()} step, or, if it is not stalled
     * yet, the next one it reaches. Callable from any thread.
     */
    public void release() {
        releaser.accept(this);
    }

    // ---- recorded by the stand-in, on its own thread --------------------------------------

    synchronized void set(CurlOpt option, Object value) {
        options.remove(option);
        options.put(option, value);
    }

    synchronized void unset(CurlOpt option) {
        options.remove(option);
    }

    synchronized void maxBodyBytes(long max) {
        maxBodyBytes = max;
    }

    synchronized void uploaded(byte[] bytes, int offset, int length) {
        uploaded.write(bytes, offset, length);
    }

    synchronized void paused(int bitmask) {
        pauses.add(bitmask);
    }

    synchronized void processed() {
        processCount++;
    }

    synchronized void script(String description) {
        script = description;
    }

    synchronized void outcome(String value) {
        outcome = value;
    }

    @Override
    public synchronized String toString() {
        return method() + " " + url() + " (" + outcome + (script == null ? ", no script" : ", script " + script) + ")";
    }
}
