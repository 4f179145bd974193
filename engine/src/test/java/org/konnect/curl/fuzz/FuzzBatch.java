package org.konnect.curl.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlError;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.Multi;
import org.konnect.curl.MultiOptions;
import org.konnect.curl.Outcome;

/**
 * One Multi with options of its own and a few concurrent {@link FuzzCase}s, driven on the calling
 * thread until every case has its answer, with actions of the driver's own between iterations
 * (cancel, close, resume, pause, late starts, continuing or abandoning interim updates). Then the
 * checks: every stage completed; its outcome agrees with the hooks that ran; a failure's cause is
 * the case's own fault; the pooled handles serve a plain request as new ones would; and once the
 * Multi is closed, the native object count is back where it was.
 */
final class FuzzBatch {
    private static final int MAX_CASES = 60;
    /** A batch whose transfers all time out within about a second is done long before this. */
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    final FuzzRun run;
    final int number;
    final Sandbox sandbox;
    final ExecutorService otherThread;
    private final Random rnd;
    /** Draws of the iteration budget, apart from {@link #rnd} so that adding them changed no other draw. */
    private final Random budgets;
    final List<FuzzCase> cases = new ArrayList<>();
    private final List<FuzzCase> late = new ArrayList<>();
    private final List<FuzzCase> abandoned = new ArrayList<>();
    private int nextCase;
    Multi multi;
    /**
     * A case set {@code CURLOPT_RESOLVE}: its entries stay in the Multi's DNS cache, which all its
     * transfers share (libcurl's design), and may send a later request elsewhere: no control requests.
     */
    boolean dnsCacheChanged;
    /** The last completed()'s info handle, used again later, when it must refuse. */
    GetInfoHandle staleInfo;

    FuzzBatch(FuzzRun run, int number) {
        this.run = run;
        this.number = number;
        this.sandbox = run.sandbox;
        this.otherThread = run.otherThread;
        this.rnd = new Random(FuzzRun.mix(run.seed, number, -1));
        this.budgets = new Random(FuzzRun.mix(run.seed, number, -2));
    }

    void problem(FuzzCase c, String what, Throwable t) {
        run.problem(number, c == null ? "the batch" : c.toString(), what, t, c == null ? null : c.log.toString());
    }

    // ---- cases -------------------------------------------------------------------------------

    /** A new case of this batch (not started). */
    FuzzCase newCase() {
        int j = nextCase++;
        FuzzCase c = new FuzzCase(number * 1000 + j, FuzzRun.mix(run.seed, number, j), this);
        cases.add(c);
        return c;
    }

    /** A case outside the batch, for calls that must be refused (it is never started). */
    FuzzCase stray() {
        return new FuzzCase(-1, 0, this);
    }

    /** A case that was not started after all. */
    void dropCase(FuzzCase c) {
        cases.remove(c);
    }

    boolean canGrow() {
        return cases.size() < MAX_CASES;
    }

    FuzzCase randomCase(Random r) {
        return cases.get(r.nextInt(cases.size()));
    }

    void started(FuzzCase c, CompletableFuture<Outcome<Object, Object>> stage) {
        c.track(stage);
    }

    private void start(FuzzCase c) {
        try {
            started(c, multi.process(c).toCompletableFuture());
        } catch (IllegalStateException e) {
            if (!multi.isClosed()) problem(c, "process on an open Multi threw " + e, e);
            dropCase(c);
        }
    }

    // ---- the run -----------------------------------------------------------------------------

