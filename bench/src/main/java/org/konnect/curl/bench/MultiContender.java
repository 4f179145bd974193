package org.konnect.curl.bench;

import org.konnect.curl.Multi;
import org.konnect.curl.MultiOptions;

/**
 * {@code multi}: the engine's {@link Multi} driven on the calling thread. N requests are
 * started; each completion starts the next one (from the stage's continuation, which the
 * engine runs on the owner thread after its loop bookkeeping).
 */
final class MultiContender implements Contender {
    private final Multi multi;
    private long started, done, ok, failed, bytes;
    private int count;
    private Spec spec;
    /** Diagnostics: when set, the duration of every perform call is recorded here. */
    long[] performNanos;
    int performCalls;

    MultiContender(int maxHostConnections) {
        this.multi = Multi.open(MultiOptions.DEFAULTS.withMaxHostConnections(maxHostConnections));
    }

    @Override
    public Result run(Spec spec) {
        this.spec = spec;
        count = spec.count();
        started = done = ok = failed = bytes = 0;
        int first = Math.min(spec.inflight(), count);
        for (int i = 0; i < first; i++) start();
        if (performNanos == null) {
            while (done < count) multi.perform(1000);
        } else {
            while (done < count) {
                long t0 = System.nanoTime();
                multi.perform(1000);
                if (performCalls < performNanos.length) performNanos[performCalls++] = System.nanoTime() - t0;
            }
        }
        return new Result(ok, failed, bytes);
    }

    private void start() {
        started++;
        CountingGet get = new CountingGet(spec);
        multi.process(get).whenComplete((outcome, error) -> {
            done++;
            if (error == null && outcome instanceof org.konnect.curl.Outcome.Final<Void, Long> c && c.result() >= 0) {
                ok++;
                bytes += c.result();
            } else {
                failed++;
                Failures.report(get, error);
            }
            if (started < count) start();
        });
    }

    Multi multi() {
        return multi;
    }

    @Override
    public void close() {
        multi.close();
    }
}
