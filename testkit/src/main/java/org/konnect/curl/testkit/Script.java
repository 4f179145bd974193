package org.konnect.curl.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * What libcurl's side of a transfer does, as a value: which requests it is for (a URL, a URL
 * pattern, or any predicate on what the request set in {@code configureHandle}), and the steps
 * a {@link ScriptedMultiActor} plays through the callbacks the request registered: a response
 * head to the header callback, body chunks to the write callback (PAUSE honoured), the upload
 * read from the read callback, progress ticks, delays on the actor system's clock, stalls the
 * test releases, and the end: success ({@code completed} reads the infos the script implies or
 * sets) or a failure with a {@code CURLE_*} code.
 *
 * <p>Every method returns a new script; a script can be kept in a constant and used in many tests.
 *
 * <pre>{@code
 * Script.forUrl("http://files.test/big.bin").once()
 *         .headers(200, "Content-Length: 100000")
 *         .body(first50k, 16 * 1024)                                   // in 16 KiB chunks
 *         .fail(LibcurlConstants.CURLE_RECV_ERROR, "Recv failure: Connection reset by peer");
 * }</pre>
 */
public final class Script {
    /** How many requests a script serves when {@link #times} is not given: any number. */
    static final int UNLIMITED = Integer.MAX_VALUE;

    private final String description;
    private final Predicate<RecordedRequest> matcher;
    private final int uses;
    private final HttpVersion httpVersion;
    private final List<Step> steps;
    /** Infos set by {@link #info}, by id, in libcurl's raw form. */
    private final Map<Integer, Object> infos;

    private Script(String description, Predicate<RecordedRequest> matcher, int uses, HttpVersion httpVersion,
                   List<Step> steps, Map<Integer, Object> infos) {
        this.description = description;
        this.matcher = matcher;
        this.uses = uses;
        this.httpVersion = httpVersion;
        this.steps = steps;
        this.infos = infos;
    }

    private static Script matching(String description, Predicate<RecordedRequest> matcher) {
        return new Script(description, matcher, UNLIMITED, HttpVersion.HTTP_1_1, List.of(), Map.of());
    }

    /**
     * A script for the requests whose {@code CURLOPT_URL} is {@code url}, where each {@code *}
     * stands for any run of characters ({@code "http://svc.test/users/*"}).
     *
     * @param url the URL, or a pattern of it with {@code *} wildcards
     * @return a script with no steps yet: played as it is, it succeeds at once with no response
     */
    public static Script forUrl(String url) {
        Objects.requireNonNull(url, "url");
        StringBuilder regex = new StringBuilder();
        for (String part : url.split("\\*", -1)) {
            if (regex.length() > 0) regex.append(".*");
            regex.append(Pattern.quote(part));
        }
        Pattern pattern = Pattern.compile(regex.toString());
        return matching("url " + url, r -> r.url() != null && pattern.matcher(r.url()).matches());
    }

    /**
     * A script for the requests whose {@code CURLOPT_URL} matches {@code regex} as a whole.
     *
     * @param regex a {@link Pattern} regular expression
     * @return a script with no steps yet
     */
    public static Script forUrlMatching(String regex) {
        Pattern pattern = Pattern.compile(Objects.requireNonNull(regex, "regex"));
        return matching("url ~ " + regex, r -> r.url() != null && pattern.matcher(r.url()).matches());
    }

    /**
     * A script for the requests {@code predicate} accepts, given what each set in {@code configureHandle}.
     *
     * @param description what the predicate accepts, for failure messages ("uploads to /inbox")
     * @param predicate decides from the recorded options (URL, method, headers, any option)
     * @return a script with no steps yet
     */
    public static Script forRequests(String description, Predicate<RecordedRequest> predicate) {
        return matching(Objects.requireNonNull(description, "description"), Objects.requireNonNull(predicate, "predicate"));
    }

    /**
     * This script serves only the first request it matches; later ones go to the next script that
     * matches (a first attempt that fails and a retry that succeeds are two scripts, the first {@code once()}).
     *
     * @return the same script, for one request
     */
    public Script once() {
        return times(1);
    }

    /**
     * This script serves the first {@code n} requests it matches.
     *
     * @param n how many, positive
     * @return the same script, for {@code n} requests
     */
    public Script times(int n) {
        if (n <= 0) throw new IllegalArgumentException("Script.times: " + n + " is not positive");
        return new Script(description, matcher, n, httpVersion, steps, infos);
    }

    /**
     * The HTTP version of the response: its status lines ({@code HTTP/2 200}) and {@code CURLINFO_HTTP_VERSION}.
     *
     * @param version {@link HttpVersion#HTTP_1_0}, {@link HttpVersion#HTTP_1_1} (the default),
     *        {@link HttpVersion#HTTP_2} or {@link HttpVersion#HTTP_3}
     * @return the script with that version
     */
    public Script httpVersion(HttpVersion version) {
        Objects.requireNonNull(version, "version");
        if (statusLineVersion(version) == null) {
            throw new IllegalArgumentException("Script.httpVersion: " + version + " is what a request asks for, not a response's"
                    + " version; use HTTP_1_0, HTTP_1_1, HTTP_2 or HTTP_3");
        }
        return new Script(description, matcher, uses, version, steps, infos);
    }

