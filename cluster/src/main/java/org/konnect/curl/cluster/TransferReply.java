package org.konnect.curl.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.SinkRef;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.util.ByteString;
import org.konnect.curl.CurlError;

/**
 * What a requester gets for one {@link ClusterCurl.Execute}: {@link Accepted} each time an owner
 * takes the request (an interim reply: once, or twice when it was resent after a node loss), then
 * exactly one final reply, {@link Completed} or {@link Failed}. A streamed request
 * ({@link ClusterCurl#download}) also gets {@link Streaming}, with the body, after its Accepted;
 * a streamed upload ({@link ClusterCurl#upload}) gets {@link Uploading}, where its body goes. Every reply names the request by
 * the id the requester gave it.
 */
public sealed interface TransferReply extends ClusterMessage permits TransferReply.Accepted, TransferReply.Streaming,
        TransferReply.Uploading, TransferReply.Final {
    /**
     * The requester's id of the request.
     *
     * @return the id given in {@link ClusterCurl.Execute}
     */
    String requestId();

    /** A final reply: {@link Completed} or {@link Failed}; exactly one per request. */
    sealed interface Final extends TransferReply permits Completed, Failed {}

    /**
     * The entity of the request's origin took it and runs it on its node's pool.
     *
     * @param requestId the requester's id of the request
     * @param node the address of the node that runs it, e.g. {@code pekko://crawl@127.0.0.1:25520}
     * @param entity the origin's entity, which the requester watches until the final reply
     */
    record Accepted(String requestId, String node, ActorRef<OriginEntity.Command> entity) implements TransferReply {}

    /**
     * The body of a streamed request ({@link ClusterCurl#download}), an interim reply after
     * {@link Accepted}: the owner runs the transfer as a {@code CurlSource} into a
     * {@link SourceRef}, which the requesting node consumes with back-pressure across the cluster.
     * The final reply follows when the transfer ends; its {@link Completed#body()} is empty.
     *
     * @param requestId the requester's id of the request
     * @param body the response body, as a stream the requesting node subscribes to
     * @param node the address of the node that runs it
     */
    record Streaming(String requestId, SourceRef<ByteString> body, String node) implements TransferReply {}

    /**
     * Where the request body of a streamed upload ({@link ClusterCurl#upload}) goes, an interim
     * reply after {@link Accepted}: a {@link SinkRef} on the owner, which feeds the transfer there.
     * The final reply (with the response, its body capped as for any request) follows when the
     * transfer ends.
     *
     * @param requestId the requester's id of the request
     * @param body the request body's way to the owner
     * @param node the address of the node that runs it
     */
    record Uploading(String requestId, SinkRef<ByteString> body, String node) implements TransferReply {}

    /**
     * The transfer finished: libcurl returned {@code CURLE_OK}, whatever the response code.
     *
     * @param requestId the requester's id of the request
     * @param status {@code CURLINFO_RESPONSE_CODE}
     * @param headers the last response's header fields, in order (after redirects: the final one's)
     * @param body the response body
     * @param info what {@code getinfo} said
     * @param node the address of the node that ran it
     */
    record Completed(String requestId, int status, List<Header> headers, byte[] body, TransferSummary info, String node)
            implements Final {
        /** Copies the header list; the body array is the reply's own. */
        public Completed {
            headers = headers == null ? List.of() : List.copyOf(headers);
            body = body == null ? new byte[0] : body;
        }

        /**
         * The values of the header fields named {@code name}, in case-insensitive comparison.
         *
         * @param name a field name
         * @return the values in order; empty if there is none
         */
        public List<String> header(String name) {
            return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
        }

        /**
         * Equal when every field is, the body by its bytes.
         *
         * @param o the other object
         * @return whether {@code o} is the same reply
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof Completed c && requestId.equals(c.requestId) && status == c.status && headers.equals(c.headers)
                    && Arrays.equals(body, c.body) && Objects.equals(info, c.info) && Objects.equals(node, c.node);
        }

        /**
         * A hash code consistent with {@link #equals}.
         *
         * @return the hash
         */
        @Override
        public int hashCode() {
            return Objects.hash(requestId, status, headers, Arrays.hashCode(body), info, node);
        }

        /**
         * The status, size and node, without the body.
         *
         * @return a short description
         */
        @Override
        public String toString() {
            return "Completed[" + requestId + ", " + status + ", " + body.length + " bytes, on " + node + "]";
        }
    }

    /** Why a request failed. */
    enum Cause {
        /**
         * libcurl failed the transfer, or its description could not run (an unknown option; a body
         * over max-body-bytes is refused before it is sent, as {@code CURLE_BAD_FUNCTION_ARGUMENT}):
         * {@link Failed#codeName()} says how.
         */
        CURL,
        /**
         * The request's owner stopped before it answered: its node was lost (downed, crashed, cut
         * off, shutting down) or its entity or MultiActor stopped without finishing it.
         * {@link Failed#node()} names the node.
         */
        OWNER_LOST,
        /** No owner accepted it within the acceptance timeout (the cluster could not place its origin). */
        NOT_ACCEPTED
    }

    /**
     * The request failed; it was not retried, or its retry failed too.
     *
     * @param requestId the requester's id of the request
     * @param cause what kind of failure it was
     * @param codeName for {@link Cause#CURL}: the {@code CURLE_*} name; otherwise {@code null}
     * @param code for {@link Cause#CURL}: libcurl's {@code CURLcode}; otherwise -1
     * @param message what went wrong, in words
     * @param node the node that ran it or was lost running it; {@code null} if none accepted it
     */
    record Failed(String requestId, Cause cause, String codeName, int code, String message, String node) implements Final {
        /** {@code CURLE_BAD_FUNCTION_ARGUMENT}: a description the requester refuses before sending it. */
        private static final int BAD_ARGUMENT = org.konnect.curl.jni.LibcurlConstants.CURLE_BAD_FUNCTION_ARGUMENT;

        /** Requires the id, cause and message. */
        public Failed {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(message, "message");
        }

        static Failed ofCurl(String requestId, CurlError error, String node) {
            return new Failed(requestId, Cause.CURL, error.codeName(), error.code(), error.getMessage(), node);
        }

        static Failed ownerStopping(String requestId, CurlError error, String node) {
            return new Failed(requestId, Cause.OWNER_LOST, error.codeName(), error.code(), "node " + node
                    + " stopped running the request: " + error.getMessage(), node);
        }

        static Failed ownerLost(String requestId, String origin, String node, boolean wasRetry) {
            return new Failed(requestId, Cause.OWNER_LOST, null, -1, "the owner of " + origin + " on node " + node
                    + " stopped before answering (node lost, or its entity stopped)"
                    + (wasRetry ? "; this was the request's second attempt, after an earlier loss" : ""), node);
        }

        static Failed notAccepted(String requestId, String origin, java.time.Duration timeout) {
            return new Failed(requestId, Cause.NOT_ACCEPTED, null, -1, "no owner of " + origin + " accepted the request within "
                    + timeout.toMillis() + " ms (konnect.curl.cluster.acceptance-timeout)", null);
        }

        static Failed refused(String requestId, String message) {
            return new Failed(requestId, Cause.CURL, "CURLE_BAD_FUNCTION_ARGUMENT", BAD_ARGUMENT, message, null);
        }
    }
}
