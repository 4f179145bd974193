package org.konnect.curl;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Test helper: a Multi owned by a thread of its own, which runs the work handed to it. */
final class MultiOnThread implements AutoCloseable {
    private final ExecutorService thread;
    private final Multi multi;

    MultiOnThread(String name, MultiOptions options) {
        thread = Executors.newSingleThreadExecutor(r -> new Thread(r, name));
        Multi opened;
        try {
            opened = call(ignored -> Multi.open(options), null);
        } catch (RuntimeException e) {
            thread.shutdownNow();
            throw e;
        }
        multi = opened;
    }

    /** Runs {@code work} on the owner thread and returns its result; rethrows what it threw. */
    <T> T run(Function<Multi, T> work) {
        return call(work, multi);
    }

    /** One transfer, driven to its end on the owner thread. */
    Exchange.Result fetch(Exchange exchange) {
        return run(m -> Drive.result(m, m.process(exchange)));
    }

    Thread owner() {
        return multi.owner();
    }

    private <T> T call(Function<Multi, T> work, Multi target) {
        try {
            return thread.submit(() -> work.apply(target)).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the Multi on its thread, then ends the thread. */
    @Override
    public void close() throws InterruptedException {
        run(m -> {
            m.close();
            return null;
        });
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) throw new IllegalStateException("the owner thread did not end");
    }
}
