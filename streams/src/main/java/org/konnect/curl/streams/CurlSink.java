package org.konnect.curl.streams;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.actors.MultiActor;

/**
 * An upload as a {@link Sink} of the body's bytes, run by a {@link MultiActor}: an HTTP PUT,
 * or a POST ({@code CurlOpt.POST} in {@code configure}), chunked unless a length is set
 * ({@code INFILESIZE_LARGE} for a PUT, {@code POSTFIELDSIZE_LARGE} for a POST); an FTP, SFTP or
 * SCP upload; an SMTP mail body ({@code MAIL_FROM}, {@code MAIL_RCPT} in {@code configure}).
 *
 * <p>The read callback pauses the transfer while upstream has nothing to give; the next
 * element resumes it. The sink pulls while less than a window of its bytes is still unread by
 * libcurl, so it holds about one window. Upstream completion ends the body. The materialized
 * value completes with the transfer's {@link TransferInfo}, or fails with the
 * {@link org.konnect.curl.CurlError} (the stream fails too); an upstream failure cancels the
 * transfer and fails the value with that failure.
 */
public final class CurlSink {
    /** The default window: 64 KiB. */
    public static final int DEFAULT_WINDOW_BYTES = 64 * 1024;

    private CurlSink() {}

    /** What one upload is: its URL, the caller's options, the window, what its result is. */
    record Spec<R>(String url, Consumer<ConfigHandle> configure, int windowBytes, Function<GetInfoHandle, ? extends R> completed) {}

    /**
     * An upload (libcurl's {@code UPLOAD}: an HTTP PUT, an FTP/SFTP/SCP upload) to {@code url}.
     *
     * @param curl the MultiActor that runs the transfer
     * @param url where to upload
     * @return a sink of the body's bytes; each materialization uploads again
     */
    public static Sink<ByteString, CompletionStage<TransferInfo>> upload(ActorRef<MultiActor.Command> curl, String url) {
        return upload(curl, url, h -> {}, DEFAULT_WINDOW_BYTES);
    }

    /**
     * An upload to {@code url} with options of the caller's.
     *
     * @param curl the MultiActor that runs the transfer
     * @param url where to upload
     * @param configure sets further options on the MultiActor's thread before the transfer starts;
     *        the stream sets {@code UPLOAD} and a {@code WRITEFUNCTION} that discards a response body
     *        before it, {@code URL} and {@code READFUNCTION} after it
     * @return a sink of the body's bytes; each materialization uploads again
     */
    public static Sink<ByteString, CompletionStage<TransferInfo>> upload(ActorRef<MultiActor.Command> curl, String url,
                                                                        Consumer<ConfigHandle> configure) {
        return upload(curl, url, configure, DEFAULT_WINDOW_BYTES);
    }

    /**
     * An upload to {@code url} with options of the caller's and a window of its own.
     *
     * @param curl the MultiActor that runs the transfer
     * @param url where to upload
     * @param configure sets further options on the MultiActor's thread before the transfer starts;
     *        the stream sets {@code UPLOAD} and a {@code WRITEFUNCTION} that discards a response body
     *        before it, {@code URL} and {@code READFUNCTION} after it
     * @param windowBytes how many pushed bytes may wait unread before the sink stops pulling; positive
     * @return a sink of the body's bytes; each materialization uploads again
     * @throws IllegalArgumentException if {@code windowBytes} is not positive
     */
    public static Sink<ByteString, CompletionStage<TransferInfo>> upload(ActorRef<MultiActor.Command> curl, String url,
                                                                        Consumer<ConfigHandle> configure, int windowBytes) {
        return upload(curl, url, configure, windowBytes, TransferInfo::of);
    }

    /**
     * An upload whose materialized value is the caller's own reading of {@code getinfo} (with
     * whatever its {@code configure} collected: a response's headers and body, say).
     *
     * @param curl the MultiActor that runs the transfer
     * @param url where to upload
     * @param configure as for {@link #upload(ActorRef, String, Consumer, int)}; it may set its own
     *        {@code WRITEFUNCTION} and {@code HEADERFUNCTION}
     * @param windowBytes how many pushed bytes may wait unread before the sink stops pulling; positive
     * @param completed the result, read on the MultiActor's thread once the transfer finished, as
     *        {@link org.konnect.curl.RequestProtocol#completed} is (the handle is valid during the call only)
     * @param <R> the result
     * @return a sink of the body's bytes; each materialization uploads again
     * @throws IllegalArgumentException if {@code windowBytes} is not positive
     */
    public static <R> Sink<ByteString, CompletionStage<R>> upload(ActorRef<MultiActor.Command> curl, String url,
                                                                 Consumer<ConfigHandle> configure, int windowBytes,
                                                                 Function<GetInfoHandle, ? extends R> completed) {
        Objects.requireNonNull(curl, "curl");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(configure, "configure");
        Objects.requireNonNull(completed, "completed");
        if (windowBytes <= 0) throw new IllegalArgumentException("CurlSink: windowBytes must be positive, was " + windowBytes);
        return Sink.fromGraph(new UploadStage<>(curl, new Spec<R>(url, configure, windowBytes, completed)));
    }
}