    /**
     * A response head: the status line, each of {@code headerLines} ({@code "Content-Type: text/plain"}),
     * and the empty line, each a call of the header callback with its CRLF, as libcurl makes them.
     * {@code Content-Type} and {@code Content-Length} also set {@code CURLINFO_CONTENT_TYPE} and
     * {@code CURLINFO_CONTENT_LENGTH_DOWNLOAD_T}; the status sets {@code CURLINFO_RESPONSE_CODE}.
     *
     * @param status the response code, e.g. 200
     * @param headerLines header lines without CRLF
     * @return the script with this step added
     */
    public Script headers(int status, String... headerLines) {
        if (status < 100 || status > 999) throw new IllegalArgumentException("Script.headers: status " + status + " is not 3 digits");
        for (String line : headerLines) {
            if (line.indexOf(':') <= 0 || line.contains("\r") || line.contains("\n")) {
                throw new IllegalArgumentException("Script.headers: '" + line + "' is not a header line 'Name: value'");
            }
        }
        return with(new Step.Headers(status, List.of(headerLines)));
    }

    /**
     * One body chunk, in one call of the write callback.
     *
     * @param text the chunk, as UTF-8
     * @return the script with this step added
     */
    public Script body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One body chunk, in one call of the write callback.
     *
     * @param bytes the chunk (copied)
     * @return the script with this step added
     */
    public Script body(byte[] bytes) {
        return with(new Step.Chunk(bytes.clone()));
    }

