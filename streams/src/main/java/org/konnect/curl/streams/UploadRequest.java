package org.konnect.curl.streams;

import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.Origin;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;

/**
 * The upload side of a {@link CurlSink}. The stream stage hands chunks over through a
 * {@link SendQueue} ({@link #offer}, {@link #finish}, on the stage's thread), which is libcurl's
 * read callback on the MultiActor's thread. Progress goes back as updates: the bytes read so
 * far, which the stage uses to pull upstream while less than a window is queued. Its result is
 * what the sink's {@code completed} reads from {@code getinfo} ({@link TransferInfo} unless the
 * caller gave its own).
 */
final class UploadRequest<R> implements RequestProtocol<Long, R> {
    private final String url;
    /** The URL's {@code scheme://host:port}, computed once: a {@code MultiActorPool} routes by it. */
    private final String origin;
    private final Consumer<ConfigHandle> configure;
    private final Function<GetInfoHandle, ? extends R> completed;
    private final SendQueue queue = new SendQueue();
    /** The MultiActor's thread only: the bytes read and reported. */
    private long reported;

    UploadRequest(String url, Consumer<ConfigHandle> configure, Function<GetInfoHandle, ? extends R> completed) {
        this.url = url;
        this.origin = Origin.of(url);
        this.configure = configure;
        this.completed = completed;
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        queue.attach(h);
        h.setopt(CurlOpt.UPLOAD, true);   // before the caller's options: a POST (CurlOpt.POST) replaces it
        // A response body is not the sink's business; without this libcurl would print it to stdout.
        h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> data.remaining());
        configure.accept(h);
        h.setopt(CurlOpt.URL, url);
        h.setopt(CurlOpt.READFUNCTION, queue);
    }

    /** From the stage: one more chunk to send. */
    void offer(ByteString chunk) {
        queue.offer(chunk);
    }

    /** From the stage: upstream has finished; the read callback ends the body once the queue is empty. */
    void finish() {
        queue.finish();
    }

    @Override
    public boolean hasUpdate() {
        return queue.bytesRead() != reported;
    }

    @Override
    public Long getUpdate() {
        reported = queue.bytesRead();
        return reported;
    }

    @Override
    public R completed(GetInfoHandle info) {
        return completed.apply(info);
    }

    @Override
    public String toString() {
        return "CurlSink.upload[" + url + "]";
    }

    @Override
    public String origin() {
        return origin;
    }
}
