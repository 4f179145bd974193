package org.konnect.curl.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that injects started servers as parameters of a test class's constructor
 * and of its {@code @Test}, {@code @BeforeEach} and {@code @BeforeAll} methods: a
 * {@link TestHttpServer} (HTTP/1.1 and h2c; annotated {@link Tls @Tls}, HTTPS) and a
 * {@link FaultHttpServer}. Each kind is started once per test class, when first asked for, and
 * closed when the class is done.
 *
 * <pre>{@code
 * @ExtendWith(TestServers.class)
 * class DownloaderIT {
 *     @Test
 *     void givesUpOnAReset(FaultHttpServer faults) {
 *         ... faults.url(HttpFault.RESET_MID_BODY) ...   // the transfer fails with CURLE_RECV_ERROR
 *     }
 * }
 * }</pre>
 */
public final class TestServers implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestServers.class);

    /** What one stored server is, so that plain and TLS servers are two. */
    private record Kind(Class<?> type, boolean tls) {}

    /**
     * Closes its server when the class's store is closed: as an {@link AutoCloseable} (JUnit 5.13
     * and later) or a {@code CloseableResource} (earlier 5.x), whichever the running JUnit honours.
     */
    @SuppressWarnings("deprecation")
    private static final class Started implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final AutoCloseable server;
        private boolean closed;

        Started(AutoCloseable server) {
            this.server = server;
        }

        @Override
        public synchronized void close() throws Exception {
            if (closed) return;
            closed = true;
            server.close();
        }
    }

    /** Made by JUnit, for {@code @ExtendWith(TestServers.class)}. */
    public TestServers() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestHttpServer.class || type == FaultHttpServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        boolean tls = parameter.isAnnotated(Tls.class);
        if (tls && type != TestHttpServer.class) {
            throw new org.junit.jupiter.api.extension.ParameterResolutionException("@Tls applies to TestHttpServer parameters only, not to "
                    + parameter.getParameter() + " of " + parameter.getDeclaringExecutable());
        }
        Started started = classContext(context).getStore(NAMESPACE).getOrComputeIfAbsent(new Kind(type, tls),
                kind -> new Started(type == FaultHttpServer.class ? FaultHttpServer.start()
                        : tls ? TestHttpServer.startTls() : TestHttpServer.start()), Started.class);
        return started.server;
    }

    /** The test class's context, above a test method's. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) c = c.getParent().get();
        return c;
    }
}
