package org.konnect.curl;

/**
 * A pooled libcurl easy handle, the slot the native layer names it by in upcalls and done
 * entries, and the Java callbacks set on it (by {@link CallbackKind}), which live exactly as
 * long as libcurl's view of them: until the handle is reset.
 */
final class EasyHandle {
    final long pointer;
    final int slot;
    final Object[] callbacks = new Object[CallbackKind.COUNT];

    EasyHandle(long pointer, int slot) {
        this.pointer = pointer;
        this.slot = slot;
    }
}
