package org.konnect.curl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.NoNativeLeaks;

/** The run stops its client and MultiActor before it returns: NoNativeLeaks checks nothing native is left. */
@ExtendWith(NoNativeLeaks.class)
class HttpTourTest {
    @Test
    void doesTheThreeTasks() {
        Captured c = new Captured();
        assertEquals(0, HttpTour.run(new String[] {"--size", "3000000"}, c.out), c.text());
        assertTrue(c.text().contains("GET /echo: 200 OK over HTTP_1_1, the server saw X-Request-Id: tour-1"), c.text());
        assertTrue(c.text().contains("PUT /echo: 200, uploaded 3,000,000 bytes from upload.bin, the server read 3000000"), c.text());
        assertTrue(c.text().contains("progress: 100% (3,000,000 of 3,000,000 bytes)"), c.text());
        assertTrue(c.text().contains("GET /bytes: 200, 3,000,000 bytes written to download.bin, identical to what the server sent"),
                c.text());
        assertTrue(c.text().contains("all three tasks checked out"), c.text());
    }

    @Test
    void badArgumentsExitTwo() {
        Captured c = new Captured();
        assertEquals(2, HttpTour.run(new String[] {"--size", "lots"}, c.out));
        assertTrue(c.text().contains("usage: HttpTour"), c.text());
    }
}
