package org.konnect.curl;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Work handed to a multi's owner thread by other threads ({@link ConfigHandle#pause} today):
 * queued from any thread, run by the owner at the start of the next loop iteration, which the
 * submitter wakes.
 */
final class OwnerThreadTasks {
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();

    /** Any thread; the caller then wakes the loop. */
    void submit(Runnable task) {
        queue.add(task);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Owner thread: runs what was queued, including what those tasks queue. */
    void runAll() {
        Runnable task;
        while ((task = queue.poll()) != null) task.run();
    }
}
