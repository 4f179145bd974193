package org.konnect.curl;

import java.util.Objects;

/**
 * A {@link ConfigHandle} and a {@link GetInfoHandle} bound to no libcurl handle: the seam that
 * lets a test kit run a {@link RequestProtocol}'s own hooks against a script instead of libcurl
 * ({@code konnect-curl-testkit}'s {@code ScriptedMultiActor} is built on it).
 *
 * <p>Such handles check what the real ones check (the Java type of each option's value, that
 * {@code setopt} is called inside {@code configureHandle} on the thread running it, that the
 * info handle is used inside {@code completed} only) and then hand each call to the given
 * {@link OptionSink} or {@link InfoSource}. They hold no native handle and never call into the
 * native layer: whatever a sink or source does, it cannot reach native memory. Production code
 * has no use for them; a {@link Multi} never makes one.
 */
public final class UnboundHandles {
    private UnboundHandles() {}

    /** Receives the calls an unbound {@link ConfigHandle} accepted, in the order they were made. */
    public interface OptionSink {
        /**
         * {@code setopt(option, value)} was called, and {@code value} has a type the option accepts.
         *
         * @param option the option
         * @param value its value, as the request passed it (a callback is the request's own object)
         */
        void setopt(CurlOpt option, Object value);

        /**
         * {@code unsetopt(option)} was called for an option set before.
         *
         * @param option the option restored to libcurl's default
         */
        void unsetopt(CurlOpt option);

        /**
         * {@link ConfigHandle#maxBodyBytes} was called.
         *
         * @param max the cap, not negative
         */
        void maxBodyBytes(long max);

        /**
         * {@link ConfigHandle#pause} was called, at any time and from any thread (as the real one may be).
         *
         * @param bitmask a combination of {@link ConfigHandle#PAUSE_RECV} and {@link ConfigHandle#PAUSE_SEND}
         */
        void pause(int bitmask);
    }

    /** Answers the {@code getinfo} calls of an unbound {@link GetInfoHandle}. */
    public interface InfoSource {
        /**
         * libcurl's raw value of {@code info}, of the type its type bits say (see
         * {@link GetInfoHandle#getinfoRaw}): {@code Long}, {@code Double}, {@code String},
         * {@code List<String>}, or {@code null} where there is none.
         *
         * @param info the info asked for (never {@code CURLINFO_PRIVATE}, which the handle refuses)
         * @return the raw value, which {@link GetInfoHandle#getinfo} converts as it converts libcurl's
         */
        Object getinfoRaw(CurlInfo<?> info);
    }

    /**
     * Runs {@code request.configureHandle} with an unbound handle, on the calling thread; the
     * handle refuses {@code setopt} once this returns, as a real one does after {@code configureHandle}.
     *
     * @param request the request to configure
     * @param sink receives every call the request makes on the handle, now and ({@code pause}) later
     * @return the handle, whose {@link ConfigHandle#pause} still reaches {@code sink}
     * @throws RuntimeException whatever {@code configureHandle} threw
     */
    public static ConfigHandle configure(RequestProtocol<?, ?> request, OptionSink sink) {
        Objects.requireNonNull(request, "request");
        ConfigHandle handle = new ConfigHandle(Objects.requireNonNull(sink, "sink"));
        try {
            request.configureHandle(handle);
        } finally {
            handle.endConfiguration();
        }
        return handle;
    }

    /**
     * Runs {@code request.completed} with an unbound info handle, on the calling thread; the
     * handle refuses every call once this returns, as a real one does.
     *
     * @param <R> the request's result type
     * @param request the finished request
     * @param source answers the request's {@code getinfo} calls
     * @return what {@code completed} returned
     * @throws RuntimeException whatever {@code completed} threw
     */
    public static <R> R complete(RequestProtocol<?, R> request, InfoSource source) {
        Objects.requireNonNull(request, "request");
        GetInfoHandle info = new GetInfoHandle(Objects.requireNonNull(source, "source"));
        try {
            return request.completed(info);
        } finally {
            info.invalidate();
        }
    }
}
