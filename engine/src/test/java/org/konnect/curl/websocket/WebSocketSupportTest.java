package org.konnect.curl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.konnect.curl.Curl;
import org.konnect.curl.WebSocket;

/**
 * Runs on every libcurl: the engine's WebSocket detection agrees with the loaded library's version
 * and protocols, and with what this pass expects, so the test filter that picks the WebSocket tests
 * or the refusal's ({@code LibcurlFeatureFilter}) cannot pick the wrong ones quietly.
 */
class WebSocketSupportTest {
    @Test
    void detectionAgreesWithTheLoadedLibcurl() {
        boolean expected = Curl.versionNumber() >= 0x080e00 && Curl.protocols().contains("ws");
        assertEquals(expected, WebSocket.isSupported(), Curl.version() + " " + Curl.protocols());
        assertEquals(expected, WebSocket.unsupportedReason() == null, String.valueOf(WebSocket.unsupportedReason()));
    }

    @Test
    void aPassOnLibcurl814OrLaterHasWebSockets() {
        String expected = System.getProperty("konnect.libcurl.expected", "");
        if (expected.isEmpty()) return;   // a plain run: the other test checks the library itself
        String[] parts = expected.split("\\.");
        int num = (Integer.parseInt(parts[0]) << 16) | (Integer.parseInt(parts[1]) << 8) | Integer.parseInt(parts[2]);
        if (num >= 0x080e00) {
            assertNull(WebSocket.unsupportedReason(), "this pass expects libcurl " + expected);
        } else {
            assertEquals(false, WebSocket.isSupported(), "this pass expects libcurl " + expected);
        }
    }
}
