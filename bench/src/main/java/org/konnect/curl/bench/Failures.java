package org.konnect.curl.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints the first few transfer failures of each kind of request to stderr (the rest are only
 * counted): a kind is the request's class, or the text a peer names its requests by, so the
 * failures one contender expects (a test's untrusted runs) do not silence another's.
 */
final class Failures {
    private static final int PER_KIND = 5;
    private static final ConcurrentHashMap<String, AtomicInteger> REPORTED = new ConcurrentHashMap<>();

    private Failures() {}

    static void report(Object what, Throwable error) {
        String kind = what instanceof String s ? s : what.getClass().getName();
        if (REPORTED.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet() <= PER_KIND) {
            System.err.println("bench: transfer failed: " + what + ": " + (error == null ? "bad status" : error));
        }
    }
}
