package org.konnect.curl.streams;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;

/**
 * The download side of a {@link CurlSource}, run by the MultiActor on its own thread (every
 * method here runs there). The write callback copies each chunk out of its view once,
 * into a {@link ByteString}, and keeps it in a window of at most {@code windowBytes}; when the
 * window is full it answers PAUSE, so libcurl keeps the chunk and stops reading the
 * connection. Each update hands the window's chunks to the stream stage and resumes the
 * transfer if the window had paused it; the stage asks for the next update only when it has
 * passed the last one on, so at most about two windows are held per stream.
 */
final class DownloadRequest implements RequestProtocol<List<ByteString>, TransferInfo>, WriteCallback {
    private final String url;
    private final Consumer<ConfigHandle> configure;
    private final int windowBytes;
    /**
     * libcurl refuses PAUSE from the write callback of a file:// transfer (it reads the file in
     * one call), so such a download takes every chunk: its window is not bounded.
     */
    private final boolean pausable;
    private final ArrayList<ByteString> window = new ArrayList<>();
    private int bytesInWindow;
    private boolean pausedByWindow;
    private ConfigHandle handle;

    DownloadRequest(String url, Consumer<ConfigHandle> configure, int windowBytes) {
        this.url = url;
        this.configure = configure;
        this.windowBytes = windowBytes;
        this.pausable = !url.regionMatches(true, 0, "file:", 0, 5);
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        handle = h;
        configure.accept(h);
        // After the caller's options: the URL is the stream's, and so is the body.
        h.setopt(CurlOpt.URL, url);
        h.setopt(CurlOpt.WRITEFUNCTION, this);
    }

    @Override
    public int write(ByteBuffer data) {
        if (pausable && bytesInWindow >= windowBytes) {
            pausedByWindow = true;
            return PAUSE;
        }
        int n = data.remaining();
        window.add(ByteString.fromByteBuffer(data));
        bytesInWindow += n;
        return n;
    }

    @Override
    public boolean hasUpdate() {
        return !window.isEmpty();
    }

    @Override
    public List<ByteString> getUpdate() {
        List<ByteString> chunks = List.copyOf(window);
        window.clear();
        bytesInWindow = 0;
        if (pausedByWindow) {
            pausedByWindow = false;
            handle.pause(ConfigHandle.PAUSE_CONT);   // libcurl hands the chunk it kept to write() again
        }
        return chunks;
    }

    @Override
    public TransferInfo completed(GetInfoHandle info) {
        return TransferInfo.of(info);
    }

    @Override
    public String toString() {
        return "CurlSource.download[" + url + "]";
    }
}
