package org.konnect.curl.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.HttpVersion;

/**
 * One HTTP response as a value: status, reason, HTTP version, headers in order with repeats, the
 * URI that answered (after redirects), the body ({@link ResponseBody}: strict, or a stream to run
 * once) and the trailers, known when the body has ended. Immutable. A response with a status of
 * 400 or more is a response like any other, not a failure.
 */
public final class HttpResponse {
    private final ResponseHead head;
    private final ResponseBody body;
    private final CompletionStage<HttpHeaders> trailers;
    private final Runnable discard;

    HttpResponse(ResponseHead head, ResponseBody body, CompletionStage<HttpHeaders> trailers, Runnable discard) {
        this.head = head;
        this.body = body;
        this.trailers = trailers;
        this.discard = discard;
    }

    static HttpResponse strict(ResponseHead head, ByteString body, HttpHeaders trailers) {
        return new HttpResponse(head, new ResponseBody.Strict(body), CompletableFuture.completedFuture(trailers), () -> {});
    }

    /** @return the status code */
    public int status() {
        return head.status();
    }

    /** @return the reason phrase, empty over HTTP/2 and HTTP/3 */
    public String reason() {
        return head.reason();
    }

    /** @return the HTTP version of the response */
    public HttpVersion version() {
        return head.version();
    }

    /** @return the header fields, in order, repeats kept */
    public HttpHeaders headers() {
        return head.headers();
    }

    /** @return the URI that answered: the request's, or where its redirects led */
    public URI uri() {
        return head.uri();
    }

    /** @return whether the status is 2xx */
    public boolean isSuccess() {
        return head.status() / 100 == 2;
    }

    /** @return the body */
    public ResponseBody body() {
        return body;
    }

    /**
     * The trailer fields, sent after the body (HTTP/1.1 chunked trailers, HTTP/2 trailing
     * headers); complete once the body has ended, failed if it fails or is discarded.
     *
     * @return the trailers, empty when the server sent none
     */
    public CompletionStage<HttpHeaders> trailers() {
        return trailers;
    }

    /**
     * The whole body of a strict response.
     *
     * @return the bytes
     * @throws IllegalStateException for a streamed response (use {@link #toStrict})
     */
    public ByteString bodyBytes() {
        if (body instanceof ResponseBody.Strict s) return s.bytes();
        throw new IllegalStateException("the body of this response is streamed: run body().source(), or toStrict(...)");
    }

    /**
     * The whole body of a strict response as UTF-8 text.
     *
     * @return the text
     * @throws IllegalStateException for a streamed response
     */
    public String bodyText() {
        return bodyBytes().decodeString(StandardCharsets.UTF_8);
    }

    /**
     * This response with its body collected, at most {@code maxBytes} of it.
     *
     * @param maxBytes the most bytes to collect; more fail the stage with an {@link IllegalStateException}
     *        and cancel the transfer
     * @param system where the body's stream runs
     * @return the strict response (this one, if it is strict already)
     */
    public CompletionStage<HttpResponse> toStrict(long maxBytes, ClassicActorSystemProvider system) {
        if (body instanceof ResponseBody.Strict) return CompletableFuture.completedFuture(this);
        return body.source()
                .limitWeighted(maxBytes, b -> (long) b.length())
                .mapError(org.apache.pekko.stream.StreamLimitReachedException.class,
                        e -> new IllegalStateException("the body of " + head.uri() + " has more than the " + maxBytes
                                + " bytes toStrict allows", e))
                .runWith(Sink.<ByteString, ByteString>fold(ByteString.emptyByteString(), (acc, b) -> acc.concat(b)), system)
                .thenCombine(trailers, (bytes, t) -> new HttpResponse(head, new ResponseBody.Strict(bytes),
                        CompletableFuture.completedFuture(t), () -> {}));
    }

    /**
     * Drops a streamed body that will not be run: its transfer is cancelled (the connection is
     * closed) and its origin's slot freed now rather than after the subscription timeout. Does
     * nothing for a strict body, or one being run.
     */
    public void discardBody() {
        discard.run();
    }

    @Override
    public String toString() {
        return "HttpResponse[" + head.status() + " " + head.reason() + ", " + head.uri() + "]";
    }
}
