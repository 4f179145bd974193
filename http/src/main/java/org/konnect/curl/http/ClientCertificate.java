package org.konnect.curl.http;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A TLS client certificate, set through the engine's {@code Certificates.setClientCertificate}
 * (which picks the options the TLS backend takes and detects PEM, DER and PKCS#12).
 *
 * @param certificate the certificate file (or a PKCS#12 file holding the key too)
 * @param key the private key file, or null when {@code certificate} holds it
 * @param password the key's (or the PKCS#12 file's) password, or null
 */
public record ClientCertificate(Path certificate, Path key, String password) {
    /**
     * Checks the fields.
     *
     * @param certificate the certificate file
     * @param key the key file, or null
     * @param password the password, or null
     */
    public ClientCertificate {
        Objects.requireNonNull(certificate, "certificate");
    }
}
