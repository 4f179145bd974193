package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.testservers.LoopbackLdapServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/** LDAP searches by URL (RFC 4516) against UnboundID's in-memory directory. */
@ExtendWith(NoNativeLeaks.class)
class LdapTest {
    private static final String ALICE = "ou=people,dc=example,dc=com?cn,mail?sub?(uid=alice)";
    private static LoopbackLdapServer server;

    @BeforeAll
    static void start() {
        server = LoopbackLdapServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void isAProtocolOfThisLibcurl() {
        assertTrue(Curl.protocols().contains("ldap"), Curl.protocols().toString());
    }

    @Test
    void searchReturnsTheEntrysAttributesOnly() {
        String text = OwnerLoop.result(new CollectingTransfer(server.url(ALICE))).text();
        // libcurl writes each entry as "DN: <dn>" and then a tab-indented "<attribute>: <value>" line per value.
        assertTrue(text.contains("DN: uid=alice,ou=people,dc=example,dc=com"), text);
        assertTrue(text.contains("\tcn: Alice Liddell"), text);
        assertTrue(text.contains("\tmail: alice@example.com"), text);
        assertTrue(!text.contains("bob") && !text.contains("sn:") && !text.contains("objectClass"),
                "one entry, and only the attributes asked for: " + text);
    }

    @Test
    void searchUnderAMissingBaseFails() {
        CurlError e = OwnerLoop.failure(new CollectingTransfer(server.url("ou=nobody,dc=example,dc=com?cn?sub?(uid=alice)")));
        assertEquals("CURLE_LDAP_SEARCH_FAILED", e.codeName(), e.getMessage());
    }

    @Test
    void bindsWithTheCredentialsGiven() {
        String text = OwnerLoop.result(new CollectingTransfer(server.url(ALICE),
                h -> h.setopt(CurlOpt.USERPWD, LoopbackLdapServer.BIND_DN + ":" + LoopbackLdapServer.BIND_PASSWORD))).text();
        assertTrue(text.contains("\tmail: alice@example.com"), text);
    }

    /**
     * libcurl's OpenLDAP backend maps the server's invalidCredentials (49) to CURLE_LOGIN_DENIED;
     * CURLE_LDAP_CANNOT_BIND is left for binds failing otherwise.
     */
    @Test
    void wrongPasswordIsLoginDenied() {
        CurlError e = OwnerLoop.failure(new CollectingTransfer(server.url(ALICE),
                h -> h.setopt(CurlOpt.USERPWD, LoopbackLdapServer.BIND_DN + ":wrong")));
        assertEquals("CURLE_LOGIN_DENIED", e.codeName(), e.getMessage());
    }

    /** A bind name that is no DN fails the bind with a result other than invalidCredentials: a failed bind. */
    @Test
    void bindNameThatIsNoDnCannotBind() {
        CurlError e = OwnerLoop.failure(new CollectingTransfer(server.url(ALICE),
                h -> h.setopt(CurlOpt.USERPWD, "not-a-dn:" + LoopbackLdapServer.BIND_PASSWORD)));
        assertEquals("CURLE_LDAP_CANNOT_BIND", e.codeName(), e.getMessage());
    }
}
