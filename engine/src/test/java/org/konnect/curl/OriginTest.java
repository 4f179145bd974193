package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Origin.of: one spelling per origin, whatever the URL's case, default port, path or credentials. */
class OriginTest {
    @Test
    void urlsOfOneOriginGiveOneString() {
        assertEquals("http://example.com:80", Origin.of("HTTP://Example.COM/a/b?c#d"));
        assertEquals("http://example.com:80", Origin.of("http://example.com:80"));
        assertEquals("https://example.com:443", Origin.of("https://user:secret@example.com/x"));
        assertEquals("https://example.com:8443", Origin.of("https://example.com:8443?q"));
        assertEquals("http://[::1]:8080", Origin.of("http://[::1]:8080/"));
        assertEquals("http://[::1]:80", Origin.of("http://[::1]/"));
        assertEquals("sftp://host:22", Origin.of("sftp://host/file"));
        assertEquals("gopher://host", Origin.of("gopher://host/1"));   // no default port known: none written
        assertEquals("file://", Origin.of("file:///tmp/x"));
        assertEquals("https://example.com:443", Request.toMemory("https://EXAMPLE.com/").origin());
    }

    @Test
    void aStringWithoutASchemeHasNoOrigin() {
        assertNull(Origin.of("example.com/path"));
        assertNull(Origin.of(null));
        assertNull(new RequestProtocol<Void, Void>() {
            @Override
            public void configureHandle(ConfigHandle handle) {}

            @Override
            public Void completed(GetInfoHandle info) {
                return null;
            }
        }.origin());
    }
}
