package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlError;
import org.konnect.curl.Multi;
import org.konnect.curl.testservers.LoopbackRawServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * RTMP failures only: libcurl speaks RTMP through librtmp, and no maintained Java RTMP server can
 * be embedded here, so no transfer succeeds. What is checked is how each failure is named.
 */
@ExtendWith(NoNativeLeaks.class)
class RtmpTest {
    @Test
    void isAProtocolOfThisLibcurl() {
        assertTrue(Curl.protocols().contains("rtmp"), Curl.protocols().toString());
    }

    @Test
    void refusedConnectionIsCouldntConnect() throws Exception {
        try (RefusingPort closed = new RefusingPort(); Multi multi = Multi.open()) {
            CurlError e = OwnerLoop.failure(multi, new CollectingTransfer("rtmp://127.0.0.1:" + closed.port() + "/app/stream"));
            assertEquals("CURLE_COULDNT_CONNECT", e.codeName(), e.getMessage());
        }
    }

    /**
     * librtmp's failed handshake reaches libcurl as a failed connect, which it reports as
     * CURLE_FAILED_INIT. The peer closes after its noise: librtmp reads with blocking calls, on the
     * multi's thread, and would otherwise wait up to the connect timeout for the rest of a "packet".
     */
    @Test
    void peerThatSpeaksNoRtmpFailsTheConnect() {
        byte[] noise = "this is no RTMP\r\n".repeat(400).getBytes(StandardCharsets.US_ASCII);
        try (LoopbackRawServer peer = LoopbackRawServer.start(s -> s.getOutputStream().write(noise)); Multi multi = Multi.open()) {
            CurlError e = OwnerLoop.failure(multi, new CollectingTransfer("rtmp://127.0.0.1:" + peer.port() + "/app/stream"));
            assertEquals("CURLE_FAILED_INIT", e.codeName(), e.getMessage());
        }
    }

    @Test
    void peerClosingAtOnceFailsTheHandshake() {
        try (LoopbackRawServer peer = LoopbackRawServer.start(s -> { }); Multi multi = Multi.open()) {
            CurlError e = OwnerLoop.failure(multi, new CollectingTransfer("rtmp://127.0.0.1:" + peer.port() + "/app/stream"));
            assertEquals("CURLE_FAILED_INIT", e.codeName(), e.getMessage());
        }
    }
}
