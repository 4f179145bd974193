package org.konnect.curl;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Test request: collects the body and the header lines of one transfer, with extra options
 * applied by {@code configure}. Its result records the response code, HTTP version and
 * whether the connection was reused.
 */
class Exchange implements RequestProtocol<Void, Exchange.Result> {
    record Result(int code, byte[] body, List<String> headers, HttpVersion version, boolean reused) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The value of the last header named {@code name} (case-insensitive), or null. */
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            String found = null;
            for (String line : headers) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) found = line.substring(prefix.length()).trim();
            }
            return found;
        }
    }

    final String url;
    private final Consumer<ConfigHandle> configure;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final List<String> headers = new ArrayList<>();
    ConfigHandle handle;

    Exchange(String url) {
        this(url, h -> {});
    }

    Exchange(String url, Consumer<ConfigHandle> configure) {
        this.url = url;
        this.configure = configure;
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        handle = h;
        h.setopt(CurlOpt.URL, url);
        h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) this::onBody);
        h.setopt(CurlOpt.HEADERFUNCTION, (HeaderCallback) this::onHeader);
        configure.accept(h);
    }

    int onBody(ByteBuffer data) {
        int n = data.remaining();
        byte[] chunk = new byte[n];
        data.get(chunk);
        body.write(chunk, 0, n);
        return n;
    }

    private int onHeader(ByteBuffer data) {
        int n = data.remaining();
        byte[] line = new byte[n];
        data.get(line);
        headers.add(new String(line, StandardCharsets.ISO_8859_1).trim());
        return n;
    }

    @Override
    public Result completed(GetInfoHandle info) {
        return new Result(info.getinfo(CurlInfo.RESPONSE_CODE), body.toByteArray(), List.copyOf(headers),
                info.getinfo(CurlInfo.HTTP_VERSION), info.getinfo(CurlInfo.NUM_CONNECTS) == 0);
    }
}
