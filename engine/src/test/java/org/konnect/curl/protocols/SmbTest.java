package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.Multi;
import org.konnect.curl.testservers.LoopbackRawServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * SMB failures only: libcurl's SMB client speaks SMB 1, and no maintained Java SMB server can
 * be embedded here, so no transfer succeeds. What is checked is how each failure is named.
 */
@ExtendWith(NoNativeLeaks.class)
class SmbTest {
    @Test
    void isAProtocolOfThisLibcurl() {
        assertTrue(Curl.protocols().contains("smb"), Curl.protocols().toString());
    }

    @Test
    void refusedConnectionIsCouldntConnect() throws Exception {
        try (RefusingPort closed = new RefusingPort(); Multi multi = Multi.open()) {
            CurlError e = OwnerLoop.failure(multi, new CollectingTransfer("smb://user:pw@127.0.0.1:" + closed.port() + "/share/file.txt"));
            assertEquals("CURLE_COULDNT_CONNECT", e.codeName(), e.getMessage());
        }
    }

    /** The path must start with a share; libcurl checks before it connects. */
    @Test
    void urlWithoutAShareIsMalformed() throws Exception {
        try (RefusingPort closed = new RefusingPort(); Multi multi = Multi.open()) {
            CurlError e = OwnerLoop.failure(multi, new CollectingTransfer("smb://user:pw@127.0.0.1:" + closed.port() + "/"));
            assertEquals("CURLE_URL_MALFORMAT", e.codeName(), e.getMessage());
        }
    }

    /** SMB needs a user name: without one libcurl gives up once connected, before sending anything. */
    @Test
    void noCredentialsIsLoginDenied() {
        try (LoopbackRawServer peer = LoopbackRawServer.start(LoopbackRawServer::awaitPeerClose); Multi multi = Multi.open()) {
            CurlError e = OwnerLoop.failure(multi, new CollectingTransfer("smb://127.0.0.1:" + peer.port() + "/share/file.txt"));
            assertEquals("CURLE_LOGIN_DENIED", e.codeName(), e.getMessage());
        }
    }

    /**
     * A peer that closes the connection before answering the protocol negotiation is not noticed:
     * both libcurl versions wait for the connect timeout, which names the failure.
     */
    @Test
    void peerClosingBeforeNegotiationEndsInTheConnectTimeout() {
        try (LoopbackRawServer peer = LoopbackRawServer.start(s -> { }); Multi multi = Multi.open()) {
            CurlError e = OwnerLoop.failure(multi, new CollectingTransfer("smb://user:pw@127.0.0.1:" + peer.port() + "/share/file.txt",
                    h -> h.setopt(CurlOpt.CONNECTTIMEOUT_MS, 300L)));
            assertEquals("CURLE_OPERATION_TIMEDOUT", e.codeName(), e.getMessage());
        }
    }
}
