package org.konnect.curl;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The TLS library libcurl was built with, detected at run time from {@code curl_version_info}'s
 * {@code ssl_version}, and what {@link Certificates} can hand it. From libcurl 7.88's
 * documentation of {@code CURLOPT_CAINFO_BLOB}, {@code CURLOPT_SSLCERT_BLOB},
 * {@code CURLOPT_SSLKEY_BLOB} and {@code CURLOPT_SSLCERTTYPE}:
 *
 * <table>
 *   <caption>What each backend accepts</caption>
 *   <tr><th>backend</th><th>CA file</th><th>CA blob</th><th>client cert file</th><th>client cert/key blob</th></tr>
 *   <tr><td>OpenSSL (and BoringSSL, LibreSSL)</td><td>PEM (DER converted)</td><td>PEM (DER converted)</td>
 *       <td>PEM, DER, PKCS#12</td><td>PEM, DER, PKCS#12</td></tr>
 *   <tr><td>wolfSSL</td><td>PEM</td><td>PEM</td><td>PEM, DER</td><td>PEM, DER</td></tr>
 *   <tr><td>mbedTLS</td><td>PEM, DER</td><td>PEM</td><td>PEM, DER</td><td>-</td></tr>
 *   <tr><td>GnuTLS</td><td>PEM, DER</td><td>-</td><td>PEM, DER, PKCS#12</td><td>-</td></tr>
 *   <tr><td>NSS</td><td>PEM</td><td>-</td><td>PEM, PKCS#12</td><td>-</td></tr>
 *   <tr><td>Schannel</td><td>PEM</td><td>PEM</td><td>PKCS#12</td><td>PKCS#12</td></tr>
 *   <tr><td>Secure Transport</td><td>PEM, DER</td><td>PEM</td><td>PKCS#12</td><td>PKCS#12</td></tr>
 *   <tr><td>rustls, BearSSL</td><td>PEM</td><td>PEM</td><td>-</td><td>-</td></tr>
 * </table>
 * Keys in PEM may be PKCS#1, SEC1 or PKCS#8, encrypted or not; in DER, PKCS#8. Only the
 * OpenSSL row is exercised by this project's tests (Debian's libcurl4 uses OpenSSL).
 */
public enum TlsBackend {
    /** OpenSSL and its forks (BoringSSL, LibreSSL, quictls); also assumed for an unknown name. */
    OPENSSL(true, true, EnumSet.of(Certificates.Format.PEM, Certificates.Format.DER, Certificates.Format.PKCS12),
            EnumSet.of(Certificates.Format.PEM, Certificates.Format.DER, Certificates.Format.PKCS12)),
    /** wolfSSL. */
    WOLFSSL(true, true, EnumSet.of(Certificates.Format.PEM, Certificates.Format.DER),
            EnumSet.of(Certificates.Format.PEM, Certificates.Format.DER)),
    /** mbedTLS. */
    MBEDTLS(true, true, EnumSet.of(Certificates.Format.PEM, Certificates.Format.DER), EnumSet.noneOf(Certificates.Format.class)),
    /** GnuTLS. */
    GNUTLS(true, false, EnumSet.of(Certificates.Format.PEM, Certificates.Format.DER, Certificates.Format.PKCS12),
            EnumSet.noneOf(Certificates.Format.class)),
    /** NSS. */
    NSS(false, false, EnumSet.of(Certificates.Format.PEM, Certificates.Format.PKCS12), EnumSet.noneOf(Certificates.Format.class)),
    /** Schannel (Windows). */
    SCHANNEL(false, true, EnumSet.of(Certificates.Format.PKCS12), EnumSet.of(Certificates.Format.PKCS12)),
    /** Secure Transport (Apple). */
    SECURE_TRANSPORT(true, true, EnumSet.of(Certificates.Format.PKCS12), EnumSet.of(Certificates.Format.PKCS12)),
    /** rustls. */
    RUSTLS(false, true, EnumSet.noneOf(Certificates.Format.class), EnumSet.noneOf(Certificates.Format.class)),
    /** BearSSL. */
    BEARSSL(false, true, EnumSet.noneOf(Certificates.Format.class), EnumSet.noneOf(Certificates.Format.class)),
    /** libcurl without TLS. */
    NONE(false, false, EnumSet.noneOf(Certificates.Format.class), EnumSet.noneOf(Certificates.Format.class));

    private final boolean derCaFile;
    private final boolean caBlob;
    private final Set<Certificates.Format> clientCertFiles;
    private final Set<Certificates.Format> clientCertBlobs;

    TlsBackend(boolean derCaFile, boolean caBlob, Set<Certificates.Format> clientCertFiles,
               Set<Certificates.Format> clientCertBlobs) {
        this.derCaFile = derCaFile;
        this.caBlob = caBlob;
        this.clientCertFiles = clientCertFiles;
        this.clientCertBlobs = clientCertBlobs;
    }

    private static volatile TlsBackend current;

    /**
     * The backend of the loaded libcurl (detected once, from {@link Curl#sslVersion()}).
     *
     * @return the backend; {@link #NONE} for a libcurl without TLS
     */
    public static TlsBackend current() {
        TlsBackend b = current;
        if (b == null) current = b = of(Curl.sslVersion());
        return b;
    }

    /** The backend named by a {@code curl_version_info} {@code ssl_version} string such as {@code OpenSSL/3.0.19}. */
    static TlsBackend of(String sslVersion) {
        if (sslVersion == null || sslVersion.isEmpty()) return NONE;
        String v = sslVersion.toLowerCase(Locale.ROOT);
        // A multi-SSL build lists several, the active one first (others in parentheses).
        if (v.startsWith("openssl") || v.startsWith("boringssl") || v.startsWith("libressl") || v.startsWith("quictls")) {
            return OPENSSL;
        }
        if (v.startsWith("wolfssl")) return WOLFSSL;
        if (v.startsWith("mbedtls")) return MBEDTLS;
        if (v.startsWith("gnutls")) return GNUTLS;
        if (v.startsWith("nss")) return NSS;
        if (v.startsWith("schannel")) return SCHANNEL;
        if (v.startsWith("securetransport")) return SECURE_TRANSPORT;
        if (v.startsWith("rustls")) return RUSTLS;
        if (v.startsWith("bearssl")) return BEARSSL;
        return OPENSSL;   // unknown name: assume the common OpenSSL API (libcurl will say if not)
    }

    /** Whether a DER CA file can be given as is (otherwise Konnect converts it to PEM in memory). */
    boolean acceptsDerCaFile() {
        return derCaFile;
    }

    boolean acceptsCaBlob() {
        return caBlob;
    }

    boolean acceptsClientCertFile(Certificates.Format format) {
        return clientCertFiles.contains(format);
    }

    boolean acceptsClientCertBlob(Certificates.Format format) {
        return clientCertBlobs.contains(format);
    }
}