    int run() {
        long before = Curl.liveNativeObjects();
        multi = Multi.open(options());
        int k = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 40 : 12);
        for (int i = 0; i < k; i++) {
            FuzzCase c = newCase();
            boolean isLate = rnd.nextInt(5) == 0;
            if (!run.selected(c.index)) dropCase(c);
            else if (isLate) late.add(c);
            else start(c);
        }
        int closeAt = rnd.nextInt(6) == 0 ? rnd.nextInt(60) : -1;
        boolean hung = drive(closeAt);
        if (!multi.isClosed() && !hung && !dnsCacheChanged) controls();
        multi.close();
        for (FuzzCase c : late) dropCase(c);
        int problemsBefore = run.problemCount();
        check();
        if (run.problemCount() > problemsBefore || run.onlyBatch == number) run.writeLogs(number, multi.options(), cases);
        long after = Curl.liveNativeObjects();
        if (after != before) problem(null, "native objects: " + before + " before the batch, " + after + " after it", null);
        return cases.size();
    }

    private MultiOptions options() {
        int[] pools = {0, 1, 2, 64};
        long[] buffers = {0, 0, 1024, 16_384, 1 << 20};
        long[] limits = {0, 0, 0, 0, 0, 0, 1, 2, 5};
        long[] budgetNanos = {0, 1, 500_000, 500_000, 5_000_000};   // none, a yield at every chunk, the default, a long one
        int[] running = {0, 0, 0, 0, 1, 3};   // mostly no limit; else cases wait for a running slot (drawn apart from the cases too)
        return new MultiOptions(limits[rnd.nextInt(limits.length)], rnd.nextInt(20) == 0 ? 1 : 0, limits[rnd.nextInt(limits.length)],
                rnd.nextBoolean(), limits[rnd.nextInt(limits.length)], pools[rnd.nextInt(pools.length)],
                buffers[rnd.nextInt(buffers.length)], java.time.Duration.ofNanos(budgetNanos[budgets.nextInt(budgetNanos.length)]))
                .withMaxRunningTransfers(running[budgets.nextInt(running.length)]);
    }

    /** Drives the loop until every case is answered; true when the batch hung. */
    private boolean drive(int closeAt) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        for (int iteration = 0; !multi.isClosed() && pending(); iteration++) {
            if (System.nanoTime() > deadline) {
                problem(null, "not every case was answered within " + TimeUnit.NANOSECONDS.toSeconds(DEADLINE_NANOS) + " s; "
                        + "pending: " + pendingCases(), null);
                for (FuzzCase c : cases) if (isPending(c)) problem(c, "still pending when the batch gave up", null);
                return true;
            }
            try {
                multi.perform(rnd.nextInt(20));
            } catch (IllegalStateException e) {
                if (!multi.isClosed()) problem(null, "perform on an open Multi threw " + e, e);
            }
            if (iteration == closeAt) {
                multi.close();
                break;
            }
            driverActions();
        }
        return false;
    }

    private void driverActions() {
        for (FuzzCase c : new ArrayList<>(cases)) {
            if (multi.isClosed()) return;
            if (c.awaitingProcess && !abandoned.contains(c)) {
                if (rnd.nextInt(50) == 0) abandoned.add(c);
                else if (rnd.nextBoolean()) start(c);
            }
            if (c.pausedByCallback && c.handle != null && rnd.nextInt(5) == 0) {
                c.pausedByCallback = false;
                try {
                    c.handle.pause(org.konnect.curl.ConfigHandle.PAUSE_CONT);
                } catch (CurlError refused) {
                    c.log.add("driver: resume refused: " + refused.getMessage());
                }
            }
        }
        if (!late.isEmpty() && rnd.nextInt(3) == 0) start(late.remove(rnd.nextInt(late.size())));
        if (!cases.isEmpty() && rnd.nextInt(10) == 0) randomCase(rnd).act(FuzzCase.Where.DRIVER);
    }

    private boolean isPending(FuzzCase c) {
        if (c.stages.isEmpty()) return false;
        CompletableFuture<?> last = c.stages.get(c.stages.size() - 1);
        return !last.isDone() || c.awaitingProcess && !abandoned.contains(c);
    }

    private boolean pending() {
        if (!late.isEmpty()) return true;
        for (FuzzCase c : cases) if (isPending(c)) return true;
        return false;
    }

    private String pendingCases() {
        StringBuilder b = new StringBuilder();
        for (FuzzCase c : cases) if (isPending(c)) b.append(c).append(' ');
        return b.toString();
    }

    /** Plain requests on the pooled handles the cases left behind. */
    private void controls() {
        int n = Math.min(cases.size(), multi.options().handlePoolSize());
        List<CompletableFuture<Outcome<Void, String>>> stages = new ArrayList<>();
        for (int i = 0; i < n; i++) stages.add(multi.process(new ControlRequest(sandbox.httpPort)).toCompletableFuture());
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!multi.isClosed() && stages.stream().anyMatch(s -> !s.isDone()) && System.nanoTime() < deadline) multi.perform(20);
        for (CompletableFuture<Outcome<Void, String>> s : stages) {
            if (!s.isDone()) {
                problem(null, "a control request on a pooled handle did not finish in "
                        + TimeUnit.NANOSECONDS.toSeconds(DEADLINE_NANOS) + " s, past its own TIMEOUT_MS", null);
            } else if (s.isCompletedExceptionally()) {
                problem(null, "a control request on a pooled handle failed: " + s.handle((o, e) -> e).join(), null);
            } else {
                Object odd = ((Outcome.Final<Void, String>) s.join()).result();
                if (!"".equals(odd)) {
                    problem(null, "a pooled handle or a cached connection kept something of an earlier transfer: " + odd, null);
                }
            }
        }
    }

    // ---- the checks --------------------------------------------------------------------------

    private void check() {
        for (FuzzCase c : cases) {
            run.casesRun++;
            c.callbacks.checkKeptViewIsEmpty();
            if (c.stages.isEmpty()) continue;
            for (int i = 0; i < c.stages.size(); i++) {
                CompletableFuture<Outcome<Object, Object>> s = c.stages.get(i);
                if (!s.isDone()) {
                    c.problem("stage " + i + " was never completed (the Multi is closed)");
                    continue;
                }
                boolean last = i == c.stages.size() - 1;
                Object outcome = s.handle((o, e) -> o != null ? o : e).join();
                if (!last && !(outcome instanceof Outcome.Interim)) c.problem("stage " + i + " of several ended with " + outcome);
            }
            checkEnd(c);
        }
    }

    private void checkEnd(FuzzCase c) {
        // A case that waited for a running slot (MultiOptions.maxRunningTransfers) and was cancelled
        // there, or closed, never started: its configureHandle never ran.
        boolean endedWaiting = c.configureCalls == 0 && multi.options().maxRunningTransfers() > 0
                && c.end instanceof CurlError && ((CurlError) c.end).isCancelled();
        if (endedWaiting) run.count("cancelled while waiting");
        if (c.configureCalls != 1 && !endedWaiting) c.problem("configureHandle ran " + c.configureCalls + " times");
        if (c.completedCalls > 1 || c.failedCalls > 1) {
            c.problem("completed ran " + c.completedCalls + " times, failed " + c.failedCalls + " times");
        }
        Object end = c.end;
        if (end == null) {
            // Its last outcome was an Interim and nobody processed it again: the close failed it.
            run.count("interim, then closed");
            if (c.failedCalls != 1) c.problem("an abandoned transfer was not failed when the Multi closed");
            return;
        }
        if (end instanceof Outcome.Final) {
            run.count("completed");
            if (c.completedCalls != 1 || c.failedCalls != 0) {
                c.problem("Final, but completed ran " + c.completedCalls + " and failed " + c.failedCalls + " times");
            }
            if (!c.thrown.isEmpty()) c.problem("Final, though the case threw " + c.thrown);
            if (((Outcome.Final<?, ?>) end).result() != c.result) c.problem("Final with another result than completed returned");
            return;
        }
        if (!(end instanceof CurlError)) {
            c.problem("the stage failed with " + end + ", not a CurlError", end instanceof Throwable ? (Throwable) end : null);
            return;
        }
        CurlError e = (CurlError) end;
        run.count(e.isCancelled() ? "cancelled" : e.codeName());
        if (c.failedCalls != 1 || c.failedWith != e) c.problem("the stage failed with " + e + " but failed() saw " + c.failedWith);
        Throwable cause = e.getCause();
        if (cause != null && !c.thrown.contains(cause) && !refusedByTheEngine(cause)) {
            c.problem("the failure's cause is not this case's own: " + cause, cause);
        }
    }

    /** A combination the engine refuses after configureHandle, because libcurl mishandles it (LibcurlWorkarounds). */
    private static boolean refusedByTheEngine(Throwable cause) {
        return cause instanceof IllegalArgumentException
                && String.valueOf(cause.getMessage()).startsWith("CURLOPT_CONNECT_ONLY with a file:// URL");
    }
}
