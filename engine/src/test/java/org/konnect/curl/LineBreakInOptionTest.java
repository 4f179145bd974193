package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.konnect.curl.testservers.LoopbackRawServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * A line break in an option libcurl writes into the request head as given (here
 * {@code CURLOPT_RANGE} and a {@code CURLOPT_HTTPHEADER} line) ends that head early, and what
 * follows is a second request on the same connection. Its response came after the transfer had
 * ended, so the next transfer that reused the connection read it as its own (found by the fuzzer,
 * seed 8753928719640532913 batch 4442: a {@code RANGE} of CR LF, then a plain GET answered 400).
 * Such a transfer now closes its connection. The server here answers the smuggled request only
 * once a third request arrives on the connection, so a reuse is always caught.
 */
@ExtendWith(NoNativeLeaks.class)
class LineBreakInOptionTest {
    private static final String SMUGGLED = "\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: smuggled";

    @ParameterizedTest(name = "in {0}")
    @ValueSource(strings = {"RANGE", "HTTPHEADER"})
    void theNextTransferDoesNotReadTheResponseToALineBrokenOption(String option) {
        Consumer<ConfigHandle> lineBroken = option.equals("RANGE")
                ? h -> h.setopt(CurlOpt.byName("RANGE"), "0-1" + SMUGGLED)
                : h -> h.setopt(CurlOpt.byName("HTTPHEADER"), List.of("X-Note: one" + SMUGGLED));
        try (LoopbackRawServer server = LoopbackRawServer.start(LineBreakInOptionTest::answerTheSecondRequestLate);
             Multi multi = Multi.open(MultiOptions.DEFAULTS.withHandlePoolSize(1))) {
            Exchange.Result first = Drive.result(multi, multi.process(new Exchange(server.url("/first"), lineBroken)));
            assertEquals("GET /first HTTP/1.1", first.text());
            Exchange.Result next = Drive.result(multi, multi.process(new Exchange(server.url("/next"))));
            assertEquals("GET /next HTTP/1.1", next.text(), "the next transfer read the response to another request");
        }
    }

    /**
     * Answers each request with its request line, in order; the second request's answer waits
     * until a third request arrives (a client that closed the connection gets none).
     */
    private static void answerTheSecondRequestLate(Socket s) throws Exception {
        answer(s, LoopbackRawServer.readRequestHead(s));
        String second = LoopbackRawServer.readRequestHead(s);
        String third;
        try {
            third = LoopbackRawServer.readRequestHead(s);
        } catch (EOFException closed) {
            return;
        }
        answer(s, second);
        answer(s, third);
    }

    private static void answer(Socket s, String head) throws Exception {
        byte[] body = head.substring(0, head.indexOf("\r\n")).getBytes(StandardCharsets.ISO_8859_1);
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }
}
