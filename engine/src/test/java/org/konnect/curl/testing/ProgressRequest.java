package org.konnect.curl.testing;

/**
 * Test request: a {@link CountingRequest} that also reports the byte count as an update each
 * time another {@code step} bytes have arrived.
 *
 * <p>In the engine's test jar, for the tests of the modules above the engine.
 */
public final class ProgressRequest extends CountingRequest {
    private final long step;
    private long reported;

    /**
     * A request for {@code url} with an update every {@code step} bytes.
     *
     * @param url what to fetch
     * @param step the bytes between two updates
     */
    public ProgressRequest(String url, long step) {
        super(url);
        this.step = step;
    }

    @Override
    public boolean hasUpdate() {
        return received() - reported >= step;
    }

    @Override
    public Long getUpdate() {
        reported = received();
        return reported;
    }
}
