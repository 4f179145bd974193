package org.konnect.curl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.crypto.EncryptedPrivateKeyInfo;

/**
 * Adds CA certificates and a client certificate with its key to a transfer, from files or from
 * memory, choosing the libcurl options the {@link TlsBackend#current() TLS backend} supports
 * (see the table there). Formats are detected when not given. Peer and host verification stay
 * as libcurl has them (on) — nothing here switches them off.
 *
 * <pre>{@code
 * public void configureHandle(ConfigHandle h) {
 *     h.setopt(CurlOpt.URL, "https://internal.example/");
 *     Certificates.addCaCertificates(h, Path.of("/etc/myapp/ca.pem"));
 *     Certificates.setClientCertificate(h, Path.of("client.p12"), null, "secret");
 * }
 * }</pre>
 */
public final class Certificates {
    /** Encodings of certificates and keys. Keys: PEM (PKCS#1, SEC1, PKCS#8, encrypted or not) or DER (PKCS#8). */
    public enum Format {
        /** Base64 between {@code -----BEGIN ...-----} lines; a file may hold several certificates. */
        PEM,
        /** Binary ASN.1: a certificate, or a PKCS#8 key. */
        DER,
        /** A PKCS#12 (PFX) archive holding a certificate with its key ({@code P12} for libcurl). */
        PKCS12
    }

    private Certificates() {}

    /**
     * Trusts the CA certificates in {@code file} (PEM with one or more, or DER), format detected.
     * They are set as PEM with {@code CURLOPT_CAINFO_BLOB}, after those added earlier in the same
     * configuration.
     *
     * @param h the handle being configured (inside {@link RequestProtocol#configureHandle})
     * @param file the CA certificate file
     * @throws IllegalArgumentException if the file cannot be read, holds no readable certificate
     *         or PKCS#12, or the TLS backend cannot take CA certificates from memory
     */
    public static void addCaCertificates(ConfigHandle h, Path file) {
        addCaCertificates(h, read(file, "CA file"), null, "CA file " + file);
    }

    /**
     * Trusts the CA certificates in {@code file}, in {@code format} (PEM or DER).
     *
     * @param h the handle being configured (inside {@link RequestProtocol#configureHandle})
     * @param file the CA certificate file
     * @param format the file's format; it must match the detected one
     * @throws IllegalArgumentException as {@link #addCaCertificates(ConfigHandle, Path)} does, or
     *         if the file is not in {@code format}
     */
    public static void addCaCertificates(ConfigHandle h, Path file, Format format) {
        addCaCertificates(h, read(file, "CA file"), Objects.requireNonNull(format, "format"), "CA file " + file);
    }

    /**
     * Trusts the CA certificates in {@code data} (PEM or DER), format detected.
     *
     * @param h the handle being configured (inside {@link RequestProtocol#configureHandle})
     * @param data the CA certificates
     * @throws IllegalArgumentException if {@code data} holds no readable certificate or PKCS#12,
     *         or the TLS backend cannot take CA certificates from memory
     */
    public static void addCaCertificates(ConfigHandle h, byte[] data) {
        addCaCertificates(h, data, null, "CA blob");
    }

    /**
     * Trusts the CA certificates in {@code data}, in {@code format} (PEM or DER).
     *
     * @param h the handle being configured (inside {@link RequestProtocol#configureHandle})
     * @param data the CA certificates
     * @param format the data's format; it must match the detected one
     * @throws IllegalArgumentException as {@link #addCaCertificates(ConfigHandle, byte[])} does,
     *         or if {@code data} is not in {@code format}
     */
    public static void addCaCertificates(ConfigHandle h, byte[] data, Format format) {
        addCaCertificates(h, data, Objects.requireNonNull(format, "format"), "CA blob");
    }

