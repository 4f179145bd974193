package org.konnect.curl.streams;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.actors.MultiActor;

/**
 * A download over any protocol libcurl speaks (HTTP(S), FTP(S), SFTP, SCP, IMAP, POP3, file://,
 * ...) as a {@link Source} of the body's bytes, run by a {@link MultiActor}.
 *
 * <p>Demand drives the transfer. Each chunk libcurl receives is copied once out of libcurl's
 * buffer into a {@link ByteString}, and one element is one such chunk. The MultiActor keeps at
 * most a window of chunks for the stream; when the window is full, the write callback pauses
 * the transfer and the connection stops reading (the TCP window closes), until downstream has
 * taken the chunks before it. So a stream holds about two windows, whatever the body's size.
 * Except for {@code file://}: libcurl reads a local file in one call and refuses to pause it,
 * so such a stream takes the whole file into memory as fast as libcurl reads it (for large
 * local files, Pekko's {@code FileIO.fromPath} streams with bounded memory).
 *
 * <p>The materialized value completes with the transfer's {@link TransferInfo} when the last
 * element has been pushed, or fails with the {@link org.konnect.curl.CurlError} that failed
 * the stream; downstream cancellation cancels the transfer and fails it with a cancelled
 * {@code CurlError}. Each materialization runs a transfer of its own.
 */
public final class CurlSource {
    /**
     * The default window, 1 MiB: 64 of libcurl's 16 KiB write chunks. A window fills while the
     * stream's stage waits for a core (on 2 cores the stage, the MultiActor and the server take
     * turns), and a full one pauses the transfer until the stage asks again; the larger the window,
     * the fewer pauses. With the JIT warm (48 downloads of 64 MiB first), the bench {@code stream}
     * workload (16 x 64 MiB over loopback) took 0.65-0.82 s per GiB at 1 MiB, against 0.88-1.38 s
     * at 256 KiB (earlier measurements, with a colder JIT, had shown no gain above 256 KiB). A
     * stalled stream holds about two windows: a thousand of them about 2 GiB at this size, so pass
     * a smaller window for many slow consumers.
     */
    public static final int DEFAULT_WINDOW_BYTES = 1024 * 1024;

    private CurlSource() {}

    /**
     * The body of {@code url}, with libcurl's defaults.
     *
     * @param curl the MultiActor that runs the transfer
     * @param url the URL, of any scheme the loaded libcurl supports
     * @return a source of the body's chunks; each materialization downloads again
     */
    public static Source<ByteString, CompletionStage<TransferInfo>> download(ActorRef<MultiActor.Command> curl, String url) {
        return download(curl, url, h -> {}, DEFAULT_WINDOW_BYTES);
    }

    /**
     * The body of {@code url}, with options of the caller's.
     *
     * @param curl the MultiActor that runs the transfer
     * @param url the URL, of any scheme the loaded libcurl supports
     * @param configure sets further options ({@code setopt}) on the MultiActor's thread before the
     *        transfer starts; the stream sets {@code URL} and {@code WRITEFUNCTION} after it
     * @return a source of the body's chunks; each materialization downloads again
     */
    public static Source<ByteString, CompletionStage<TransferInfo>> download(ActorRef<MultiActor.Command> curl, String url,
                                                                            Consumer<ConfigHandle> configure) {
        return download(curl, url, configure, DEFAULT_WINDOW_BYTES);
    }

    /**
     * The body of {@code url}, with options of the caller's and a window of its own.
     *
     * @param curl the MultiActor that runs the transfer
     * @param url the URL, of any scheme the loaded libcurl supports
     * @param configure sets further options on the MultiActor's thread before the transfer starts;
     *        the stream sets {@code URL} and {@code WRITEFUNCTION} after it
     * @param windowBytes how many received bytes the MultiActor keeps for the stream before it
     *        pauses the transfer; positive
     * @return a source of the body's chunks; each materialization downloads again
     * @throws IllegalArgumentException if {@code windowBytes} is not positive
     */
    public static Source<ByteString, CompletionStage<TransferInfo>> download(ActorRef<MultiActor.Command> curl, String url,
                                                                            Consumer<ConfigHandle> configure, int windowBytes) {
        Objects.requireNonNull(curl, "curl");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(configure, "configure");
        if (windowBytes <= 0) throw new IllegalArgumentException("CurlSource: windowBytes must be positive, was " + windowBytes);
        return Source.fromGraph(new DownloadStage<>(curl, () -> new DownloadRequest(url, configure, windowBytes)));
    }

    /**
     * The body of a transfer of the caller's own: each materialization takes a request from
     * {@code requests} and runs it, or continues it when another requester started it and the
     * request hands itself over. The request's updates are the body's chunks in order (an empty
     * update is allowed; build them on a {@link ReceiveWindow} for back-pressure), its result the
     * materialized value. The stream sends {@code Process} while it has demand, and {@code Cancel}
     * when it stops before the end; a supplier that throws fails the stream with its exception.
     *
     * @param <R> the request's result
     * @param curl the MultiActor that runs (or already runs) the transfer
     * @param requests gives the request of each materialization
     * @return a source of the body's chunks
     */
    public static <R> Source<ByteString, CompletionStage<R>> fromRequests(
            ActorRef<MultiActor.Command> curl, Supplier<? extends RequestProtocol<List<ByteString>, R>> requests) {
        Objects.requireNonNull(curl, "curl");
        Objects.requireNonNull(requests, "requests");
        return Source.fromGraph(new DownloadStage<>(curl, requests));
    }
}
