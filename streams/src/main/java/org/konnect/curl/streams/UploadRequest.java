package org.konnect.curl.streams;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.ReadCallback;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;

/**
 * The upload side of a {@link CurlSink}. The stream stage hands chunks over through a queue
 * ({@link #offer}, {@link #finish}, on the stage's thread); libcurl's read callback takes them
 * on the MultiActor's thread. With nothing queued the read callback answers PAUSE, and the
 * stage's next chunk resumes the transfer ({@link ConfigHandle#pause}, which hands the resume
 * to the MultiActor's thread). Progress goes back as updates: the bytes read so far, which the
 * stage uses to pull upstream while less than a window is queued.
 */
final class UploadRequest implements RequestProtocol<Long, TransferInfo>, ReadCallback {
    private final String url;
    private final Consumer<ConfigHandle> configure;
    private final ConcurrentLinkedQueue<ByteString> queue = new ConcurrentLinkedQueue<>();
    /** Set by the read callback just before it answers PAUSE; whoever clears it resumes the transfer. */
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile boolean finished;
    private volatile ConfigHandle handle;
    /** The MultiActor's thread only: the chunk being read, and the bytes read and reported. */
    private ByteString current = ByteString.emptyByteString();
    private long read;
    private long reported;

    UploadRequest(String url, Consumer<ConfigHandle> configure) {
        this.url = url;
        this.configure = configure;
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        handle = h;
        h.setopt(CurlOpt.UPLOAD, true);   // before the caller's options: a POST (CurlOpt.POST) replaces it
        // A response body is not the sink's business; without this libcurl would print it to stdout.
        h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> data.remaining());
        configure.accept(h);
        h.setopt(CurlOpt.URL, url);
        h.setopt(CurlOpt.READFUNCTION, this);
    }

    /** From the stage: one more chunk to send. */
    void offer(ByteString chunk) {
        queue.add(chunk);
        resumeIfPaused();
    }

    /** From the stage: upstream has finished; the read callback ends the body once the queue is empty. */
    void finish() {
        finished = true;
        resumeIfPaused();
    }

    private void resumeIfPaused() {
        if (paused.compareAndSet(true, false)) handle.pause(ConfigHandle.PAUSE_CONT);
    }

    @Override
    public int read(ByteBuffer buffer) {
        while (current.isEmpty()) {
            ByteString next = queue.poll();
            if (next != null) {
                current = next;
                continue;
            }
            if (finished && queue.isEmpty()) return 0;   // the end of the body
            paused.set(true);
            // A chunk (or the end) offered between the poll and the flag is seen here, not lost.
            if (!queue.isEmpty() || finished) {
                if (paused.compareAndSet(true, false)) continue;
            }
            return PAUSE;
        }
        int n = current.copyToBuffer(buffer);
        current = current.drop(n);
        read += n;
        return n;
    }

    @Override
    public boolean hasUpdate() {
        return read != reported;
    }

    @Override
    public Long getUpdate() {
        reported = read;
        return read;
    }

    @Override
    public TransferInfo completed(GetInfoHandle info) {
        return TransferInfo.of(info);
    }

    @Override
    public String toString() {
        return "CurlSink.upload[" + url + "]";
    }
}
