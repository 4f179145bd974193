package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.Multi;
import org.konnect.curl.testservers.LoopbackGopherServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Gopher (RFC 1436) fetches against a small in-test server. */
@ExtendWith(NoNativeLeaks.class)
class GopherTest {
    private static final byte[] BINARY = new byte[100_000];

    static {
        new Random(11).nextBytes(BINARY);
    }

    private final LoopbackGopherServer server = LoopbackGopherServer.start(Map.of(
            "about.txt", "Served over loopback.\r\n".getBytes(StandardCharsets.ISO_8859_1),
            "files/blob.bin", BINARY));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void isAProtocolOfThisLibcurl() {
        assertTrue(Curl.protocols().contains("gopher"), Curl.protocols().toString());
    }

    /** The URL's path is the item type and the selector; libcurl sends the selector alone. */
    @Test
    void fetchesATextDocument() {
        try (Multi multi = Multi.open()) {
            CollectingTransfer.Result r = OwnerLoop.result(multi,
                    new CollectingTransfer(server.url("0about.txt"), CurlInfo.SIZE_DOWNLOAD_T));
            assertEquals("Served over loopback.\r\n", r.text());
            assertEquals(23L, r.info(CurlInfo.SIZE_DOWNLOAD_T));
        }
        assertEquals(List.of("about.txt"), server.selectors());
    }

    @Test
    void fetchesABinaryDocumentToTheServersClose() {
        assertArrayEquals(BINARY, OwnerLoop.result(new CollectingTransfer(server.url("9files/blob.bin"))).body());
        assertEquals(List.of("files/blob.bin"), server.selectors());
    }

    /** Gopher has no status: the server's error menu is the document. */
    @Test
    void unknownSelectorGetsTheErrorMenu() {
        assertEquals(LoopbackGopherServer.notFound("nothing"),
                OwnerLoop.result(new CollectingTransfer(server.url("1nothing"))).text());
    }
}
