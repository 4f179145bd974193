package org.konnect.curl.fuzz;

import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.Multi;
import org.konnect.curl.Outcome;

/**
 * Calls from a case into its Multi at random points: cancel, close, pause, wake-up, a nested
 * process or perform, a setopt after configuration, a stale {@link GetInfoHandle}, calls from
 * another thread. Each must do what it documents where it is made, or throw the documented
 * {@link IllegalStateException}; inside a hook or a libcurl callback, process and perform must
 * be refused.
 */
final class Actions {
    private static final int[] PAUSES = {ConfigHandle.PAUSE_CONT, ConfigHandle.PAUSE_RECV, ConfigHandle.PAUSE_SEND,
        ConfigHandle.PAUSE_ALL, ConfigHandle.PAUSE_CONT, 8, -1};

    private final FuzzCase c;

    Actions(FuzzCase c) {
        this.c = c;
    }

    void random(FuzzCase.Where where) {
        Random r = c.rnd;
        Multi multi = c.batch.multi;
        int roll = r.nextInt(100);
        if (roll < 12) cancel(where, c);
        else if (roll < 24) cancel(where, c.batch.randomCase(r));
        else if (roll < 28) close(where);
        else if (roll < 40) pause(where, c, PAUSES[r.nextInt(PAUSES.length)]);
        else if (roll < 48) pause(where, c.batch.randomCase(r), PAUSES[r.nextInt(PAUSES.length)]);
        else if (roll < 52) multi.wakeup();
        else if (roll < 62) process(where);
        else if (roll < 70) perform(where);
        else if (roll < 78) lateSetopt(where);
        else if (roll < 84) staleInfo(where);
        else if (roll < 96) fromOtherThread(where);
        else c.log.add(where + ": " + multi.transferCount() + " transfers, " + multi.activeTransfers() + " active");
    }

    private boolean refusedOnlyWhenClosed(FuzzCase.Where where) {
        return where == FuzzCase.Where.CONTINUATION || where == FuzzCase.Where.DRIVER;
    }

    private void cancel(FuzzCase.Where where, FuzzCase target) {
        Multi multi = c.batch.multi;
        boolean closed = multi.isClosed();
        try {
            boolean known = multi.cancel(target);
            c.log.add(where + ": cancel(" + target + ") = " + known);
            if (closed) c.problem("cancel on a closed Multi did not throw");
        } catch (IllegalStateException e) {
            if (!closed) c.problem(where + ": cancel(" + target + ") on an open Multi threw " + e, e);
        } catch (Throwable t) {
            c.problem(where + ": cancel(" + target + ") threw " + t, t);
        }
    }

    private void close(FuzzCase.Where where) {
        c.log.add(where + ": close()");
        try {
            c.batch.multi.close();
        } catch (Throwable t) {
            c.problem(where + ": close() threw " + t, t);
        }
    }

    /** Pause or resume, on the owner thread: an invalid bitmask is an IAE, libcurl's refusal a CurlError. */
    private void pause(FuzzCase.Where where, FuzzCase target, int bits) {
        ConfigHandle h = target.handle;
        if (h == null) return;
        boolean valid = (bits & ~ConfigHandle.PAUSE_ALL) == 0;
        try {
            h.pause(bits);
            c.log.add(where + ": pause(" + bits + ") of " + target);
            if (!valid) c.problem("pause(" + bits + ") accepted an invalid bitmask");
        } catch (IllegalArgumentException e) {
            if (valid) c.problem(where + ": pause(" + bits + ") threw " + e, e);
        } catch (CurlError e) {
            c.log.add(where + ": pause(" + bits + ") of " + target + " -> " + e.getMessage());
        } catch (Throwable t) {
            c.problem(where + ": pause(" + bits + ") threw " + t, t);
        }
    }

    /** A new case from a continuation or the driver; refused inside hooks and callbacks. */
    private void process(FuzzCase.Where where) {
        Multi multi = c.batch.multi;
        boolean closed = multi.isClosed();
        if (!c.batch.canGrow()) return;
        FuzzCase fresh = c.batch.newCase();
        try {
            CompletableFuture<Outcome<Object, Object>> stage = multi.process(fresh).toCompletableFuture();
            c.batch.started(fresh, stage);
            c.log.add(where + ": process(" + fresh + ")");
            if (closed || !refusedOnlyWhenClosed(where)) c.problem(where + ": process was not refused");
        } catch (IllegalStateException e) {
            c.batch.dropCase(fresh);
            if (!closed && refusedOnlyWhenClosed(where)) c.problem(where + ": process on an open Multi threw " + e, e);
        } catch (Throwable t) {
            c.batch.dropCase(fresh);
            c.problem(where + ": process threw " + t, t);
        }
    }

