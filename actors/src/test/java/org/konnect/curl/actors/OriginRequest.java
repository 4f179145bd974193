package org.konnect.curl.actors;

import java.net.URI;
import java.util.List;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.Origin;
import org.konnect.curl.testing.CountingRequest;

/**
 * Test request to a made-up host name that {@code CURLOPT_CONNECT_TO} sends to a loopback
 * server (no name is ever looked up), so that one server stands for many origins. It names its
 * origin, as a {@link MultiActorPool} routes by it, and notes the thread its hooks ran on.
 */
class OriginRequest extends CountingRequest {
    private final String connectTo;

    /** {@code url} on {@code host} instead of the loopback server's 127.0.0.1. */
    OriginRequest(String loopbackUrl, String host) {
        super(loopbackUrl.replace("127.0.0.1", host));
        int port = URI.create(loopbackUrl).getPort();
        this.connectTo = host + ":" + port + ":127.0.0.1:" + port;
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        super.configureHandle(h);
        h.setopt(CurlOpt.CONNECT_TO, List.of(connectTo));
    }

    @Override
    public String origin() {
        return Origin.of(url());
    }
}
