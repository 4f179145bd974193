package org.konnect.curl.bench;

import org.konnect.curl.ConfigHandle;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.RequestProtocol;

/**
 * A request that never transfers: its {@code configureHandle}, which runs on the owner thread
 * of the Multi the moment the {@code Process} is handled, records that time and thread, then
 * fails the request (a hook that throws fails its own transfer only; the reply is a Failed).
 */
final class Probe implements RequestProtocol<Void, Void> {
    private static final RuntimeException DONE = new RuntimeException("probe: recorded, no transfer", null, false, false) {};

    volatile long handledAt;
    volatile Thread thread;
    volatile String tid;
    /** The owner thread's wait for a CPU so far, read right after {@link #handledAt} (-1: not asked). */
    volatile long runDelayAtHandle = -1;
    private final boolean identify;
    private final String ownerTid;

    Probe() {
        this(false);
    }

    /** With {@code identify}, also records the kernel thread id (reads /proc: not for latency probes). */
    Probe(boolean identify) {
        this.identify = identify;
        this.ownerTid = null;
    }

    /** Also reads how long thread {@code ownerTid} (the owner's, found by an identifying probe) has waited for a CPU. */
    Probe(String ownerTid) {
        this.identify = false;
        this.ownerTid = ownerTid;
    }

    @Override
    public void configureHandle(ConfigHandle handle) {
        handledAt = System.nanoTime();
        thread = Thread.currentThread();
        if (identify) tid = ThreadCpu.currentTid();
        if (ownerTid != null) runDelayAtHandle = ThreadCpu.runDelayNanos(ownerTid);
        throw DONE;
    }

    @Override
    public Void completed(GetInfoHandle info) {
        return null;
    }
}
