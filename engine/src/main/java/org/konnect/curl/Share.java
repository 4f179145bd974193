package org.konnect.curl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * libcurl's share interface ({@code curl_share_*}): caches that several {@link Multi}s use
 * together, each on its own thread. Open it with the kinds of {@link Data} to share, then open
 * the Multis with {@link MultiOptions#withShare}: every transfer of those Multis uses it
 * ({@code CURLOPT_SHARE} is set on each of their easy handles). libcurl takes a lock, a
 * pthread mutex per kind of data in the native layer, around each access.
 *
 * <pre>{@code
 * try (Share share = Share.open(Share.Data.DNS, Share.Data.SSL_SESSION, Share.Data.COOKIE)) {
 *     // on each worker thread:
 *     try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withShare(share))) { ... }
 *     // close the share after every Multi using it
 * }
 * }</pre>
 *
 * <p>Connections are not shared: libcurl does not support a connection cache shared across
 * threads ({@code CURL_LOCK_DATA_CONNECT}), so each Multi keeps its own, and an origin's
 * connections, HTTP/2 multiplexing and per-host limits belong to one Multi.
 *
 * <p>Threads: libcurl documents cookies and HSTS as not shareable between concurrent threads,
 * and SSL sessions as shareable only since its session cache of 8.12 (before, OpenSSL's session
 * objects were shared live; libcurl 8.12 to 8.14.1 at least also read the shared cookie list
 * outside its lock, curl issue 17774: a crash here). {@link Data#acrossThreads()} says what the
 * loaded libcurl can share between threads; a share holding any other kind is refused to a Multi
 * of a second thread while a Multi of the first uses it. Multis of one thread may share every kind.
 *
 * <p>Lifetime: a Share cannot be closed while a Multi uses it ({@link #close} throws, naming
 * them); close the Multis first, on their own threads. A Multi cannot be opened with a closed
 * Share. Thread-safe.
 *
 * <p>With {@link Data#COOKIE} shared, a transfer that turns libcurl's cookie engine on (as without
 * a share: {@code CURLOPT_COOKIEFILE}, e.g. {@code ""}) reads and writes the one shared jar, so a
 * cookie one transfer receives is sent by the others, as by one client; other transfers neither
 * send nor store cookies. With {@link Data#HSTS} shared, every transfer follows the shared HSTS
 * cache (libcurl has no switch for it but {@code CURLOPT_HSTS_CTRL}), and a
 * transfer may not set {@code CURLOPT_HSTS_CTRL} without {@code CURLHSTS_ENABLE} nor
 * {@code CURLOPT_HSTS} files: libcurl would free the shared cache in the first case and load
 * files into it without its lock in the second.
 */
public final class Share implements AutoCloseable {
    /** What a Share can hold: libcurl's {@code CURL_LOCK_DATA_*} kinds, without connections. */
    public enum Data {
        /** {@code CURL_LOCK_DATA_DNS}: the DNS cache, {@code CURLOPT_RESOLVE} entries included. */
        DNS(LibcurlConstants.CURL_LOCK_DATA_DNS, "7.10.3"),
        /** {@code CURL_LOCK_DATA_SSL_SESSION}: TLS session IDs and tickets, so a handshake can resume a session. */
        SSL_SESSION(LibcurlConstants.CURL_LOCK_DATA_SSL_SESSION, "7.23.0"),
        /** {@code CURL_LOCK_DATA_COOKIE}: the cookie jar of the transfers that turn the cookie engine on. */
        COOKIE(LibcurlConstants.CURL_LOCK_DATA_COOKIE, "7.10.3"),
        /** {@code CURL_LOCK_DATA_PSL}: the public suffix list, which the cookie engine consults. */
        PSL(LibcurlConstants.CURL_LOCK_DATA_PSL, "7.61.0"),
        /** {@code CURL_LOCK_DATA_HSTS}: the HSTS cache, which every transfer then follows. */
        HSTS(LibcurlConstants.CURL_LOCK_DATA_HSTS, "7.88.0");

        final int lockData;
        /** The first libcurl version that can share it. */
        final String since;

        Data(int lockData, String since) {
            this.lockData = lockData;
            this.since = since;
        }

        /** libcurl 8.12.0, whose SSL session cache keeps sessions as bytes, shareable between threads. */
        private static final int SESSION_CACHE_OF_8_12 = 0x080C00;

        /**
         * Whether the loaded libcurl supports sharing this between Multis of different threads
         * (libcurl's {@code CURLSHOPT_SHARE} documentation): the DNS cache and the public suffix
         * list always, SSL sessions from libcurl 8.12.0 on, cookies and HSTS never.
         *
         * @return {@code true} if Multis of several threads may use a share of it at once
         */
        public boolean acrossThreads() {
            switch (this) {
                case DNS:
                case PSL:
                    return true;
                case SSL_SESSION:
                    return Curl.versionNumber() >= SESSION_CACHE_OF_8_12;
                default:
                    return false;
            }
        }

        /**
         * libcurl's name.
         *
         * @return e.g. {@code CURL_LOCK_DATA_SSL_SESSION}
         */
        public String libcurlName() {
            return "CURL_LOCK_DATA_" + name();
        }
    }

    private final long pointer;
    private final Set<Data> data;
    /** The Multis using the share, with a description of each for messages; guarded by this. */
    private final Map<Multi, String> users = new IdentityHashMap<>();
    private boolean closed;

    private Share(long pointer, Set<Data> data) {
        this.pointer = pointer;
        this.data = data;
    }

    /**
     * Opens a share of the given kinds of data.
     *
     * @param first a kind of data to share
     * @param more more kinds
     * @return the new share; close it after the Multis using it
     * @throws IllegalArgumentException naming a kind the loaded libcurl cannot share (too old, or
     *         built without it; see {@link #supported()})
     * @throws IllegalStateException if libcurl cannot create the share
     * @throws java.io.UncheckedIOException if its locks cannot be created
     */
    public static Share open(Data first, Data... more) {
        return open(EnumSet.of(Objects.requireNonNull(first, "first"), more));
    }

    /**
     * Opens a share of the given kinds of data.
     *
     * @param data the kinds of data to share, at least one
     * @return the new share; close it after the Multis using it
     * @throws IllegalArgumentException if {@code data} is empty, or naming a kind the loaded
     *         libcurl cannot share (too old, or built without it; see {@link #supported()})
     * @throws IllegalStateException if libcurl cannot create the share
     * @throws java.io.UncheckedIOException if its locks cannot be created
     */
    public static Share open(Set<Data> data) {
        Objects.requireNonNull(data, "data");
        if (data.isEmpty()) throw new IllegalArgumentException("Share: name at least one kind of data to share");
        Set<Data> kinds = EnumSet.copyOf(data);
        long pointer = Native.shareOpen();
        try {
            for (Data d : kinds) Native.shareAdd(pointer, d);
        } catch (RuntimeException e) {
            Native.shareClose(pointer);
            throw e;
        }
        return new Share(pointer, Collections.unmodifiableSet(kinds));
    }

    /**
     * The kinds of data the loaded libcurl can share, found by asking it once
     * ({@code curl_share_setopt} answers {@code CURLSHE_BAD_OPTION} for a kind it does not know,
     * e.g. {@link Data#HSTS} before 7.88, and {@code CURLSHE_NOT_BUILT_IN} for one it was built
     * without, e.g. {@link Data#PSL} without libpsl).
     *
     * @return an unmodifiable set
     */
    public static Set<Data> supported() {
        return Supported.DATA;
    }

    /**
     * The kinds the loaded libcurl can share between Multis of different threads: those of
     * {@link #supported()} whose {@link Data#acrossThreads()} holds.
     *
     * @return an unmodifiable set
     */
    public static Set<Data> acrossThreads() {
        Set<Data> kinds = EnumSet.noneOf(Data.class);
        for (Data d : supported()) if (d.acrossThreads()) kinds.add(d);
        return Collections.unmodifiableSet(kinds);
    }

    /** Probed once, on first use. */
    private static final class Supported {
        static final Set<Data> DATA = probe();

        private static Set<Data> probe() {
            Set<Data> found = EnumSet.noneOf(Data.class);
            long probe = Native.shareOpen();
            try {
                for (Data d : Data.values()) {
                    try {
                        Native.shareAdd(probe, d);
                        found.add(d);
                    } catch (IllegalArgumentException lacking) {
                        // not in this libcurl
                    }
                }
            } finally {
                Native.shareClose(probe);
            }
            return Collections.unmodifiableSet(found);
        }
    }

    /**
     * What this share holds.
     *
     * @return the kinds of data it was opened with, unmodifiable
     */
    public Set<Data> data() {
        return data;
    }

    /**
     * Whether this share holds {@code kind}.
     *
     * @param kind a kind of data
     * @return {@code true} if the share was opened with it
     */
    public boolean shares(Data kind) {
        return data.contains(kind);
    }

    /**
     * The Multis using this share now.
     *
     * @return how many Multis were opened with it and are not closed yet
     */
    public synchronized int userCount() {
        return users.size();
    }

    /**
     * Whether {@link #close()} has taken effect.
     *
     * @return {@code true} once the share is closed
     */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Frees the share. Idempotent.
     *
     * @throws IllegalStateException while a Multi uses it, naming the Multis (close them first);
     *         the share stays usable then
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        if (!users.isEmpty()) {
            throw new IllegalStateException("Share " + data + " is in use by " + users.size() + " Multi(s): "
                    + String.join(", ", users.values()) + "; close them before the share");
        }
        Native.shareClose(pointer);
        closed = true;
    }

    /**
     * A Multi opening with this share: from here its handles may point at it. Refused while a
     * Multi of another thread uses it, if it holds a kind libcurl cannot share between threads.
     */
    synchronized long attach(Multi multi) {
        if (closed) throw new IllegalStateException("Multi.open: the Share " + data + " is closed");
        for (Multi user : users.keySet()) {
            if (user.owner() != multi.owner()) checkAcrossThreads(users.get(user));
        }
        users.put(multi, "the Multi of thread '" + multi.owner().getName() + "'");
        return pointer;
    }

    private void checkAcrossThreads(String otherUser) {
        List<String> confined = new ArrayList<>();
        for (Data d : data) if (!d.acrossThreads()) confined.add(d.libcurlName());
        if (confined.isEmpty()) return;
        throw new IllegalStateException("Multi.open: the Share " + data + " is in use by " + otherUser + ", and libcurl "
                + Curl.version().split(" ")[0] + " does not support sharing " + String.join(", ", confined)
                + " between threads (libcurl's CURLSHOPT_SHARE); open this Multi on that thread, or share only "
                + acrossThreads() + " (Share.acrossThreads())");
    }

    /** A Multi that closed: none of its handles points at the share any more. */
    synchronized void detach(Multi multi) {
        users.remove(multi);
    }

    /**
     * Refuses an option that would break the shared HSTS cache (see the class comment): called
     * by {@link ConfigHandle#setopt} before libcurl sees the value.
     */
    void checkSetopt(CurlOpt option, Object value) {
        if (!data.contains(Data.HSTS)) return;
        if (option.id() == LibcurlConstants.CURLOPT_HSTS) {
            throw new IllegalArgumentException(option + ": not with a Share of HSTS (libcurl would load the files into"
                    + " the shared cache without its lock); the Share holds the HSTS cache of every transfer");
        }
        if (option.id() == LibcurlConstants.CURLOPT_HSTS_CTRL && (bits(value) & LibcurlConstants.CURLHSTS_ENABLE) == 0) {
            throw new IllegalArgumentException(option + ": HSTS cannot be turned off with a Share of HSTS (libcurl would"
                    + " free the cache the other transfers share); open the Multi without sharing HSTS");
        }
    }

    /** A long option's value as {@link ConfigHandle} reads it; -1 (every bit) for one it will refuse anyway. */
    private static long bits(Object value) {
        if (value instanceof Number) return ((Number) value).longValue();
        if (value instanceof Boolean) return (Boolean) value ? 1 : 0;
        if (value instanceof CurlConstant) return ((CurlConstant) value).value();
        return -1;
    }

    /**
     * A short description for logs.
     *
     * @return the kinds of data, the number of users, and whether the share is closed
     */
    @Override
    public synchronized String toString() {
        List<String> parts = new ArrayList<>();
        for (Data d : data) parts.add(d.name());
        return "Share[" + String.join(", ", parts) + ", users=" + users.size() + (closed ? ", closed]" : "]");
    }
}
