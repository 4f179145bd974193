package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.testservers.LoopbackTftpServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/** TFTP (RFC 1350) downloads and uploads against a small in-test server that acknowledges no options. */
@ExtendWith(NoNativeLeaks.class)
class TftpTest {
    private final LoopbackTftpServer server = LoopbackTftpServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void isAProtocolOfThisLibcurl() {
        assertTrue(Curl.protocols().contains("tftp"), Curl.protocols().toString());
    }

    /** 3000 bytes: five full blocks and a short one. libcurl asks for options (tsize 0 on a download). */
    @Test
    void downloadsAFileInBlocks() {
        byte[] content = RandomBytes.of(3000, 1);
        server.put("boot.img", content);
        CollectingTransfer.Result r = OwnerLoop.result(new CollectingTransfer(server.url("boot.img"), CurlInfo.SIZE_DOWNLOAD_T));
        assertArrayEquals(content, r.body());
        assertEquals(3000L, r.info(CurlInfo.SIZE_DOWNLOAD_T));
        LoopbackTftpServer.Request request = server.requests().get(0);
        assertEquals(List.of("RRQ", "boot.img", "octet", "0"),
                List.of(request.kind(), request.file(), request.mode(), request.options().get("tsize")));
    }

    /** A multiple of 512 ends with an empty block; TFTP_NO_OPTIONS sends a request of RFC 1350 alone. */
    @Test
    void downloadsAMultipleOfTheBlockSizeWithoutOptions() {
        byte[] content = RandomBytes.of(2048, 2);
        server.put("four-blocks.bin", content);
        assertArrayEquals(content, OwnerLoop.result(new CollectingTransfer(server.url("four-blocks.bin"),
                h -> h.setopt(CurlOpt.byName("TFTP_NO_OPTIONS"), 1L))).body());
        assertEquals(List.of(new LoopbackTftpServer.Request("RRQ", "four-blocks.bin", "octet", Map.of())), server.requests());
    }

    @Test
    void missingFileIsTftpNotFound() {
        CurlError e = OwnerLoop.failure(new CollectingTransfer(server.url("nothing.bin")));
        assertEquals("CURLE_TFTP_NOTFOUND", e.codeName(), e.getMessage());
    }

    /** An upload of a known size announces it as the tsize option (which the server does not acknowledge). */
    @Test
    void uploadsAFile() {
        byte[] content = RandomBytes.of(1300, 3);
        CollectingTransfer.Result r = OwnerLoop.result(new CollectingTransfer(server.url("up/load.bin"), h -> {
            h.setopt(CurlOpt.UPLOAD, true);
            h.setopt(CurlOpt.INFILESIZE_LARGE, (long) content.length);
            h.setopt(CurlOpt.READFUNCTION, CollectingTransfer.uploading(content));
        }, CurlInfo.SIZE_UPLOAD_T));
        assertEquals(1300L, r.info(CurlInfo.SIZE_UPLOAD_T));
        assertArrayEquals(content, server.file("up/load.bin"));
        LoopbackTftpServer.Request request = server.requests().get(0);
        assertEquals(List.of("WRQ", "up/load.bin", "octet", "1300"),
                List.of(request.kind(), request.file(), request.mode(), request.options().get("tsize")));
    }
}
