package org.konnect.curl.bench;

import java.nio.ByteBuffer;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.Origin;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;

/**
 * The request the engine contenders run: a GET whose write callback touches every byte and
 * counts it (no sink, no copy), so the benchmark measures the engine rather than a buffer.
 * The result is the body size, or -1 when the response was not 200 (the run counts it failed).
 */
final class CountingGet implements RequestProtocol<Void, Long>, WriteCallback {
    private final String url;
    /** Computed once: a MultiActorPool asks for it at every message. */
    private final String origin;
    private final boolean decoded;
    /** CURLOPT_CAINFO, or null for libcurl's default CAs. */
    private final String cacert;
    /** HTTP/2 over TLS, waiting for a connection to multiplex on (CURLOPT_PIPEWAIT). */
    private final boolean http2;
    private long bytes;
    private long sum;

    CountingGet(String url) {
        this(url, false);
    }

    /** With {@code decoded}, the body is asked for with every content encoding ({@code ACCEPT_ENCODING ""}) and counted decoded. */
    CountingGet(String url, boolean decoded) {
        this(url, decoded, null, false);
    }

    /** A GET of the spec's URL with its TLS settings ({@code --cacert}, {@code --http2}). */
    CountingGet(Spec spec) {
        this(spec.url(), false, spec.cacert(), spec.http2());
    }

    private CountingGet(String url, boolean decoded, String cacert, boolean http2) {
        this.url = url;
        this.origin = Origin.of(url);
        this.decoded = decoded;
        this.cacert = cacert;
        this.http2 = http2;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public void configureHandle(ConfigHandle handle) {
        handle.setopt(CurlOpt.URL, url);
        handle.setopt(CurlOpt.WRITEFUNCTION, this);
        if (decoded) handle.setopt(CurlOpt.ACCEPT_ENCODING, "");
        if (cacert != null) handle.setopt(CurlOpt.CAINFO, cacert);
        if (http2) {
            handle.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2TLS);
            handle.setopt(CurlOpt.PIPEWAIT, true);
        }
    }

    @Override
    public int write(ByteBuffer data) {
        int n = data.remaining();
        sum += Touch.sum(data);
        bytes += n;
        return n;
    }

    @Override
    public Long completed(GetInfoHandle info) {
        Integer code = info.getinfo(CurlInfo.RESPONSE_CODE);
        return code != null && code == 200 ? bytes : -1L;
    }

    long checksum() {
        return sum;
    }

    @Override
    public String toString() {
        return "CountingGet[" + url + "]";
    }
}
