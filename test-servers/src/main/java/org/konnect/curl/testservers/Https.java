package org.konnect.curl.testservers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link LoopbackServers} for an HTTPS {@link LoopbackHttpServer} (h2 and http/1.1 by
 * ALPN) instead of a plain one. It presents a certificate issued by the test class's
 * {@link TestPki}, which the test receives as a {@code TestPki} parameter to trust its CA or to
 * present its client certificate. Each combination of {@link #value()} and
 * {@link #requireClientCertificate()} is one server per class (or per test, with {@link Fresh}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Https {
    /**
     * Which of the PKI's server certificates the server presents.
     *
     * @return the certificate; {@link Certificate#VALID} by default
     */
    Certificate value() default Certificate.VALID;

    /**
     * Whether the TLS handshake requires a client certificate issued by the PKI's CA
     * ({@link TestPki#client()}).
     *
     * @return true to require one; false by default
     */
    boolean requireClientCertificate() default false;

    /** The server certificates a {@link TestPki} issues. */
    enum Certificate {
        /** {@link TestPki#server()}: valid for 127.0.0.1 and localhost. */
        VALID,
        /** {@link TestPki#expiredServer()}: for 127.0.0.1 and localhost, but expired. */
        EXPIRED,
        /** {@link TestPki#wrongHostServer()}: valid, but for another host name. */
        WRONG_HOST;

        TestPki.Issued of(TestPki pki) {
            return switch (this) {
                case VALID -> pki.server();
                case EXPIRED -> pki.expiredServer();
                case WRONG_HOST -> pki.wrongHostServer();
            };
        }
    }
}
