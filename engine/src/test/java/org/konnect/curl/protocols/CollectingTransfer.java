package org.konnect.curl.protocols;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.HeaderCallback;
import org.konnect.curl.ReadCallback;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;

/**
 * The protocol tests' one request: collects what libcurl writes (body and header lines), applies
 * extra options from {@code configure}, and reads the given infos when the transfer completes;
 * {@link #uploading(byte[])} feeds an upload. Connect timeout 10 s and total timeout 30 s, so
 * that a protocol that hangs fails the test. Run it with {@link OwnerLoop}.
 */
final class CollectingTransfer implements RequestProtocol<Void, CollectingTransfer.Result> {
    /** The collected bytes and the infos asked for, by the very {@link CurlInfo} instances given. */
    record Result(byte[] body, List<String> headers, Map<CurlInfo<?>, Object> infos) {
        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        @SuppressWarnings("unchecked")
        <T> T info(CurlInfo<T> info) {
            if (!infos.containsKey(info)) throw new IllegalArgumentException(info + " was not asked for");
            return (T) infos.get(info);
        }
    }

    private final String url;
    private final Consumer<ConfigHandle> configure;
    private final List<CurlInfo<?>> wanted;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final List<String> headers = new ArrayList<>();

    CollectingTransfer(String url, Consumer<ConfigHandle> configure, CurlInfo<?>... wanted) {
        this.url = url;
        this.configure = configure;
        this.wanted = List.of(wanted);
    }

    CollectingTransfer(String url, CurlInfo<?>... wanted) {
        this(url, h -> {}, wanted);
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        h.setopt(CurlOpt.URL, url);
        h.setopt(CurlOpt.CONNECTTIMEOUT_MS, 10_000L);
        h.setopt(CurlOpt.TIMEOUT_MS, 30_000L);
        h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
            int n = data.remaining();
            body.write(bytes(data), 0, n);
            return n;
        });
        h.setopt(CurlOpt.HEADERFUNCTION, (HeaderCallback) data -> {
            int n = data.remaining();
            headers.add(new String(bytes(data), StandardCharsets.ISO_8859_1).trim());
            return n;
        });
        configure.accept(h);
    }

    /** What has been written so far: for tests whose transfer ends in a failure. */
    byte[] bodySoFar() {
        return body.toByteArray();
    }

    /** A read callback for {@code CURLOPT_READFUNCTION}: hands {@code content} over in the pieces libcurl asks for, then ends. */
    static ReadCallback uploading(byte[] content) {
        int[] offset = {0};
        return buffer -> {
            int n = Math.min(buffer.remaining(), content.length - offset[0]);
            buffer.put(content, offset[0], n);
            offset[0] += n;
            return n;
        };
    }

    static byte[] bytes(ByteBuffer data) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        return chunk;
    }

    @Override
    public Result completed(GetInfoHandle info) {
        Map<CurlInfo<?>, Object> infos = new IdentityHashMap<>();
        for (CurlInfo<?> w : wanted) infos.put(w, info.getinfo(w));
        return new Result(body.toByteArray(), List.copyOf(headers), infos);
    }
}
