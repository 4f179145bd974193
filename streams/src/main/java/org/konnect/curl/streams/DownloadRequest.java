package org.konnect.curl.streams;

import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.Origin;
import org.konnect.curl.RequestProtocol;

/**
 * The download side of a {@link CurlSource}, run by the MultiActor on its own thread (every
 * method here runs there). Its {@link ReceiveWindow} is the write callback; each update hands
 * the window's chunks to the stream stage and resumes the transfer if the window had paused it;
 * the stage asks for the next update only when it has passed the last one on, so at most about
 * two windows are held per stream.
 */
final class DownloadRequest implements RequestProtocol<List<ByteString>, TransferInfo> {
    private final String url;
    /** The URL's {@code scheme://host:port}, computed once: a {@code MultiActorPool} routes by it. */
    private final String origin;
    private final Consumer<ConfigHandle> configure;
    /**
     * libcurl refuses PAUSE from the write callback of a file:// transfer (it reads the file in
     * one call), so such a download takes every chunk: its window is not bounded.
     */
    private final ReceiveWindow window;

    DownloadRequest(String url, Consumer<ConfigHandle> configure, int windowBytes) {
        this.url = url;
        this.origin = Origin.of(url);
        this.configure = configure;
        this.window = new ReceiveWindow(windowBytes, !url.regionMatches(true, 0, "file:", 0, 5));
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        window.attach(h);
        configure.accept(h);
        // After the caller's options: the URL is the stream's, and so is the body.
        h.setopt(CurlOpt.URL, url);
        h.setopt(CurlOpt.WRITEFUNCTION, window);
    }

    @Override
    public boolean hasUpdate() {
        return !window.isEmpty();
    }

    @Override
    public List<ByteString> getUpdate() {
        return window.take();
    }

    @Override
    public TransferInfo completed(GetInfoHandle info) {
        return TransferInfo.of(info);
    }

    @Override
    public String toString() {
        return "CurlSource.download[" + url + "]";
    }

    @Override
    public String origin() {
        return origin;
    }
}
