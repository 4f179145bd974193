package org.konnect.curl;

/** A pooled libcurl easy handle and the callback slot it reports with. */
final class EasyHandle {
    final long pointer;
    final int slot;

    EasyHandle(long pointer, int slot) {
        this.pointer = pointer;
        this.slot = slot;
    }
}
