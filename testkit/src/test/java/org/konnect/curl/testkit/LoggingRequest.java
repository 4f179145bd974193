package org.konnect.curl.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.HeaderCallback;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;

/**
 * A request for the kit's tests: its callbacks and hooks write what they see into a log, one
 * line each, and (with {@link #reportingUpdates}) each update is the log's lines since the last.
 * The result of {@code completed} is a summary of what getinfo said.
 */
final class LoggingRequest implements RequestProtocol<List<String>, String> {
    private final String url;
    private final Consumer<ConfigHandle> configure;
    private final List<String> log = new ArrayList<>();
    private boolean updates;
    private int pauseWrites;
    private int reported;
    volatile ConfigHandle handle;

    LoggingRequest(String url) {
        this(url, h -> {});
    }

    LoggingRequest(String url, Consumer<ConfigHandle> configure) {
        this.url = url;
        this.configure = configure;
    }

    /** Each callback's line is handed out as an update. */
    LoggingRequest reportingUpdates() {
        updates = true;
        return this;
    }

    /** The write callback answers PAUSE to its first {@code n} calls. */
    LoggingRequest pausingWrites(int n) {
        pauseWrites = n;
        return this;
    }

    synchronized List<String> log() {
        return List.copyOf(log);
    }

    private synchronized void add(String line) {
        log.add(line);
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        handle = h;
        h.setopt(CurlOpt.URL, url);
        h.setopt(CurlOpt.HEADERFUNCTION, (HeaderCallback) data -> {
            int n = data.remaining();
            add(("header " + text(data)).trim());
            return n;
        });
        h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
            if (pauseWrites > 0) {
                pauseWrites--;
                add("write paused at " + data.remaining() + " B");
                return WriteCallback.PAUSE;
            }
            int n = data.remaining();
            add("write " + text(data));
            return n;
        });
        configure.accept(h);
    }

    private static String text(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized boolean hasUpdate() {
        return updates && log.size() > reported;
    }

    @Override
    public synchronized List<String> getUpdate() {
        List<String> news = List.copyOf(log.subList(reported, log.size()));
        reported = log.size();
        return news;
    }

    @Override
    public String completed(GetInfoHandle info) {
        return info.getinfo(CurlInfo.RESPONSE_CODE) + " " + info.getinfo(CurlInfo.CONTENT_TYPE) + " " + info.getinfo(CurlInfo.HTTP_VERSION)
                + " " + info.getinfo(CurlInfo.SIZE_DOWNLOAD_T) + " B from " + info.getinfo(CurlInfo.EFFECTIVE_URL);
    }

    @Override
    public void failed(CurlError error) {
        add("failed " + error.codeName() + (error.isCancelled() ? " (cancelled)" : ""));
    }

    @Override
    public String toString() {
        return "LoggingRequest[" + url + "]";
    }
}
