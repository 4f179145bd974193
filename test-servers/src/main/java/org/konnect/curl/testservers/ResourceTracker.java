package org.konnect.curl.testservers;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the sockets and threads of a socket-based server so that {@link #closeAll(Duration)} can
 * release all of them at once. Anything registered after closing started is closed immediately.
 */
final class ResourceTracker {

    private final Set<Closeable> resources = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** True once {@link #closeAll(Duration)} has been called. */
    boolean isClosed() {
        return closed;
    }

    /**
     * Registers {@code c} for closing. Returns false (and closes {@code c}) if the tracker is
     * already closed.
     */
    boolean track(Closeable c) {
        resources.add(c);
        if (closed) {
            resources.remove(c);
            closeQuietly(c);
            return false;
        }
        return true;
    }

    /** Closes {@code c} and forgets it. */
    void release(Closeable c) {
        if (c != null) {
            closeQuietly(c);
            resources.remove(c);
        }
    }

    /** Starts a daemon thread running {@code task}; returns false if the tracker is already closed. */
    boolean startThread(String name, Runnable task) {
        Thread t = new Thread(() -> {
            try {
                task.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        if (closed) {
            threads.remove(t);
            return false;
        }
        t.start();
        return true;
    }

    /**
     * Closes every registered resource (which wakes threads blocked on them), then waits up to
     * {@code joinTimeout} in total for the registered threads to finish.
     */
    void closeAll(Duration joinTimeout) {
        closed = true;
        for (Closeable c : resources) {
            closeQuietly(c);
        }
        resources.clear();
        long deadline = System.nanoTime() + joinTimeout.toNanos();
        for (Thread t : threads) {
            if (t == Thread.currentThread()) {
                continue;
            }
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                break;
            }
            try {
                t.join(leftMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }
}
