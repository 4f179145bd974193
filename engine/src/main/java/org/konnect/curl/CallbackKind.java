package org.konnect.curl;

import static org.konnect.curl.jni.LibcurlConstants.CURLOPT_DEBUGFUNCTION;
import static org.konnect.curl.jni.LibcurlConstants.CURLOPT_HEADERFUNCTION;
import static org.konnect.curl.jni.LibcurlConstants.CURLOPT_READFUNCTION;
import static org.konnect.curl.jni.LibcurlConstants.CURLOPT_WRITEFUNCTION;
import static org.konnect.curl.jni.LibcurlConstants.CURLOPT_XFERINFOFUNCTION;

import java.nio.ByteBuffer;

/**
 * The one table of the callbacks Konnect supports: the {@code CURLOPT_*FUNCTION} option, the
 * Java interface a value must implement, how a data upcall reaches it, and what libcurl is told
 * when a transfer has none (or it threw). The native layer's counterpart is the table in
 * {@code callbacks.c}, keyed by the same option id; a new callback is a row in each.
 */
enum CallbackKind {
    WRITE(CURLOPT_WRITEFUNCTION, WriteCallback.class, 0) {
        @Override
        int onData(Object callback, int type, ByteBuffer data) {
            return ((WriteCallback) callback).write(data);
        }
    },
    READ(CURLOPT_READFUNCTION, ReadCallback.class, ReadCallback.ABORT) {
        @Override
        int onData(Object callback, int type, ByteBuffer data) {
            return ((ReadCallback) callback).read(data);
        }
    },
    HEADER(CURLOPT_HEADERFUNCTION, HeaderCallback.class, 0) {
        @Override
        int onData(Object callback, int type, ByteBuffer data) {
            return ((HeaderCallback) callback).header(data);
        }
    },
    /** Progress is not a data callback: its numbers come through {@link CallbackRouter#onXferInfo}. */
    XFERINFO(CURLOPT_XFERINFOFUNCTION, XferInfoCallback.class, 1) {
        @Override
        int onData(Object callback, int type, ByteBuffer data) {
            throw new IllegalStateException("XFERINFOFUNCTION has no data upcall");
        }
    },
    /** libcurl ignores the debug callback's result; a throw fails the transfer on the Java side. */
    DEBUG(CURLOPT_DEBUGFUNCTION, DebugCallback.class, 0) {
        @Override
        int onData(Object callback, int type, ByteBuffer data) {
            if (type >= 0 && type < INFO_TYPES.length) ((DebugCallback) callback).debug(INFO_TYPES[type], data);
            return 0;
        }
    };

    private static final DebugCallback.InfoType[] INFO_TYPES = DebugCallback.InfoType.values();
    private static final CallbackKind[] KINDS = values();
    static final int COUNT = KINDS.length;

    /** libcurl's {@code CURLOPT_*FUNCTION} id. */
    final int option;
    /** The interface a value of the option must implement. */
    final Class<?> type;
    /** Returned to libcurl when the transfer has no such callback, or when it threw: aborts the transfer. */
    final int abortValue;

    CallbackKind(int option, Class<?> type, int abortValue) {
        this.option = option;
        this.type = type;
        this.abortValue = abortValue;
    }

    /** Calls {@code callback} (of {@link #type}) with the data libcurl handed over. */
    abstract int onData(Object callback, int type, ByteBuffer data);

    /** The kind whose option id is {@code option}, or null for an option that is no callback of Konnect's. */
    static CallbackKind ofOption(int option) {
        for (CallbackKind k : KINDS) {   // a handful of rows, the most frequent (WRITE) first
            if (k.option == option) return k;
        }
        return null;
    }

    /** The option names, for messages: {@code WRITEFUNCTION, READFUNCTION, ...}. */
    static String optionNames() {
        StringBuilder names = new StringBuilder();
        for (CallbackKind k : KINDS) {
            if (names.length() > 0) names.append(", ");
            names.append(k.name()).append("FUNCTION");
        }
        return names.toString();
    }
}
