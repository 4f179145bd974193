package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** getinfo converts to Java types; getinfoRaw returns libcurl's values. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class GetInfoTest {
    @Test
    void typedAndRawValuesAgree(LoopbackHttpServer server) {
        Map<String, Object> seen = new LinkedHashMap<>();
        try (Multi multi = Multi.open()) {
            String url = server.url("/bytes/4096");
            RequestProtocol<Void, Void> request = new RequestProtocol<>() {
                @Override
                public void configureHandle(ConfigHandle h) {
                    h.setopt(CurlOpt.URL, url);
                    h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> data.remaining());
                }

                @Override
                public Void completed(GetInfoHandle info) {
                    seen.put("code", info.getinfo(CurlInfo.RESPONSE_CODE));
                    seen.put("codeRaw", info.getinfoRaw(CurlInfo.RESPONSE_CODE));
                    seen.put("total", info.getinfo(CurlInfo.TOTAL_TIME_T));
                    seen.put("totalRaw", info.getinfoRaw(CurlInfo.TOTAL_TIME_T));
                    seen.put("totalSeconds", info.getinfoRaw(CurlInfo.TOTAL_TIME));
                    seen.put("version", info.getinfo(CurlInfo.HTTP_VERSION));
                    seen.put("url", info.getinfo(CurlInfo.EFFECTIVE_URL));
                    seen.put("size", info.getinfo(CurlInfo.SIZE_DOWNLOAD_T));
                    seen.put("ip", info.getinfo(CurlInfo.PRIMARY_IP));
                    seen.put("port", info.getinfo(CurlInfo.PRIMARY_PORT));
                    seen.put("scheme", info.getinfo(CurlInfo.SCHEME));
                    seen.put("certs", info.getinfo(CurlInfo.CERTINFO));
                    seen.put("custom", info.getinfo(CurlInfo.of("RESPONSE_CODE", 0x200000 + 2)));
                    return null;
                }
            };
            Drive.result(multi, multi.process(request));
            assertEquals(200, seen.get("code"));
            assertEquals(200L, seen.get("codeRaw"));
            Duration total = (Duration) seen.get("total");
            assertEquals((Long) seen.get("totalRaw") * 1000, total.toNanos());
            assertInstanceOf(Double.class, seen.get("totalSeconds"));
            assertEquals(HttpVersion.HTTP_1_1, seen.get("version"));
            assertEquals(url, seen.get("url"));
            assertEquals(4096L, seen.get("size"));
            assertEquals("127.0.0.1", seen.get("ip"));
            assertEquals(server.port(), seen.get("port"));
            assertEquals("http", seen.get("scheme"));
            assertEquals(List.of(), seen.get("certs"), "no certificates over plain HTTP");
            assertEquals(200L, seen.get("custom"));
        }
    }

    @Test
    void versionFactsAreAvailable() {
        assertTrue(Curl.version().startsWith("libcurl/"), Curl.version());
        assertTrue(Curl.versionNumber() >= 0x075800, Integer.toHexString(Curl.versionNumber()));
        assertTrue(Curl.protocols().containsAll(List.of("http", "https", "ftp", "file")), Curl.protocols().toString());
        assertNotNull(Curl.sslVersion());
    }
}
