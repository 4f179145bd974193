package org.konnect.curl.testing;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;

/**
 * Test request: counts the body's bytes, keeps none of them, and ends with the response code.
 * It notes the thread its hooks ran on (a MultiActor's dispatcher thread, for instance). Override
 * {@link #completed} to look at the transfer's infos, calling {@code super.completed} for the code.
 *
 * <p>In the engine's test jar, for the tests of the modules above the engine.
 */
public class CountingRequest implements RequestProtocol<Long, Integer> {
    private final String url;
    private final AtomicReference<Thread> hookThread = new AtomicReference<>();
    /** Written by the write callback on the multi's owner thread. */
    private long received;

    /**
     * A request for {@code url}.
     *
     * @param url what to fetch
     */
    public CountingRequest(String url) {
        this.url = url;
    }

    /** @return the URL the request fetches */
    public String url() {
        return url;
    }

    /** @return the body bytes received so far */
    public long received() {
        return received;
    }

    /** @return the thread {@link #configureHandle} last ran on, or null before it ran */
    public Thread hookThread() {
        return hookThread.get();
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        hookThread.set(Thread.currentThread());
        h.setopt(CurlOpt.URL, url);
        h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) this::write);
    }

    private int write(ByteBuffer data) {
        received += data.remaining();
        return data.remaining();
    }

    @Override
    public Integer completed(GetInfoHandle info) {
        return info.getinfo(CurlInfo.RESPONSE_CODE);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + url + "]";
    }
}
