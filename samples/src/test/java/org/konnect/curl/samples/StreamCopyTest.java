package org.konnect.curl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.NoNativeLeaks;

/** The run stops its MultiActor before it returns: NoNativeLeaks checks nothing native is left. */
@ExtendWith(NoNativeLeaks.class)
class StreamCopyTest {
    @Test
    void copiesThroughGzipIntoSftpAndVerifiesTheReadBack() {
        Captured c = new Captured();
        assertEquals(0, StreamCopy.run(new String[] {"--size", "3000000"}, c.out), c.text());
        assertTrue(c.text().contains("downloaded 3,000,000 bytes (HTTP 200, HTTP_1_1), uploaded "), c.text());
        assertTrue(c.text().contains("verified: the SFTP file gunzips to the 3,000,000 bytes the HTTP server sent"), c.text());
    }

    @Test
    void badArgumentsExitTwo() {
        Captured c = new Captured();
        assertEquals(2, StreamCopy.run(new String[] {"--size", "lots"}, c.out));
        assertTrue(c.text().contains("usage: StreamCopy"), c.text());
    }
}