    /**
     * A body in chunks of {@code chunkSize} bytes (the last one shorter), one write callback call each.
     *
     * @param bytes the body (copied)
     * @param chunkSize the size of each call's chunk, positive (libcurl's are at most 16 KiB)
     * @return the script with these steps added
     */
    public Script body(byte[] bytes, int chunkSize) {
        if (chunkSize <= 0) throw new IllegalArgumentException("Script.body: chunkSize " + chunkSize + " is not positive");
        List<Step> added = new ArrayList<>(steps);
        for (int from = 0; from < bytes.length; from += chunkSize) {
            added.add(new Step.Chunk(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunkSize))));
        }
        return new Script(description, matcher, uses, httpVersion, List.copyOf(added), infos);
    }

    /**
     * A whole response: the head with {@code Content-Length}, and {@code body} as one chunk.
     *
     * @param status the response code
     * @param body the body, as UTF-8
     * @return the script with these steps added
     */
    public Script respond(int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Script head = headers(status, "Content-Length: " + bytes.length);
        return bytes.length == 0 ? head : head.body(bytes);
    }

    /**
     * The request body is read here: the read callback is called with a buffer of the request's
     * {@code UPLOAD_BUFFERSIZE} (64 KiB by default) until it returns 0 (or the
     * {@code INFILESIZE_LARGE} set is reached); {@code PAUSE} waits for the request to resume
     * sending, {@code ABORT} fails the transfer with {@code CURLE_ABORTED_BY_CALLBACK}. What it
     * read is {@link RecordedRequest#uploaded()}. A request that uploads ({@code UPLOAD} or
     * {@code POST} with a {@code READFUNCTION}) is read before the first step when its script
     * has no such step; {@code POSTFIELDS} count as read without one.
     *
     * @return the script with this step added
     */
    public Script readUpload() {
        return with(new Step.ReadUpload());
    }

    /**
     * One call of the progress callback ({@code XFERINFOFUNCTION}), if the request set one, with
     * the download's expected and received bytes and the upload's, as libcurl counts them;
     * anything but 0 fails the transfer with {@code CURLE_ABORTED_BY_CALLBACK}.
     *
     * @return the script with this step added
     */
    public Script progress() {
        return with(new Step.Progress());
    }

    /**
     * Nothing happens for {@code duration} of the actor system's scheduler: with Pekko's
     * {@code ManualTime} in the test kit, until the test lets that time pass (no sleeping). The
     * transfer's times ({@code CURLINFO_TOTAL_TIME_T}, ...) count scripted delays only.
     *
     * @param duration how long, not negative
     * @return the script with this step added
     */
    public Script delay(Duration duration) {
        if (duration.isNegative()) throw new IllegalArgumentException("Script.delay: " + duration + " is negative");
        return with(new Step.Delay(duration));
    }

    /**
     * Nothing happens until the test calls {@link RecordedRequest#release()} (a release that comes
     * first lets the stall pass at once), or the transfer is cancelled.
     *
     * @return the script with this step added
     */
    public Script stall() {
        return with(new Step.Stall());
    }

    /**
     * Nothing happens until the request's own {@code TIMEOUT_MS} (or {@code TIMEOUT}) has passed
     * since the transfer started, on the actor system's clock; then it fails with
     * {@code CURLE_OPERATION_TIMEDOUT}, as libcurl would. Without a timeout it stalls like {@link #stall()}.
     *
     * @return the script with this step added
     */
    public Script stallUntilTimeout() {
        return with(new Step.StallUntilTimeout());
    }

    /**
     * The transfer fails here: the request's {@code failed} hook gets a {@link CurlError} with
     * {@code curlCode} and {@code detail}, and the pending {@code Process} (or the next one) is
     * answered with {@code Failed}. Steps after it are never played.
     *
     * @param curlCode a {@code CURLcode}, e.g. {@link LibcurlConstants#CURLE_RECV_ERROR}
     * @param detail libcurl's message, e.g. "Recv failure: Connection reset by peer"
     * @return the script with this step added
     */
    public Script fail(int curlCode, String detail) {
        if (curlCode <= 0) throw new IllegalArgumentException("Script.fail: " + curlCode + " is CURLE_OK or not a CURLcode");
        return with(new Step.Fail(curlCode, Objects.requireNonNull(detail, "detail")));
    }

    /**
     * {@link #fail(int, String)} by the code's name.
     *
     * @param curleName a {@code CURLE_*} name, e.g. {@code "CURLE_RECV_ERROR"}
     * @param detail libcurl's message
     * @return the script with this step added
     * @throws IllegalArgumentException for a name libcurl's headers do not define
     */
    public Script fail(String curleName, String detail) {
        for (int code = 1; code < 1000; code++) {
            if (curleName.equals(LibcurlConstants.curleName(code))) return fail(code, detail);
        }
        throw new IllegalArgumentException("Script.fail: libcurl has no code named " + curleName
                + " (a CURLE_* name, e.g. CURLE_RECV_ERROR)");
    }

    /**
     * What {@code getinfo(info)} returns in {@code completed}, in place of what the script implies.
     *
     * @param <T> the info's Java type
     * @param info the info, e.g. {@link CurlInfo#PRIMARY_IP}
     * @param value its value as {@code getinfo} returns it ({@code Integer}, {@code Duration},
     *        {@code HttpVersion}, ...), or {@code null} for none
     * @return the script with that info
     * @throws IllegalArgumentException for a value of a type the info cannot hold
     */
    public <T> Script info(CurlInfo<T> info, T value) {
        Map<Integer, Object> more = new HashMap<>(infos);
        more.put(info.id(), RawInfo.of(info, value));
        return new Script(description, matcher, uses, httpVersion, steps, java.util.Collections.unmodifiableMap(more));
    }

    private Script with(Step step) {
        List<Step> added = new ArrayList<>(steps);
        added.add(step);
        return new Script(description, matcher, uses, httpVersion, List.copyOf(added), infos);
    }

    // ---- for the player -------------------------------------------------------------------

    boolean matches(RecordedRequest request) {
        return matcher.test(request);
    }

    int uses() {
        return uses;
    }

    HttpVersion responseVersion() {
        return httpVersion;
    }

    List<Step> steps() {
        return steps;
    }

    /** Whether {@link #info} set {@code id}; its raw value is {@link #infoValue}. */
    boolean setsInfo(int id) {
        return infos.containsKey(id);
    }

    Object infoValue(int id) {
        return infos.get(id);
    }

    /** The version as a status line writes it. */
    static String statusLineVersion(HttpVersion version) {
        switch (version) {
            case HTTP_1_0: return "HTTP/1.0";
            case HTTP_1_1: return "HTTP/1.1";
            case HTTP_2: return "HTTP/2";
            case HTTP_3: return "HTTP/3";
            default: return null;
        }
    }

    /**
     * What the script is for and what it does, for failure messages.
     *
     * @return e.g. {@code url http://a.test/* (once): headers 200, chunk of 5 B}
     */
    public String description() {
        return description + (uses == UNLIMITED ? "" : uses == 1 ? " (once)" : " (" + uses + " times)") + ": " + stepsSummary();
    }

    /** The steps, a run of chunks summed up ("4 chunks, 50000 B"). */
    private String stepsSummary() {
        if (steps.isEmpty()) return "no steps";
        List<String> parts = new ArrayList<>();
        int chunks = 0;
        long bytes = 0;
        for (int i = 0; i <= steps.size(); i++) {
            Step step = i < steps.size() ? steps.get(i) : null;
            if (step instanceof Step.Chunk c) {
                chunks++;
                bytes += c.bytes().length;
                continue;
            }
            if (chunks == 1) parts.add("chunk of " + bytes + " B");
            if (chunks > 1) parts.add(chunks + " chunks, " + bytes + " B");
            chunks = 0;
            bytes = 0;
            if (step != null) parts.add(step.toString());
        }
        return String.join(", ", parts);
    }

    @Override
    public String toString() {
        return "Script[" + description() + "]";
    }
}
