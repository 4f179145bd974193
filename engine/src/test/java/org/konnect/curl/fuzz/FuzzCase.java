package org.konnect.curl.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.Outcome;
import org.konnect.curl.RequestProtocol;

/**
 * One fuzzed transfer. {@code configureHandle} runs a random {@link SetoptSteps} sequence, then
 * keeps the transfer inside the sandbox and bounded in time (a URL from the {@link Sandbox}, the
 * callbacks that keep libcurl off stdin and stdout, a {@code TIMEOUT_MS}). Every hook and callback
 * may throw and may call back into the Multi ({@link Actions}); {@code completed} reads every info
 * ({@link InfoReads}). The case records what happened, for the checks of {@link FuzzBatch}.
 */
final class FuzzCase implements RequestProtocol<Object, Object> {
    /** Where an action is taken from: what the Multi must refuse there differs. */
    enum Where { CONFIGURE, HOOK, CALLBACK, CONTINUATION, DRIVER }

    final int index;
    final Random rnd;
    /**
     * Which kind of write callback the case gets, drawn apart from {@link #rnd} so that a seed
     * from before the kinds existed still draws the same options, values and faults.
     */
    final Random callbackKinds;
    final FuzzBatch batch;
    final CaseLog log;
    final FuzzCallbacks callbacks = new FuzzCallbacks(this);
    private final SetoptSteps steps;
    private final Actions actions;

    // Rates for this case, drawn once: most cases are well-behaved, some are very much not.
    final double throwRate;
    final double oddRate;
    final double actionRate;
    private final double updateRate;

    /** The transfer's handle, kept after configureHandle to check that it refuses setopt then. */
    ConfigHandle handle;
    int configureCalls;
    int completedCalls;
    int failedCalls;
    CurlError failedWith;
    Object result;
    long callbackCalls;
    long bodyBytes;
    long uploadLeft;
    boolean pausedByCallback;
    /** Everything this case threw on purpose: a failure's cause must be one of these. */
    final List<Throwable> thrown = new ArrayList<>();
    final List<CompletableFuture<Outcome<Object, Object>>> stages = new ArrayList<>();
    /** The last stage completed with an Interim: the transfer waits for the next process. */
    boolean awaitingProcess;
    /** The last outcome: Final or a CurlError. */
    Object end;
    int updates;

    FuzzCase(int index, long seed, FuzzBatch batch) {
        this.index = index;
        this.rnd = new Random(seed);
        this.callbackKinds = new Random(~seed);
        this.batch = batch;
        this.log = new CaseLog("case " + index, batch.run.trace);
        this.steps = new SetoptSteps(this, new OptionValues(batch.sandbox, callbacks));
        this.actions = new Actions(this);
        double[] rates = {0, 0, 0, 0.001, 0.01, 0.05, 0.3};
        throwRate = rates[rnd.nextInt(rates.length)];
        oddRate = rates[rnd.nextInt(rates.length)];
        actionRate = rates[rnd.nextInt(rates.length)];
        updateRate = rates[rnd.nextInt(rates.length)];
    }

    void problem(String what) {
        problem(what, null);
    }

    void problem(String what, Throwable t) {
        batch.problem(this, what, t);
    }

    void act(Where where) {
        actions.random(where);
    }

    /** Throws, at this case's rate, a fault of one of three kinds; each is recorded. */
    void maybeThrow(String where) {
        if (throwRate == 0 || rnd.nextDouble() >= throwRate) return;
        Throwable t;
        switch (rnd.nextInt(3)) {
            case 0: t = FuzzFault.error(index, where); break;
            case 1: t = FuzzFault.checked(index, where); break;
            default: t = new FuzzFault(index, where); break;
        }
        thrown.add(t);
        log.add("throws " + t);
        throw FuzzFault.sneak(t);
    }

    // ---- the hooks ---------------------------------------------------------------------------

