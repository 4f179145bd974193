package org.konnect.curl.protocols;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.konnect.curl.CurlError;
import org.konnect.curl.Multi;
import org.konnect.curl.Outcome;
import org.konnect.curl.RequestProtocol;

/**
 * Test helper: runs one transfer on the calling (owner) thread until it is done, on a Multi the
 * test passes (to share its connections across transfers) or on one of its own.
 */
final class OwnerLoop {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private OwnerLoop() {}

    /** The transfer's result, after asserting that it completed. */
    static <U, R> R result(Multi multi, RequestProtocol<U, R> request) {
        Outcome<U, R> outcome = until(multi, multi.process(request));
        if (!(outcome instanceof Outcome.Final<U, R> done)) throw new AssertionError("expected a final outcome, got " + outcome);
        return done.result();
    }

    /** {@link #result(Multi, RequestProtocol)} on a Multi of its own, closed (and its handles freed) before this returns. */
    static <U, R> R result(RequestProtocol<U, R> request) {
        try (Multi multi = Multi.open()) {
            return result(multi, request);
        }
    }

    /** {@link #failure(Multi, RequestProtocol)} on a Multi of its own, closed before this returns. */
    static CurlError failure(RequestProtocol<?, ?> request) {
        try (Multi multi = Multi.open()) {
            return failure(multi, request);
        }
    }

    /** The CurlError the transfer failed with, after asserting that it failed. */
    static CurlError failure(Multi multi, RequestProtocol<?, ?> request) {
        try {
            until(multi, multi.process(request));
        } catch (CompletionException e) {
            if (e.getCause() instanceof CurlError) return (CurlError) e.getCause();
            throw new AssertionError("expected a CurlError, got " + e.getCause(), e.getCause());
        }
        throw new AssertionError("expected the transfer to fail, but it completed");
    }

    private static <T> T until(Multi multi, CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!f.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError(new TimeoutException("transfer not done after " + TIMEOUT));
            multi.perform(Math.max(1, Math.min(100, left / 1_000_000)));
        }
        return f.join();
    }
}
