package org.konnect.curl.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** A stream's transfer names its URL's origin, so that a MultiActorPool keeps an origin's streams on one MultiActor. */
class OriginOfStreamsTest {
    @Test
    void downloadsAndUploadsNameTheirUrlsOrigin() {
        assertEquals("http://example.org:80", new DownloadRequest("HTTP://Example.org/a?b", h -> {}, 1024).origin());
        assertEquals("sftp://[::1]:2222", new UploadRequest<>("sftp://user@[::1]:2222/up/file", h -> {}, TransferInfo::of).origin());
        assertNull(new DownloadRequest("example.org/no-scheme", h -> {}, 1024).origin(), "no scheme: no origin is assumed");
    }
}
