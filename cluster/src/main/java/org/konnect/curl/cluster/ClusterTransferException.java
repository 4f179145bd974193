package org.konnect.curl.cluster;

/**
 * How {@link ClusterCurl#execute}, {@link ClusterCurl#download} and {@link ClusterCurl#upload}
 * fail: the request's {@link TransferReply.Failed} reply, whose
 * message names the {@code CURLE_*} code or the lost node.
 */
public final class ClusterTransferException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The reply; records are not serializable, and this exception stays in its JVM. */
    private final transient TransferReply.Failed failure;

    ClusterTransferException(TransferReply.Failed failure) {
        super(failure.cause() + (failure.codeName() != null ? " " + failure.codeName() : "") + ": " + failure.message());
        this.failure = failure;
    }

    /**
     * The failure as the owner or the requester reported it.
     *
     * @return the final reply
     */
    public TransferReply.Failed failure() {
        return failure;
    }
}
