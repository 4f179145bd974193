package org.konnect.curl;

/**
 * A transfer, described by the hooks that {@link Multi} calls while it runs. All hooks run on
 * the multi's owner thread.
 *
 * <ol>
 *   <li>{@link #configureHandle} once, before connecting: set libcurl options and callbacks. A
 *       request waiting for a running slot ({@link MultiOptions#maxRunningTransfers}) is
 *       configured when it starts; cancelled or closed before that, it only gets {@link #failed}.</li>
 *   <li>{@link #hasUpdate()} throughout the transfer (after callbacks ran); when it says
 *       {@code true}, {@link #getUpdate()} is handed back as an interim {@link Outcome.Interim}
 *       and processing stops until the caller processes the same request again. An update the
 *       request has when libcurl ends the transfer, with success or with an error, is handed
 *       back before the end.</li>
 *   <li>{@link #completed} once, after success: build the final result from transfer info.</li>
 *   <li>{@link #failed} once, instead of {@code completed}, when the transfer fails or is
 *       cancelled: release what the request holds (the failure also completes the caller's
 *       stage exceptionally).</li>
 * </ol>
 * A hook that throws fails its own transfer only, with the exception as the
 * {@link CurlError}'s cause.
 *
 * @param <U> the type of interim updates
 * @param <R> the type of the final result
 */
public interface RequestProtocol<U, R> {
    /**
     * Sets options and callbacks with {@link ConfigHandle#setopt}. Called once, on the owner
     * thread, before the transfer is added to the multi.
     *
     * @param handle the transfer's easy handle; {@code setopt}/{@code unsetopt} work during this
     *        call only, {@link ConfigHandle#pause} also later
     */
    void configureHandle(ConfigHandle handle);

    /**
     * Whether an interim update is ready; the default never has one.
     *
     * @return {@code true} to hand {@link #getUpdate()} to the caller now
     */
    default boolean hasUpdate() {
        return false;
    }

    /**
     * The interim update; called only after {@link #hasUpdate()} returned {@code true}.
     *
     * @return the update, delivered as {@link Outcome.Interim}
     * @throws UnsupportedOperationException in the default implementation
     */
    default U getUpdate() {
        throw new UnsupportedOperationException("hasUpdate() returned true but getUpdate() is not implemented");
    }

    /**
     * Builds the final result; {@code info} is valid during this call only.
     *
     * @param info reads the finished transfer's {@code CURLINFO_*} values
     * @return the final result, delivered as {@link Outcome.Final}
     */
    R completed(GetInfoHandle info);

    /**
     * Called once when the transfer fails or is cancelled, before the failure is reported.
     * The default does nothing; an exception thrown here is added to {@code error} as suppressed.
     *
     * @param error the failure; a pending stage of the caller completes exceptionally with it
     */
    default void failed(CurlError error) {}

    /**
     * Where this transfer goes, as {@code scheme://host:port} ({@link Origin#of} computes it from
     * a URL), for code that keeps an origin's transfers on one multi handle, and so on its
     * connections: the actors module's {@code MultiActorPool} routes by it. Called on the router's
     * thread for every message about the request: return a value computed once. The default,
     * {@code null}, says nothing: such a request is placed by its identity, so each request still
     * stays on one multi handle.
     *
     * @return the origin, or {@code null}
     */
    default String origin() {
        return null;
    }
}
