package org.konnect.curl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Every run stops its MultiActor before it returns: NoNativeLeaks checks nothing native is left. */
@ExtendWith(NoNativeLeaks.class)
class StreamingUploadTest {
    @Test
    void shortRunUploadsThreePiecesThroughUpdatesAndVerifiesTheEcho() {
        Captured c = new Captured();
        assertEquals(0, StreamingUpload.run(new String[] {"--short"}, c.out), c.text());
        assertEquals(1, c.count("-> Process: start the upload.*"), c.text());
        // one update per piece, and one more after which the actor says it is done
        assertEquals(4, c.count("<- Update: the read callback paused .* it asks for piece \\d+"), c.text());
        assertEquals(3, c.count("   produced piece \\d: .*"), c.text());
        assertEquals(1, c.count("   nothing more to produce.*"), c.text());
        assertTrue(c.text().contains("<- Completed: HTTP 200"), c.text());
        assertTrue(c.text().contains("echo verified: the server sent back exactly the 70,105 bytes produced in 3 pieces"),
                c.text());
    }

    @Test
    void fullRunVerifiesTheEchoOfSevenPieces() {
        Captured c = new Captured();
        assertEquals(0, StreamingUpload.run(new String[0], c.out), c.text());
        assertEquals(8, c.count("<- Update: .*"), c.text());
        assertTrue(c.text().contains("echo verified: the server sent back exactly the 574,069 bytes produced in 7 pieces"),
                c.text());
    }

    @Test
    void badArgumentsExitTwo() {
        Captured c = new Captured();
        assertEquals(2, StreamingUpload.run(new String[] {"--long"}, c.out));
        assertTrue(c.text().contains("usage: StreamingUpload"), c.text());
    }
}