    private void perform(FuzzCase.Where where) {
        Multi multi = c.batch.multi;
        boolean closed = multi.isClosed();
        try {
            multi.perform(0);
            c.log.add(where + ": perform(0)");
            if (closed || !refusedOnlyWhenClosed(where)) c.problem(where + ": perform was not refused");
        } catch (IllegalStateException e) {
            if (!closed && refusedOnlyWhenClosed(where)) c.problem(where + ": perform on an open Multi threw " + e, e);
        } catch (Throwable t) {
            c.problem(where + ": perform threw " + t, t);
        }
    }

    /** setopt once configureHandle has returned: always refused. */
    private void lateSetopt(FuzzCase.Where where) {
        ConfigHandle h = c.handle;
        if (h == null || where == FuzzCase.Where.CONFIGURE) return;
        try {
            h.setopt(CurlOpt.URL, "http://127.0.0.1:" + c.batch.sandbox.refusedPort + "/late");
            c.problem(where + ": setopt after configureHandle was accepted");
        } catch (IllegalStateException expected) {
            // refused, as documented
        } catch (Throwable t) {
            c.problem(where + ": a late setopt threw " + t, t);
        }
    }

    private void staleInfo(FuzzCase.Where where) {
        GetInfoHandle info = c.batch.staleInfo;
        if (info == null) return;
        try {
            info.getinfo(CurlInfo.RESPONSE_CODE);
            c.problem(where + ": a GetInfoHandle read after its completed() returned");
        } catch (IllegalStateException expected) {
            // refused, as documented
        } catch (Throwable t) {
            c.problem(where + ": a stale GetInfoHandle threw " + t, t);
        }
    }

    /** From another thread: everything but pause and wakeup refused; a pause is handed over, not awaited. */
    private void fromOtherThread(FuzzCase.Where where) {
        Multi multi = c.batch.multi;
        ConfigHandle h = c.handle;
        Random r = c.rnd;
        switch (r.nextInt(5)) {
            case 0:
                if (h != null) {
                    int bits = PAUSES[r.nextInt(PAUSES.length)];
                    c.batch.otherThread.execute(() -> {
                        try {
                            h.pause(bits);
                        } catch (IllegalArgumentException e) {
                            if ((bits & ~ConfigHandle.PAUSE_ALL) == 0) c.problem("pause(" + bits + ") from another thread threw " + e, e);
                        } catch (Throwable t) {
                            c.problem("pause(" + bits + ") from another thread threw " + t, t);
                        }
                    });
                }
                return;
            case 1:
                FuzzCase stray = c.batch.stray();
                refusedElsewhere(where, "process", () -> multi.process(stray));
                return;
            case 2: refusedElsewhere(where, "perform", () -> multi.perform(0)); return;
            case 3: refusedElsewhere(where, "cancel", () -> multi.cancel(c)); return;
            default:
                if (h != null) refusedElsewhere(where, "setopt", () -> h.setopt(CurlOpt.VERBOSE, 1L));
        }
    }

    /** During completed(): the live GetInfoHandle is the owner thread's only. */
    void infoFromOtherThread(GetInfoHandle info) {
        if (c.rnd.nextInt(20) == 0) refusedElsewhere(FuzzCase.Where.HOOK, "getinfo", () -> info.getinfo(CurlInfo.RESPONSE_CODE));
    }

    private void refusedElsewhere(FuzzCase.Where where, String what, Callable<?> call) {
        Throwable outcome;
        try {
            outcome = c.batch.otherThread.submit(() -> {
                try {
                    call.call();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            c.problem(where + ": " + what + " from another thread did not return: " + e, e);
            return;
        }
        if (!(outcome instanceof IllegalStateException)) {
            c.problem(where + ": " + what + " from another thread gave " + outcome + " instead of an IllegalStateException", outcome);
        }
    }
}
