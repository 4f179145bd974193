package org.konnect.curl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlError;
import org.konnect.curl.Multi;
import org.konnect.curl.WebSocket;
import org.konnect.curl.WebSocketMessage;
import org.konnect.curl.jni.LibcurlConstants;
import org.konnect.curl.testservers.LibcurlFeatureFilter;
import org.konnect.curl.testservers.NoNativeLeaks;

/** On a libcurl without WebSocket support (the system's 7.88.1): refused at once, naming the version needed. */
@Tag(LibcurlFeatureFilter.WITHOUT_WEBSOCKET)
@ExtendWith(NoNativeLeaks.class)
class WebSocketRefusalTest {
    @Test
    void processingAWebSocketFailsAtOnceNamingTheLibcurlNeeded() {
        AtomicReference<CurlError> seenByFailed = new AtomicReference<>();
        WebSocket ws = WebSocket.builder("ws://127.0.0.1:9/").build();
        try (Multi multi = Multi.open()) {
            var stage = multi.process(ws).toCompletableFuture();
            assertTrue(stage.isDone(), "refused without a loop iteration");
            CurlError e = assertInstanceOf(CurlError.class, assertThrows(CompletionException.class, stage::join).getCause());
            assertEquals(LibcurlConstants.CURLE_UNSUPPORTED_PROTOCOL, e.code());
            assertTrue(e.getMessage().contains("libcurl " + WebSocket.REQUIRED_LIBCURL + " or later"), e.getMessage());
            assertTrue(e.getMessage().contains(Curl.version().split(" ")[0]), e.getMessage());
            assertEquals(0, multi.transferCount());
            // not started, so a send has nowhere to go
            CompletionException send = assertThrows(CompletionException.class,
                    () -> ws.send(WebSocketMessage.text("x")).toCompletableFuture().join());
            assertInstanceOf(IllegalStateException.class, send.getCause());
        }
        assertTrue(seenByFailed.get() == null);
    }

    @Test
    void theReasonNamesTheLoadedVersionAndTheMissingProtocol() {
        String reason = WebSocket.unsupportedReason();
        assertTrue(reason.startsWith("WebSocket needs libcurl 8.14.0 or later"), reason);
        if (!Curl.protocols().contains("ws")) assertTrue(reason.endsWith("without ws"), reason);
    }
}
