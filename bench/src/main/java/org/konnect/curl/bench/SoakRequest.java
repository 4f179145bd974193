package org.konnect.curl.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;

/**
 * One transfer of the soak: a GET whose write callback touches every byte. The result is the
 * body size, or -1 when the response was not 200. With {@code updateOnFirstBytes} it reports
 * one {@code Update} when its first bytes arrive, which tells its requester that it runs.
 * Every cancellation it sees is counted in {@link #CANCELLED}, for the transfers of requesters
 * that stopped, whose replies nobody reads.
 */
final class SoakRequest implements RequestProtocol<Long, Long>, WriteCallback {
    /** Transfers that ended cancelled, in this process. */
    static final AtomicLong CANCELLED = new AtomicLong();

    private final String url;
    private final HttpVersion version;
    private final String caFile;
    private final boolean updateOnFirstBytes;
    private long bytes;
    private long sum;
    private boolean reported;

    SoakRequest(String url, HttpVersion version, String caFile, boolean updateOnFirstBytes) {
        this.url = url;
        this.version = version;
        this.caFile = caFile;
        this.updateOnFirstBytes = updateOnFirstBytes;
    }

    @Override
    public void configureHandle(ConfigHandle handle) {
        handle.setopt(CurlOpt.URL, url);
        handle.setopt(CurlOpt.WRITEFUNCTION, this);
        if (version != null) {
            handle.setopt(CurlOpt.HTTP_VERSION, version);
            handle.setopt(CurlOpt.PIPEWAIT, true);   // multiplex on the connection there is
        }
        if (caFile != null) handle.setopt(CurlOpt.CAINFO, caFile);
    }

    @Override
    public int write(ByteBuffer data) {
        sum += Touch.sum(data);
        bytes += data.remaining();
        return data.remaining();
    }

    @Override
    public boolean hasUpdate() {
        return updateOnFirstBytes && !reported && bytes > 0;
    }

    @Override
    public Long getUpdate() {
        reported = true;
        return bytes;
    }

    @Override
    public Long completed(GetInfoHandle info) {
        Integer code = info.getinfo(CurlInfo.RESPONSE_CODE);
        return code != null && code == 200 ? bytes : -1L;
    }

    @Override
    public void failed(CurlError error) {
        if (error.isCancelled()) CANCELLED.incrementAndGet();
    }

    long checksum() {
        return sum;
    }

    @Override
    public String toString() {
        return "SoakRequest[" + url + "]";
    }
}
