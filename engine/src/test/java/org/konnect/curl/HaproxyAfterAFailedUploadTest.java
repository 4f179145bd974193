package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * {@code CURLOPT_HAPROXYPROTOCOL} on a transfer that fails once connected, before its request
 * is sent: libcurl 7.88.1 kept the connection, with only the PROXY line sent, in the Multi's
 * cache, and the next plain GET reused it and got 400 from a server that read the PROXY line as
 * its request line (found by the fuzzer's control requests, seed -8193664144864459671 batch 894).
 * Such a transfer now closes its connection there ({@code LibcurlWorkarounds}).
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class HaproxyAfterAFailedUploadTest {
    private final LoopbackHttpServer http;

    HaproxyAfterAFailedUploadTest(LoopbackHttpServer http) {
        this.http = http;
    }

    @Test
    void theNextTransferGetsAConnectionWithoutThePendingProxyLine() {
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withHandlePoolSize(1))) {
            // An upload of unknown size needs chunked encoding, which HTTP/1.0 does not have: libcurl
            // fails it after connecting (and sending the PROXY line) but before writing the request.
            Exchange upload = new Exchange(http.url("/bytes/10"), h -> h.setopt("HAPROXYPROTOCOL", 1L)
                    .setopt(CurlOpt.UPLOAD, 1L).setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_1_0)
                    .setopt(CurlOpt.READFUNCTION, (ReadCallback) buffer -> 0));
            assertEquals("CURLE_UPLOAD_FAILED", Drive.failure(multi, multi.process(upload)).codeName());
            Exchange.Result plain = Drive.result(multi, multi.process(new Exchange(http.url("/echo"))));
            assertEquals(200, plain.code(), plain.text());
        }
    }
}
