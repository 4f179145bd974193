package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testkit.Fresh;
import org.konnect.curl.testkit.LoopbackFtpServer;
import org.konnect.curl.testkit.LoopbackServers;
import org.konnect.curl.testkit.NoNativeLeaks;

/** FTP download and upload against the embedded FTP server. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class FtpTest {
    /** Each test starts from an empty root: a server of its own. */
    final LoopbackFtpServer server;

    FtpTest(@Fresh LoopbackFtpServer server) {
        this.server = server;
    }

    @Test
    void downloadsAFile() throws Exception {
        byte[] content = new byte[250_000];
        new Random(3).nextBytes(content);
        Files.write(server.root().resolve("data.bin"), content);
        try (Multi multi = Multi.open()) {
            Request.Response r = Drive.result(multi, multi.process(Request.toMemory(server.url("data.bin"))));
            assertEquals(226, r.responseCode(), "FTP's transfer-complete reply");
            assertArrayEquals(content, r.body());
        }
    }

    @Test
    void uploadsAFileIntoANewDirectory() throws Exception {
        byte[] content = new byte[180_000];
        new Random(4).nextBytes(content);
        int[] offset = {0};
        try (Multi multi = Multi.open()) {
            Exchange upload = new Exchange(server.url("incoming/up.bin"), h -> {
                h.setopt(CurlOpt.UPLOAD, true);
                h.setopt(CurlOpt.FTP_CREATE_MISSING_DIRS, 1);
                h.setopt(CurlOpt.READFUNCTION, (ReadCallback) buffer -> {
                    int n = Math.min(buffer.remaining(), content.length - offset[0]);
                    buffer.put(content, offset[0], n);
                    offset[0] += n;
                    return n;
                });
            });
            Drive.result(multi, multi.process(upload));
        }
        assertArrayEquals(content, Files.readAllBytes(server.root().resolve("incoming/up.bin")));
    }

    @Test
    void missingFileIsAnFtpError() {
        try (Multi multi = Multi.open()) {
            CurlError e = Drive.failure(multi, multi.process(Request.toMemory(server.url("nothing-here.bin"))));
            assertEquals("CURLE_REMOTE_FILE_NOT_FOUND", e.codeName());
        }
    }
}
