package org.konnect.curl.actors;

import org.konnect.curl.CurlError;
import org.konnect.curl.testing.CountingRequest;

/**
 * One transfer of the load test, named by an id in its run's {@link ReplyLedger}. A small GET
 * knows the body size it must receive. A drip (a body sent slowly) reports one
 * {@code Update} as soon as its first bytes arrive: the proof, to its requester, that the
 * transfer is running; the requester then cancels it or stops itself.
 */
final class LoadRequest extends CountingRequest {
    /** What the requester does with the transfer. */
    enum Kind {
        /** A GET that must complete with 200 and every byte. */
        SMALL,
        /** A drip its requester cancels with {@code Cancel} once it runs. */
        CANCELLED_DRIP,
        /** A drip whose requester stops while it runs: the MultiActor's watch must cancel it. */
        ORPHANED_DRIP
    }

    final int id;
    final ReplyLedger ledger;
    final Kind kind;
    final long expectedBytes;
    private boolean reported;
    /** Set by the requester (on its own thread) when it sent the continuing Process. */
    boolean continued;
    /** Set on the MultiActor's thread when the transfer fails or is cancelled; read by the test. */
    private volatile CurlError failure;

    LoadRequest(int id, ReplyLedger ledger, Kind kind, String url, long expectedBytes) {
        super(url);
        this.id = id;
        this.ledger = ledger;
        this.kind = kind;
        this.expectedBytes = expectedBytes;
    }

    @Override
    public boolean hasUpdate() {
        return kind != Kind.SMALL && !reported && received() > 0;
    }

    @Override
    public Long getUpdate() {
        reported = true;
        return received();
    }

    @Override
    public void failed(CurlError error) {
        failure = error;
    }

    /** The last failure the engine reported through {@link #failed}, or null. */
    CurlError failure() {
        return failure;
    }
}
