package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * The data libcurl hands to the write, header and debug callbacks is read-only to Java: libcurl
 * holds it as const, and 8.14 passed the header callback read-only memory, where a put from
 * Java crashed the JVM (found by the fuzzer, seed -924618701234913115, batch 1). The read
 * callback's buffer, which Java fills, stays writable.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class CallbackViewsTest {
    private final LoopbackHttpServer http;

    CallbackViewsTest(LoopbackHttpServer http) {
        this.http = http;
    }

    private CurlError failure(CurlOpt option, Object callback) {
        try (Multi multi = Multi.open()) {
            return Drive.failure(multi, multi.process(new Exchange(http.url("/bytes/100"), h -> h.setopt(option, callback))));
        }
    }

    @Test
    void writingIntoLibcurlsDataIsRefusedInJava() {
        CurlError write = failure(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
            data.put(0, (byte) 'z');
            return data.remaining();
        });
        assertInstanceOf(ReadOnlyBufferException.class, write.getCause(), String.valueOf(write));
        CurlError header = failure(CurlOpt.HEADERFUNCTION, (HeaderCallback) data -> {
            data.put(0, (byte) 'z');
            return data.remaining();
        });
        assertInstanceOf(ReadOnlyBufferException.class, header.getCause(), String.valueOf(header));
        CurlError debug = failure(CurlOpt.DEBUGFUNCTION, (DebugCallback) (type, data) -> {
            if (data.hasRemaining()) data.put(0, (byte) 'z');
        });
        assertInstanceOf(ReadOnlyBufferException.class, debug.getCause(), String.valueOf(debug));
    }

    @Test
    void theReadCallbackFillsItsBuffer() {
        byte[] body = "filled by Java".getBytes(StandardCharsets.UTF_8);
        boolean[] writable = {false};
        try (Multi multi = Multi.open()) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(http.url("/echo"), h -> {
                h.setopt(CurlOpt.POST, true);
                h.setopt(CurlOpt.POSTFIELDSIZE_LARGE, (long) body.length);
                ByteBuffer source = ByteBuffer.wrap(body);
                h.setopt(CurlOpt.READFUNCTION, (ReadCallback) buffer -> {
                    writable[0] |= !buffer.isReadOnly();
                    int n = Math.min(buffer.remaining(), source.remaining());
                    buffer.put(source.array(), source.position(), n);
                    source.position(source.position() + n);
                    return n;
                });
            })));
            assertEquals("filled by Java", r.text());
        }
        assertTrue(writable[0]);
    }
}
