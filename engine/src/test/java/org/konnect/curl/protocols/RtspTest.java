package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.Multi;
import org.konnect.curl.jni.LibcurlConstants;
import org.konnect.curl.testservers.LoopbackRtspServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/** RTSP OPTIONS requests against a small in-test server. */
@ExtendWith(NoNativeLeaks.class)
class RtspTest {
    /** {@code CURL_RTSPREQ_OPTIONS}. */
    private static final long RTSPREQ_OPTIONS = 1;
    private static final CurlInfo<Object> CSEQ_RECV = CurlInfo.of("RTSP_CSEQ_RECV", LibcurlConstants.CURLINFO_RTSP_CSEQ_RECV);
    private static final CurlInfo<Object> CLIENT_CSEQ = CurlInfo.of("RTSP_CLIENT_CSEQ", LibcurlConstants.CURLINFO_RTSP_CLIENT_CSEQ);

    @Test
    void isAProtocolOfThisLibcurl() {
        assertTrue(Curl.protocols().contains("rtsp"), Curl.protocols().toString());
    }

    private static void options(ConfigHandle h, String streamUri, long firstCSeq) {
        h.setopt(CurlOpt.byName("RTSP_REQUEST"), RTSPREQ_OPTIONS);
        h.setopt(CurlOpt.byName("RTSP_STREAM_URI"), streamUri);
        h.setopt(CurlOpt.byName("RTSP_CLIENT_CSEQ"), firstCSeq);
    }

    /** The answer's headers reach the header callback; libcurl counts the CSeq it received and the next one it will send. */
    @Test
    void optionsGetsThePublicMethods() {
        try (LoopbackRtspServer server = LoopbackRtspServer.start(); Multi multi = Multi.open()) {
            CollectingTransfer.Result r = OwnerLoop.result(multi, new CollectingTransfer(server.url("/stream"),
                    h -> options(h, "*", 41), CurlInfo.RESPONSE_CODE, CSEQ_RECV, CLIENT_CSEQ));
            assertEquals(200, r.info(CurlInfo.RESPONSE_CODE));
            assertEquals(41L, r.info(CSEQ_RECV));
            assertEquals(42L, r.info(CLIENT_CSEQ));
            assertTrue(r.headers().contains("Public: " + LoopbackRtspServer.PUBLIC), r.headers().toString());
            assertTrue(r.headers().contains("CSeq: 41"), r.headers().toString());
            assertEquals(0, r.body().length);
            assertEquals(List.of("OPTIONS * RTSP/1.0"), server.requestLines());
        }
    }

    /** An answer whose CSeq is not the request's is refused. */
    @Test
    void mismatchedCSeqIsAnRtspError() {
        try (LoopbackRtspServer server = LoopbackRtspServer.startWithCSeqOffBy(1); Multi multi = Multi.open()) {
            CurlError e = OwnerLoop.failure(multi, new CollectingTransfer(server.url("/stream"),
                    h -> options(h, server.url("/stream"), 7)));
            assertEquals("CURLE_RTSP_CSEQ_ERROR", e.codeName(), e.getMessage());
            assertEquals(List.of("OPTIONS " + server.url("/stream") + " RTSP/1.0"), server.requestLines());
        }
    }
}
