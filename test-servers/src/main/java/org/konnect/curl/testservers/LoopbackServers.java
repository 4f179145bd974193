package org.konnect.curl.testservers;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects started loopback servers as parameters of test constructors
 * and of {@code @Test}, {@code @BeforeEach} and {@code @BeforeAll} methods, so that no test class
 * starts and stops them by hand.
 *
 * <p>Parameter types:
 * <ul>
 *   <li>{@link LoopbackHttpServer}: HTTP/1.1 and h2c on one port; annotated {@link Https @Https},
 *       an HTTPS server presenting a certificate of the class's {@link TestPki};</li>
 *   <li>{@link LoopbackFtpServer}: FTP (Apache FtpServer) on a fresh temporary directory; FTPS servers,
 *       {@link LoopbackFtpServer#startTls}, are started by the tests themselves;</li>
 *   <li>{@link TestPki}: the PKI that issued the class's HTTPS servers' certificates, one per class.</li>
 * </ul>
 *
 * <p>By default a test class has one server of each kind: started when first injected, shared by
 * all its tests, closed once the class is done (after its {@code @AfterAll} methods). A parameter
 * annotated {@link Fresh @Fresh} gets a server of its own test instead, closed after that test.
 *
 * <p>Not injected: a {@link LoopbackRawServer}, whose behaviour belongs to each test, and servers
 * configured in other ways; tests start those themselves, in a try-with-resources.
 *
 * <pre>{@code
 * @ExtendWith(LoopbackServers.class)
 * class DownloadTest {
 *     final LoopbackHttpServer http;
 *
 *     DownloadTest(LoopbackHttpServer http) {
 *         this.http = http;
 *     }
 *
 *     @Test
 *     void reusesOneConnection(@Fresh LoopbackHttpServer own) { ... own.acceptedConnections() ... }
 * }
 * }</pre>
 */
public final class LoopbackServers implements ParameterResolver {
    private static final Namespace NAMESPACE = Namespace.create(LoopbackServers.class);
    /** Protects the HTTPS servers' in-memory key stores, which never leave the JVM. */
    private static final char[] KEY_STORE_PASSWORD = "loopback".toCharArray();

    /**
     * One server per scope: which kind, over TLS how ({@code null} for plain), and in whose
     * store. The scope's id keeps a fresh server apart from the class's, because a test's store
     * also finds the values of its class's store.
     */
    private record ServerKey(Class<?> type, Https https, String scopeId) {}

    /** Creates the extension; JUnit does, for {@code @ExtendWith(LoopbackServers.class)}. */
    public LoopbackServers() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LoopbackHttpServer.class || type == LoopbackFtpServer.class || type == TestPki.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Optional<Https> https = parameter.findAnnotation(Https.class);
        boolean fresh = parameter.isAnnotated(Fresh.class);
        if (https.isPresent() && type != LoopbackHttpServer.class) {
            throw new ParameterResolutionException("@Https applies to LoopbackHttpServer parameters only, not to "
                    + parameter.getParameter() + " of " + parameter.getDeclaringExecutable());
        }
        if (type == TestPki.class) {
            if (fresh) {
                throw new ParameterResolutionException("@Fresh applies to servers only: a test class has one TestPki, "
                        + "the one its @Https servers present certificates of (" + parameter.getDeclaringExecutable() + ")");
            }
            return pki(context);
        }
        ExtensionContext scope = fresh ? context : classContext(context);
        ServerKey key = new ServerKey(type, https.orElse(null), scope.getUniqueId());
        // The store closes its AutoCloseable values when its scope ends (JUnit 5.13 and later).
        return scope.getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> start(k, context));
    }

    /**
     * Constructors are resolved in their test's context, not the class's, so that a
     * {@link Fresh @Fresh} constructor parameter belongs to the test the instance is made for.
     */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    private static AutoCloseable start(ServerKey key, ExtensionContext context) {
        if (key.type() == LoopbackFtpServer.class) {
            return LoopbackFtpServer.start();
        }
        if (key.https() == null) {
            return LoopbackHttpServer.start();
        }
        TestPki pki = pki(context);
        return LoopbackHttpServer.startTls(new LoopbackHttpServer.Tls(
                key.https().value().of(pki).keyStore(KEY_STORE_PASSWORD), KEY_STORE_PASSWORD,
                key.https().requireClientCertificate() ? pki.ca().trustStore() : null));
    }

    private static TestPki pki(ExtensionContext context) {
        return classContext(context).getStore(NAMESPACE).getOrComputeIfAbsent(TestPki.class, k -> TestPki.create(),
                TestPki.class);
    }

    /** The context of the test class: above a test's (and a parameterized test's container's). */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent()) {
            c = c.getParent().orElseThrow();
        }
        return c;
    }
}
