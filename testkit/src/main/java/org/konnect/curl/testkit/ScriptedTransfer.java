package org.konnect.curl.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorRef;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.UnboundHandles;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * One transfer of a {@link ScriptedMultiActor}: what "libcurl" knows of it. It is the sink of
 * the request's unbound {@code ConfigHandle} (recording every option) and the source of its
 * unbound {@code GetInfoHandle} (answering from what the script did). Touched on the stand-in's
 * thread only, except {@link #pause}, which any thread may call and which goes through the mailbox.
 */
final class ScriptedTransfer implements UnboundHandles.OptionSink, UnboundHandles.InfoSource {
    /** What the transfer waits for before its next step. */
    enum Wait { NONE, DELAY, STALL, TIMEOUT, RECV_PAUSED, SEND_PAUSED, BUSY, FINISHED }

    /** libcurl's default upload buffer ({@code UPLOAD_BUFFERSIZE}). */
    static final int DEFAULT_UPLOAD_BUFFER = 64 * 1024;

    final RequestProtocol<Object, Object> request;
    final RecordedRequest recorded;
    private final ActorRef<Object> standIn;

    Script script;
    List<Step> steps = List.of();
    /** The next step to play. */
    int next;
    Wait wait = Wait.NONE;
    /** Names the current wait: a wake-up for an earlier one is ignored. */
    long waitToken;
    /** The pause bits the request asked last ({@code curl_easy_pause} semantics), and those a PAUSE return added. */
    int pauseBits;
    /** Releases given before the transfer reached a stall. */
    int stallPermits;

    /** The reply for the pending Process, or null. */
    ActorRef<MultiActor.Reply<Object, Object>> pending;
    /** Who answers for the transfer: the sender of its latest Process. */
    ActorRef<?> requester;
    /** The script ended with success: the transfer completes at the (next) Process. */
    boolean done;
    /** The transfer failed with no Process pending: the next Process gets it. */
    CurlError failure;
    /** Released: hooks ran, the last reply went out. */
    boolean ended;

    private boolean noProgress = true;
    long bodyBytes;
    long uploadBytes;
    long headerBytes;
    int status;
    boolean headersSent;
    String contentType;
    long contentLength = -1;
    Duration elapsed = Duration.ZERO;
    Duration firstByteAt;

    ScriptedTransfer(RequestProtocol<Object, Object> request, RecordedRequest recorded, ActorRef<Object> standIn) {
        this.request = request;
        this.recorded = recorded;
        this.standIn = standIn;
    }

    /** Plays {@code s}; an upload is read first unless the script reads it itself, and POSTFIELDS count as sent. */
    void begin(Script s) {
        script = s;
        recorded.script(s.description());
        List<Step> all = new ArrayList<>(s.steps());
        boolean readsItself = all.stream().anyMatch(step -> step instanceof Step.ReadUpload);
        if (!readsItself && recorded.isSet(CurlOpt.READFUNCTION) && (isOn(CurlOpt.UPLOAD) || isOn(CurlOpt.POST))) {
            all.add(0, new Step.ReadUpload());
        }
        steps = List.copyOf(all);
        Object fields = recorded.option(CurlOpt.POSTFIELDS);
        byte[] body = fields instanceof String ? ((String) fields).getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : fields instanceof byte[] ? (byte[]) fields : null;
        if (body != null) {
            Long size = recorded.longOption(CurlOpt.POSTFIELDSIZE_LARGE);
            int n = size == null || size < 0 ? body.length : (int) Math.min(size, body.length);
            recorded.uploaded(body, 0, n);
            uploadBytes = n;
        }
    }

    private boolean isOn(CurlOpt option) {
        Long v = recorded.longOption(option);
        return v != null && v != 0;
    }

    /** Starts a wait and names it. */
    long await(Wait what) {
        wait = what;
        return ++waitToken;
    }

    boolean recvPaused() {
        return (pauseBits & org.konnect.curl.ConfigHandle.PAUSE_RECV) != 0;
    }

    boolean sendPaused() {
        return (pauseBits & org.konnect.curl.ConfigHandle.PAUSE_SEND) != 0;
    }

    /** Whether the progress callback is on: set, and {@code NOPROGRESS} not set back to 1 after it. */
    boolean progressOn() {
        return !noProgress && recorded.isSet(CurlOpt.XFERINFOFUNCTION);
    }

    /** The upload's announced size, or -1. */
    long uploadTotal() {
        Long size = recorded.longOption(CurlOpt.INFILESIZE_LARGE);
        if (size == null) size = recorded.longOption(CurlOpt.POSTFIELDSIZE_LARGE);
        return size == null ? -1 : size;
    }

    /** The request's {@code TIMEOUT_MS}, else its {@code TIMEOUT} in ms, else 0. */
    long timeoutMillis() {
        Long ms = recorded.longOption(CurlOpt.TIMEOUT_MS);
        if (ms != null && ms > 0) return ms;
        Long s = recorded.longOption(CurlOpt.TIMEOUT);
        return s != null && s > 0 ? s * 1000 : 0;
    }

    /** The time at which something was received first: the first header or body byte. */
    void received() {
        if (firstByteAt == null) firstByteAt = elapsed;
    }

    // ---- the request's ConfigHandle -------------------------------------------------------

    @Override
    public void setopt(CurlOpt option, Object value) {
        recorded.set(option, value);
        if (option.equals(CurlOpt.XFERINFOFUNCTION)) noProgress = false;   // as setting it does on a real handle
        if (option.equals(CurlOpt.NOPROGRESS)) {
            Long v = recorded.longOption(option);
            noProgress = v != null && v != 0;
        }
    }

    @Override
    public void unsetopt(CurlOpt option) {
        recorded.unset(option);
        if (option.equals(CurlOpt.NOPROGRESS) || option.equals(CurlOpt.XFERINFOFUNCTION)) noProgress = true;
    }

    @Override
    public void maxBodyBytes(long max) {
        recorded.maxBodyBytes(max);
    }

    /** Any thread: handed to the stand-in, which applies it between its messages as a Multi applies a handed-over pause. */
    @Override
    public void pause(int bitmask) {
        recorded.paused(bitmask);
        standIn.tell(new StandIn.Resume(this, bitmask));
    }

    // ---- the request's GetInfoHandle ------------------------------------------------------

    @Override
    public Object getinfoRaw(CurlInfo<?> info) {
        int id = info.id();
        if (script != null && script.setsInfo(id)) return script.infoValue(id);
        Object derived = derived(info);
        return derived != null ? derived : RawInfo.zero(info);
    }

    /** What the script implies for {@code info}, or null to answer libcurl's "none". */
    private Object derived(CurlInfo<?> info) {
        String url = recorded.url();
        switch (info.id()) {
            case LibcurlConstants.CURLINFO_RESPONSE_CODE: return (long) status;
            case LibcurlConstants.CURLINFO_EFFECTIVE_URL: return url;
            case LibcurlConstants.CURLINFO_SCHEME: return schemeOf(url);
            case LibcurlConstants.CURLINFO_HTTP_VERSION:
                return headersSent && isHttp(url) ? script.responseVersion().value() : HttpVersion.NONE.value();
            case LibcurlConstants.CURLINFO_CONTENT_TYPE: return contentType;
            case LibcurlConstants.CURLINFO_SIZE_DOWNLOAD_T: return bodyBytes;
            case LibcurlConstants.CURLINFO_SIZE_UPLOAD_T: return uploadBytes;
            case LibcurlConstants.CURLINFO_CONTENT_LENGTH_DOWNLOAD_T: return contentLength;
            case LibcurlConstants.CURLINFO_CONTENT_LENGTH_UPLOAD_T: return uploadTotal();
            case LibcurlConstants.CURLINFO_HEADER_SIZE: return headerBytes;
            case LibcurlConstants.CURLINFO_EFFECTIVE_METHOD: return recorded.method();
            case LibcurlConstants.CURLINFO_NUM_CONNECTS: return 1L;   // a connection of its own
            case LibcurlConstants.CURLINFO_TOTAL_TIME:
            case LibcurlConstants.CURLINFO_TOTAL_TIME_T:
                return RawInfo.time(info, elapsed);
            case LibcurlConstants.CURLINFO_STARTTRANSFER_TIME_T:
                return RawInfo.time(info, firstByteAt == null ? Duration.ZERO : firstByteAt);
            case LibcurlConstants.CURLINFO_SPEED_DOWNLOAD_T:
                return elapsed.isZero() ? 0L : bodyBytes * 1_000_000 / Math.max(1, elapsed.toNanos() / 1000);
            default:
                return null;
        }
    }

    private static String schemeOf(String url) {
        int end = url == null ? -1 : url.indexOf("://");
        return end <= 0 ? null : url.substring(0, end).toLowerCase(Locale.ROOT);
    }

    private static boolean isHttp(String url) {
        String scheme = schemeOf(url);
        return scheme == null || scheme.equals("http") || scheme.equals("https");
    }
}
