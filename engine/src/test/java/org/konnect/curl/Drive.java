package org.konnect.curl;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/** Test helper: runs a Multi's loop on the calling (owner) thread until a stage is done. */
final class Drive {
    private Drive() {}

    /** Performs until {@code stage} completes; returns its value or throws its failure. */
    static <T> T until(Multi multi, CompletionStage<T> stage, Duration timeout) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!f.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError(new TimeoutException("stage not done after " + timeout));
            multi.perform(Math.max(1, Math.min(100, left / 1_000_000)));
        }
        return f.join();
    }

    static <T> T until(Multi multi, CompletionStage<T> stage) {
        return until(multi, stage, Duration.ofSeconds(30));
    }

    /** The CurlError a stage failed with. */
    static CurlError failure(Multi multi, CompletionStage<?> stage) {
        try {
            until(multi, stage);
        } catch (CompletionException e) {
            if (e.getCause() instanceof CurlError) return (CurlError) e.getCause();
            throw new AssertionError("expected a CurlError, got " + e.getCause(), e.getCause());
        }
        throw new AssertionError("expected the stage to fail, but it completed");
    }

    /** The final result, after asserting the outcome is Completed. */
    @SuppressWarnings("unchecked")
    static <R> R result(Multi multi, CompletionStage<? extends Outcome<?, R>> stage) {
        Outcome<?, R> outcome = until(multi, (CompletionStage<Outcome<?, R>>) stage);
        if (!(outcome instanceof Outcome.Final)) throw new AssertionError("expected Completed, got " + outcome);
        return ((Outcome.Final<?, R>) outcome).result();
    }
}
