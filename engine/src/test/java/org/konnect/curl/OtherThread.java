package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.atomic.AtomicReference;

/** Test helper: runs code on a thread that does not own the Multi. */
final class OtherThread {
    private OtherThread() {}

    /** Runs {@code action} on a new thread named {@code name}, waits for it, returns what it threw (null if nothing). */
    static Throwable run(String name, Runnable action) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                action.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, name);
        t.start();
        t.join(10_000);
        assertFalse(t.isAlive(), "the other thread did not finish");
        return thrown.get();
    }
}