    /**
     * Presents the client certificate in {@code cert} with the private key in {@code key}
     * ({@code null} when {@code cert} is PKCS#12 or a PEM file holding the key too); the
     * password decrypts the key or the PKCS#12 file ({@code null}: not encrypted). Sets
     * {@code CURLOPT_SSLCERT}/{@code CURLOPT_SSLCERTTYPE}, {@code CURLOPT_SSLKEY}/{@code CURLOPT_SSLKEYTYPE}
     * and {@code CURLOPT_KEYPASSWD}; where the TLS backend cannot read a format from a file (or
     * the key is encrypted DER), it hands the contents over in memory instead.
     *
     * @param h the handle being configured (inside {@link RequestProtocol#configureHandle})
     * @param cert the client certificate file: PEM, DER or PKCS#12
     * @param key the private key file (PEM or DER), or {@code null}; required for a DER certificate,
     *        not allowed with PKCS#12
     * @param password the password of the key or of the PKCS#12 file, or {@code null}
     * @throws IllegalArgumentException if a file cannot be read or its format is not recognised,
     *         the key does not fit the certificate's format, or the TLS backend cannot take the format
     */
    public static void setClientCertificate(ConfigHandle h, Path cert, Path key, String password) {
        Objects.requireNonNull(cert, "cert");
        byte[] certData = read(cert, "client certificate file");
        byte[] keyData = key == null ? null : read(key, "private key file");
        Format certFormat = detectCertificate(certData, "client certificate file " + cert);
        Format keyFormat = keyData == null ? null : detectKey(keyData, "private key file " + key);
        TlsBackend backend = TlsBackend.current();
        checkKeyPairing(certFormat, keyData, "client certificate file " + cert);
        if (!backend.acceptsClientCertFile(certFormat)) {
            if (!backend.acceptsClientCertBlob(certFormat)) throw unsupported(backend, "client certificate files", certFormat);
            setClientCertificate(h, certData, keyData, password);
            return;
        }
        h.setopt(CurlOpt.SSLCERT, cert.toString());
        h.setopt(CurlOpt.SSLCERTTYPE, typeName(certFormat));
        if (keyData != null) {
            if (keyFormat == Format.DER && isEncryptedPkcs8(keyData)) {
                // libcurl reads DER keys unencrypted only: hand the encrypted one over as PEM.
                if (!backend.acceptsClientCertBlob(Format.PEM)) throw unsupported(backend, "encrypted DER keys", Format.DER);
                h.setopt(CurlOpt.SSLKEY_BLOB, pem("ENCRYPTED PRIVATE KEY", keyData));
                h.setopt(CurlOpt.SSLKEYTYPE, "PEM");
            } else {
                h.setopt(CurlOpt.SSLKEY, key.toString());
                h.setopt(CurlOpt.SSLKEYTYPE, typeName(keyFormat));
            }
        }
        if (password != null) h.setopt(CurlOpt.KEYPASSWD, password);
    }

    /**
     * {@link #setClientCertificate(ConfigHandle, Path, Path, String)} with the certificate and key in memory
     * ({@code CURLOPT_SSLCERT_BLOB}, {@code CURLOPT_SSLKEY_BLOB}).
     *
     * @param h the handle being configured (inside {@link RequestProtocol#configureHandle})
     * @param cert the client certificate: PEM, DER or PKCS#12
     * @param key the private key (PEM or DER), or {@code null}; required for a DER certificate,
     *        not allowed with PKCS#12
     * @param password the password of the key or of the PKCS#12 data, or {@code null}
     * @throws IllegalArgumentException if a format is not recognised, the key does not fit the
     *         certificate's format, or the TLS backend cannot take client certificates in memory
     *         in that format
     */
    public static void setClientCertificate(ConfigHandle h, byte[] cert, byte[] key, String password) {
        Objects.requireNonNull(cert, "cert");
        Format certFormat = detectCertificate(cert, "client certificate blob");
        Format keyFormat = key == null ? null : detectKey(key, "private key blob");
        TlsBackend backend = TlsBackend.current();
        checkKeyPairing(certFormat, key, "client certificate blob");
        if (!backend.acceptsClientCertBlob(certFormat)) throw unsupported(backend, "client certificates in memory", certFormat);
        h.setopt(CurlOpt.SSLCERT_BLOB, cert);
        h.setopt(CurlOpt.SSLCERTTYPE, typeName(certFormat));
        if (key != null) {
            boolean encryptedDer = keyFormat == Format.DER && isEncryptedPkcs8(key);
            h.setopt(CurlOpt.SSLKEY_BLOB, encryptedDer ? pem("ENCRYPTED PRIVATE KEY", key) : key);
            h.setopt(CurlOpt.SSLKEYTYPE, encryptedDer ? "PEM" : typeName(keyFormat));
        }
        if (password != null) h.setopt(CurlOpt.KEYPASSWD, password);
    }

    /**
     * The peer's certificate chain as libcurl reported it, leaf first; needs
     * {@code CurlOpt.CERTINFO} set to 1 before the transfer. Empty for a transfer without TLS.
     *
     * @param info the finished transfer's info (inside {@link RequestProtocol#completed})
     * @return the certificates from {@code CURLINFO_CERTINFO}'s {@code Cert:} fields, leaf first
     * @throws IllegalArgumentException if libcurl reported a certificate that cannot be parsed
     * @throws IllegalStateException as {@link GetInfoHandle#getinfo} does
     */
    public static List<X509Certificate> peerCertificates(GetInfoHandle info) {
        List<List<String>> chain = info.getinfo(CurlInfo.CERTINFO);
        List<X509Certificate> out = new ArrayList<>();
        if (chain == null) return out;
        for (List<String> fields : chain) {
            for (String field : fields) {
                if (field.startsWith("Cert:")) {
                    out.addAll(parse(field.substring("Cert:".length()).getBytes(StandardCharsets.US_ASCII), "CERTINFO"));
                }
            }
        }
        return out;
    }

