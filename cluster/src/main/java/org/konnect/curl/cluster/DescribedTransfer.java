package org.konnect.curl.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.HeaderCallback;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;
import org.konnect.curl.streams.ReceiveWindow;

/**
 * A {@link TransferDescription} run on the owner's pool: the description's URL, method, headers,
 * body and options on the handle, the response's last header block, and the
 * {@link TransferReply.Completed} built from {@code getinfo}. Collected, the body is kept in memory
 * and capped ({@link ConfigHandle#maxBodyBytes}) so that the reply fits in one remoting frame.
 * Streamed ({@link #streamed}), it runs under a {@code CurlSource}: a {@link ReceiveWindow} is the
 * write callback, each update a window of the body, and the final reply carries no body.
 */
final class DescribedTransfer implements RequestProtocol<List<ByteString>, TransferReply.Completed> {
    private final String requestId;
    private final TransferDescription description;
    /** Who gets the final reply: carried by the request, which the MultiActor's reply hands back. */
    private final ActorRef<TransferReply> replyTo;
    private final String origin;
    private final String node;
    private final long maxBodyBytes;
    private final List<Header> headers = new ArrayList<>();
    /** Streamed: the body's window; collected: null, and the body grows here. */
    private final ReceiveWindow window;
    private byte[] body = new byte[0];
    private int bodySize;

    DescribedTransfer(String requestId, TransferDescription description, ActorRef<TransferReply> replyTo, String node,
                      long maxBodyBytes) {
        this(requestId, description, replyTo, node, maxBodyBytes, null);
    }

    private DescribedTransfer(String requestId, TransferDescription description, ActorRef<TransferReply> replyTo, String node,
                              long maxBodyBytes, ReceiveWindow window) {
        this.requestId = requestId;
        this.description = description;
        this.replyTo = replyTo;
        this.origin = description.origin();
        this.node = node;
        this.maxBodyBytes = maxBodyBytes;
        this.window = window;
    }

    /**
     * The transfer of a streamed response, to run under a {@code CurlSource}: no cap on the body,
     * which leaves as windows of {@code windowBytes}.
     */
    static DescribedTransfer streamed(String requestId, TransferDescription description, ActorRef<TransferReply> replyTo,
                                      String node, int windowBytes) {
        return new DescribedTransfer(requestId, description, replyTo, node, Long.MAX_VALUE, new ReceiveWindow(windowBytes, true));
    }

    String requestId() {
        return requestId;
    }

    ActorRef<TransferReply> replyTo() {
        return replyTo;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        h.setopt(CurlOpt.URL, description.url());
        method(h);
        configureRest(h);
    }

    /**
     * For a {@code CurlSink}, which sets {@code UPLOAD} (a PUT), the URL and the read callback
     * itself: the method (POST, or another by {@code CUSTOMREQUEST}), then as {@link #configureHandle}.
     */
    void configureUpload(ConfigHandle h) {
        String method = description.method();
        if (method.equals("POST")) h.setopt(CurlOpt.POST, 1L);
        else if (!method.equals("PUT")) h.setopt(CurlOpt.CUSTOMREQUEST, method);
        configureRest(h);
    }

    /** Headers, the named options, the callbacks, the body's cap. */
    private void configureRest(ConfigHandle h) {
        if (!description.headers().isEmpty()) {
            h.setopt(CurlOpt.HTTPHEADER, description.headers().stream().map(Header::line).toList());
        }
        for (Map.Entry<String, Object> option : description.options().entrySet()) h.setopt(option.getKey(), option.getValue());
        h.setopt(CurlOpt.HEADERFUNCTION, (HeaderCallback) this::header);
        if (window != null) {
            window.attach(h);
            h.setopt(CurlOpt.WRITEFUNCTION, window);
        } else {
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) this::write);
            h.maxBodyBytes(maxBodyBytes);
        }
    }

    @Override
    public boolean hasUpdate() {
        return window != null && !window.isEmpty();
    }

    @Override
    public List<ByteString> getUpdate() {
        return window.take();
    }

    /** GET is libcurl's default; HEAD is NOBODY; a body is POSTFIELDS; any other method is CUSTOMREQUEST. */
    private void method(ConfigHandle h) {
        String method = description.method();
        byte[] data = description.body();
        if (method.equals("HEAD")) {
            h.setopt(CurlOpt.NOBODY, 1L);
            return;
        }
        if (data.length > 0 || method.equals("POST")) {
            h.setopt(CurlOpt.POSTFIELDS, data);
            h.setopt(CurlOpt.POSTFIELDSIZE_LARGE, (long) data.length);
        }
        if (!method.equals("GET") && !method.equals("POST")) h.setopt(CurlOpt.CUSTOMREQUEST, method);
    }

    /** One header line: a status line starts the block again (redirects, 100 Continue), so the last block is kept. */
    private int header(ByteBuffer data) {
        int n = data.remaining();
        byte[] raw = new byte[n];
        data.get(raw);
        String line = new String(raw, StandardCharsets.ISO_8859_1).strip();
        if (line.startsWith("HTTP/")) {
            headers.clear();
            return n;
        }
        int colon = line.indexOf(':');
        if (colon > 0) {
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            // A field with a stray CR inside cannot be a Header; it is left out rather than failing the transfer.
            if (!name.isEmpty() && value.indexOf('\r') < 0 && name.indexOf('\r') < 0) headers.add(new Header(name, value));
        }
        return n;
    }

    private int write(ByteBuffer data) {
        int n = data.remaining();
        if (bodySize + n > body.length) body = Arrays.copyOf(body, Math.max(bodySize + n, Math.max(16 * 1024, body.length * 2)));
        data.get(body, bodySize, n);
        bodySize += n;
        return n;
    }

    @Override
    public TransferReply.Completed completed(GetInfoHandle info) {
        TransferSummary summary = new TransferSummary(info.getinfo(CurlInfo.RESPONSE_CODE), info.getinfo(CurlInfo.EFFECTIVE_URL),
                info.getinfo(CurlInfo.HTTP_VERSION), info.getinfo(CurlInfo.SIZE_DOWNLOAD_T), info.getinfo(CurlInfo.SIZE_UPLOAD_T),
                info.getinfo(CurlInfo.CONNECT_TIME_T), info.getinfo(CurlInfo.STARTTRANSFER_TIME_T), info.getinfo(CurlInfo.TOTAL_TIME_T),
                info.getinfo(CurlInfo.NUM_CONNECTS));
        return new TransferReply.Completed(requestId, summary.responseCode(), headers, Arrays.copyOf(body, bodySize), summary, node);
    }
}
