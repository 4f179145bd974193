package org.konnect.curl.testservers;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An LDAP directory in memory (UnboundID's {@code InMemoryDirectoryServer}) listening on
 * {@code 127.0.0.1} and an ephemeral port, holding a small fixed tree:
 * <pre>
 * dc=example,dc=com
 *   ou=people
 *     uid=alice  (cn: Alice Liddell, mail: alice@example.com)
 *     uid=bob    (cn: Bob Builder,   mail: bob@example.com)
 * </pre>
 * Anonymous searches are allowed; {@link #BIND_DN} binds with {@link #BIND_PASSWORD}.
 */
public final class LoopbackLdapServer implements AutoCloseable {
    /** The root of the tree. */
    public static final String BASE_DN = "dc=example,dc=com";
    /** The one account that can bind (simple bind), besides anonymous. */
    public static final String BIND_DN = "cn=admin,dc=example,dc=com";
    /** {@link #BIND_DN}'s password. */
    public static final String BIND_PASSWORD = "secret";

    private final InMemoryDirectoryServer directory;

    private LoopbackLdapServer(InMemoryDirectoryServer directory) {
        this.directory = directory;
    }

    /**
     * Starts the directory with its tree.
     *
     * @return the started server
     * @throws IllegalStateException if the directory cannot be built or cannot listen
     */
    public static LoopbackLdapServer start() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
            config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
            InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", loopback, 0, null));
            InMemoryDirectoryServer directory = new InMemoryDirectoryServer(config);
            directory.add("dn: " + BASE_DN, "objectClass: top", "objectClass: domain", "dc: example");
            directory.add("dn: ou=people," + BASE_DN, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
            addPerson(directory, "alice", "Alice Liddell", "Liddell");
            addPerson(directory, "bob", "Bob Builder", "Builder");
            directory.startListening();
            return new LoopbackLdapServer(directory);
        } catch (LDAPException | LDIFException | UnknownHostException e) {
            throw new IllegalStateException("cannot start the loopback LDAP server", e);
        }
    }

    private static void addPerson(InMemoryDirectoryServer directory, String uid, String cn, String sn)
            throws LDAPException, LDIFException {
        directory.add("dn: uid=" + uid + ",ou=people," + BASE_DN, "objectClass: top", "objectClass: person",
                "objectClass: organizationalPerson", "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + cn, "sn: " + sn,
                "mail: " + uid + "@example.com");
    }

    /**
     * The listening port.
     *
     * @return the port the directory accepted connections on
     */
    public int port() {
        return directory.getListenPort();
    }

    /**
     * An LDAP URL of this server (RFC 4516): {@code "ldap://127.0.0.1:PORT/" + dnAndQuery}.
     *
     * @param dnAndQuery the base DN and the optional {@code ?attributes?scope?filter} part
     * @return the URL
     */
    public String url(String dnAndQuery) {
        return "ldap://127.0.0.1:" + port() + "/" + dnAndQuery;
    }

    /** Stops listening and closes every client connection. */
    @Override
    public void close() {
        directory.shutDown(true);
    }
}
