package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Curl;
import org.konnect.curl.testservers.LoopbackDictServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/** DICT (RFC 2229) lookups against a small in-test server. */
@ExtendWith(NoNativeLeaks.class)
class DictTest {
    private final LoopbackDictServer server = LoopbackDictServer.start(Map.of("loopback",
            "A network interface that leads back to its own host.\r\n.hidden lines are dot-stuffed"));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void isAProtocolOfThisLibcurl() {
        assertTrue(Curl.protocols().contains("dict"), Curl.protocols().toString());
    }

    /**
     * libcurl sends CLIENT, DEFINE (database "!", any) and QUIT in one go, reads until the server
     * closes and writes all it read, status lines included: it does not interpret DICT replies.
     */
    @Test
    void defineWritesTheWholeConversation() {
        String text = OwnerLoop.result(new CollectingTransfer(server.url("/d:loopback"))).text();
        assertEquals(LoopbackDictServer.BANNER + "250 ok\r\n" + server.define("loopback") + "221 bye\r\n", text);
        assertEquals(List.of("CLIENT libcurl " + versionOnly(), "DEFINE ! loopback", "QUIT"), server.commands());
    }

    /** A word in the URL's database part asks that database; an unknown word is still a completed transfer. */
    @Test
    void unknownWordIsAReplyNotAFailure() {
        String text = OwnerLoop.result(new CollectingTransfer(server.url("/d:nowhere:" + LoopbackDictServer.DATABASE))).text();
        assertEquals(LoopbackDictServer.BANNER + "250 ok\r\n552 no match\r\n221 bye\r\n", text);
        assertEquals("DEFINE " + LoopbackDictServer.DATABASE + " nowhere", server.commands().get(1));
    }

    /** The version libcurl names itself with in CLIENT, e.g. "7.88.1". */
    private static String versionOnly() {
        int v = Curl.versionNumber();
        return (v >> 16) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }
}