    // ---- CA ------------------------------------------------------------------------------

    private static void addCaCertificates(ConfigHandle h, byte[] data, Format format, String what) {
        Objects.requireNonNull(h, "handle");
        Format detected = detectCertificate(data, what);
        if (format != null && format != detected) {
            throw new IllegalArgumentException(what + " was given as " + format + " but holds " + detected);
        }
        if (detected == Format.PKCS12) {
            throw new IllegalArgumentException(what + " is PKCS#12; CA certificates must be PEM or DER");
        }
        TlsBackend backend = TlsBackend.current();
        if (!backend.acceptsCaBlob()) {
            throw unsupported(backend, "CA certificates in memory (use CurlOpt.CAINFO with a PEM file)", detected);
        }
        StringBuilder bundle = new StringBuilder();
        byte[] earlier = (byte[]) h.current(CurlOpt.CAINFO_BLOB);
        if (earlier != null) bundle.append(new String(earlier, StandardCharsets.US_ASCII));
        for (X509Certificate cert : parse(data, what)) {
            try {
                bundle.append(new String(pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII));
            } catch (CertificateException e) {
                throw new IllegalArgumentException(what + ": cannot encode " + cert.getSubjectX500Principal(), e);
            }
        }
        h.setopt(CurlOpt.CAINFO_BLOB, bundle.toString().getBytes(StandardCharsets.US_ASCII));
    }

    // ---- formats -------------------------------------------------------------------------

    private static Format detectCertificate(byte[] data, String what) {
        Objects.requireNonNull(data, what);
        if (data.length == 0) throw new IllegalArgumentException(what + " is empty");
        if (isPem(data)) return Format.PEM;
        if (isPkcs12(data)) return Format.PKCS12;
        try {
            CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(data));
            return Format.DER;
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalArgumentException(what + " is neither PEM, DER nor PKCS#12 (" + data.length + " bytes)", e);
        }
    }

    private static Format detectKey(byte[] data, String what) {
        if (data.length == 0) throw new IllegalArgumentException(what + " is empty");
        if (isPem(data)) return Format.PEM;
        if (isDerSequence(data)) return Format.DER;
        throw new IllegalArgumentException(what + " is neither a PEM nor a DER private key (" + data.length + " bytes)");
    }

    private static void checkKeyPairing(Format certFormat, byte[] key, String what) {
        if (certFormat == Format.PKCS12 && key != null) {
            throw new IllegalArgumentException(what + " is PKCS#12, which carries its own key; pass key = null");
        }
        if (certFormat == Format.DER && key == null) {
            throw new IllegalArgumentException(what + " is DER, which cannot hold the key; pass the private key too");
        }
    }

    private static List<X509Certificate> parse(byte[] data, String what) {
        try {
            Collection<? extends java.security.cert.Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(data));
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : certs) out.add((X509Certificate) c);
            if (out.isEmpty()) throw new IllegalArgumentException(what + " holds no certificate");
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(what + " holds no readable certificate: " + e.getMessage(), e);
        }
    }

    private static boolean isPem(byte[] data) {
        int i = 0;
        while (i < data.length && Character.isWhitespace(data[i])) i++;
        return new String(data, i, Math.min(11, data.length - i), StandardCharsets.US_ASCII).equals("-----BEGIN ");
    }

    private static boolean isDerSequence(byte[] data) {
        return data.length > 2 && (data[0] & 0xff) == 0x30;
    }

    /** PFX: SEQUENCE { INTEGER 3, ContentInfo, ... }. */
    private static boolean isPkcs12(byte[] data) {
        if (!isDerSequence(data)) return false;
        int i = 1;
        int first = data[i++] & 0xff;
        if (first >= 0x80) i += first & 0x7f;   // long-form length
        return i + 2 < data.length && data[i] == 0x02 && data[i + 1] == 0x01 && data[i + 2] == 0x03;
    }

    private static boolean isEncryptedPkcs8(byte[] der) {
        try {
            new EncryptedPrivateKeyInfo(der);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String typeName(Format format) {
        return format == Format.PKCS12 ? "P12" : format.name();
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] read(Path file, String what) {
        Objects.requireNonNull(file, what);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + file + " cannot be read: " + e, e);
        }
    }

    private static IllegalArgumentException unsupported(TlsBackend backend, String what, Format format) {
        return new IllegalArgumentException("libcurl's TLS backend " + backend + " (" + Curl.sslVersion()
                + ") cannot take " + what + " in " + format + " format");
    }
}