    @Override
    public void configureHandle(ConfigHandle h) {
        configureCalls++;
        if (configureCalls > 1) problem("configureHandle called " + configureCalls + " times");
        handle = h;
        log.add("configureHandle");
        // First of all, so that what libcurl says while options are set (VERBOSE on) is not printed on stderr.
        steps.setopt(h, CurlOpt.DEBUGFUNCTION, callbacks.debug(), false);
        if (rnd.nextDouble() < actionRate) act(Where.CONFIGURE);
        int n = rnd.nextInt(4) == 0 ? rnd.nextInt(120) : rnd.nextInt(15);
        steps.run(h, rnd, n);
        keepInSandbox(h);
        if (rnd.nextDouble() < actionRate) act(Where.CONFIGURE);
        maybeThrow("configureHandle");
    }

    /**
     * The last word on what the transfer may do: options set last win. libcurl's defaults for
     * missing callbacks are stdin and stdout (the test JVM's channel to Maven), and for verbose
     * output and the progress meter stderr: callbacks replace them, or they are switched off.
     */
    private void keepInSandbox(ConfigHandle h) {
        if (rnd.nextInt(10) != 0) steps.setopt(h, CurlOpt.URL, rnd.nextInt(10) < 7 ? batch.sandbox.httpUrl(rnd) : batch.sandbox.url(rnd),
                false);
        steps.setopt(h, CurlOpt.WRITEFUNCTION, callbacks.write(), false);
        steps.setopt(h, CurlOpt.READFUNCTION, callbacks.read(), false);
        if (rnd.nextInt(10) < 7) steps.setopt(h, CurlOpt.HEADERFUNCTION, callbacks.header(), false);
        if (rnd.nextInt(10) < 3) steps.setopt(h, CurlOpt.DEBUGFUNCTION, callbacks.debug(), false);
        else steps.setopt(h, CurlOpt.VERBOSE, 0L, false);
        if (rnd.nextInt(10) < 4) steps.setopt(h, CurlOpt.XFERINFOFUNCTION, callbacks.xferInfo(), false);
        else steps.setopt(h, CurlOpt.NOPROGRESS, 1L, false);
        int roll = rnd.nextInt(100);
        long timeout = roll < 70 ? 1000 : roll < 85 ? 1 + rnd.nextInt(50) : 50 + rnd.nextInt(400);
        steps.setopt(h, CurlOpt.TIMEOUT_MS, timeout, false);
        uploadLeft = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(rnd.nextBoolean() ? 100 : 200_000);
    }

    @Override
    public boolean hasUpdate() {
        if (rnd.nextDouble() < actionRate) act(Where.HOOK);
        maybeThrow("hasUpdate");
        return updateRate > 0 && rnd.nextDouble() < updateRate;
    }

    @Override
    public Object getUpdate() {
        maybeThrow("getUpdate");
        return "update " + (++updates) + " of case " + index;
    }

    @Override
    public Object completed(GetInfoHandle info) {
        completedCalls++;
        log.add("completed");
        InfoReads.readAll(info, rnd, this);
        actions.infoFromOtherThread(info);
        if (rnd.nextDouble() < actionRate) act(Where.HOOK);
        batch.staleInfo = info;   // stale from here on: completed() returns, or throws, next
        maybeThrow("completed");
        result = "result of case " + index;
        return result;
    }

    @Override
    public void failed(CurlError error) {
        failedCalls++;
        failedWith = error;
        awaitingProcess = false;   // the request is forgotten: processing it again would start a new transfer
        log.add("failed " + error.getMessage());
        if (error.getMessage() == null || error.codeName() == null) problem("a CurlError without a message or code name: " + error);
        if (rnd.nextDouble() < actionRate) act(Where.HOOK);
        maybeThrow("failed");
    }

    /** Each stage of this case, as the batch hands it out; its continuation checks and acts. */
    void track(CompletableFuture<Outcome<Object, Object>> stage) {
        stages.add(stage);
        awaitingProcess = false;
        stage.whenComplete((outcome, error) -> {
            if (outcome instanceof Outcome.Interim) {
                awaitingProcess = true;
                log.add("stage: Interim");
            } else {
                end = outcome != null ? outcome : error;
                log.add("stage: " + (outcome != null ? "Final" : String.valueOf(error)));
            }
            if (rnd.nextDouble() < actionRate) act(Where.CONTINUATION);
        });
    }

    @Override
    public String toString() {
        return "case " + index;
    }
}
