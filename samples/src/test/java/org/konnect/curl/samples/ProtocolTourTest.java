package org.konnect.curl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.NoNativeLeaks;

@ExtendWith(NoNativeLeaks.class)
class ProtocolTourTest {
    @Test
    void visitsEveryProtocolOfTheEmbeddedServersAndPrintsWhatGetinfoReports() {
        Captured c = new Captured();
        assertEquals(0, ProtocolTour.run(new String[0], c.out), c.text());
        String out = c.text();
        assertTrue(out.contains("  file://   code   0  file   NONE     ok"), out);
        assertTrue(out.contains("  HTTP/1.1  code 200  http   HTTP_1_1 ok"), out);
        assertTrue(out.contains("  HTTP/2    code 200  http   HTTP_2   ok"), out);
        assertTrue(out.contains("  FTP       code 226  ftp    NONE     ok"), out);
        assertTrue(out.contains("  FTPS      code 226  ftps   NONE     ok"), out);
        assertTrue(out.contains("  SFTP      code   0  sftp   NONE     ok"), out);
        assertTrue(out.contains("  SCP       code   0  scp    NONE     ok"), out);
        assertTrue(out.contains("  IMAP      code   -  imap   NONE     ok"), out);
        assertTrue(out.contains("  POP3      code   -  pop3   NONE     ok"), out);
        assertTrue(out.contains("  SMTP      code 250  smtp   NONE     ok"), out);
        assertTrue(out.contains("  LDAP      code   0  ldap   NONE     ok"), out);
        assertTrue(out.contains("  MQTT      code   0  mqtt   NONE     ok"), out);
        assertTrue(out.contains("  TFTP      code   0  tftp   NONE     ok"), out);
        assertTrue(out.contains("  DICT      code   0  dict   NONE     ok"), out);
        assertTrue(out.contains("  GOPHER    code   0  gopher NONE     ok"), out);
        assertTrue(out.contains("  TELNET    code   0  telnet NONE     ok"), out);
        assertTrue(out.contains("  RTSP      code 200  rtsp   HTTP_1_1 ok"), out);
        assertTrue(out.contains("17 of 17 protocols returned what was expected"), out);
        // each stop prints every info
        for (String info : new String[] {"response code", "effective URL", "scheme", "HTTP version", "size",
            "content type", "total time", "primary IP:port", "num connects"}) {
            assertEquals(17, c.count("   " + java.util.regex.Pattern.quote(info) + " .*"), info + "\n" + out);
        }
        assertTrue(out.contains("   body             \"HTTP/2.0\""), "the server saw HTTP/2\n" + out);
        assertTrue(out.contains("   primary IP:port  (none: no network)"), out);
    }

    @Test
    void badArgumentsExitTwo() {
        Captured c = new Captured();
        assertEquals(2, ProtocolTour.run(new String[] {"ftp://x/"}, c.out));
        assertTrue(c.text().contains("usage: ProtocolTour"), c.text());
    }
}
