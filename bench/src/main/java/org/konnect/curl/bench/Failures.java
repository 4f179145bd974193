package org.konnect.curl.bench;

import java.util.concurrent.atomic.AtomicInteger;

/** Prints the first few transfer failures of a worker to stderr (the rest are only counted). */
final class Failures {
    private static final AtomicInteger REPORTED = new AtomicInteger();

    private Failures() {}

    static void report(Object what, Throwable error) {
        if (REPORTED.incrementAndGet() <= 5) {
            System.err.println("bench: transfer failed: " + what + ": " + (error == null ? "bad status" : error));
        }
    }
}
