package org.konnect.curl;

import java.util.List;

/** Facts about the loaded libcurl, and the native-object counter used to prove nothing leaks. */
public final class Curl {
    private Curl() {}

    /**
     * {@code curl_version()}, e.g. {@code libcurl/7.88.1 OpenSSL/3.0.17 ...}.
     *
     * @return libcurl's version string, with those of the libraries it uses
     */
    public static String version() {
        return Native.version();
    }

    /**
     * libcurl's version as its {@code LIBCURL_VERSION_NUM} (e.g. {@code 0x075801}).
     *
     * @return {@code curl_version_info}'s {@code version_num}: 8 bits each for major, minor, patch
     */
    public static int versionNumber() {
        return ((int[]) Native.versionInfo()[0])[0];
    }

    /**
     * The TLS backend libcurl was built with (its {@code ssl_version}), or {@code null} without TLS.
     *
     * @return {@code curl_version_info}'s {@code ssl_version}, e.g. {@code OpenSSL/3.0.17}, or {@code null}
     * @see TlsBackend#current()
     */
    public static String sslVersion() {
        return (String) Native.versionInfo()[1];
    }

    /**
     * The protocols libcurl supports ({@code curl_version_info}'s list), e.g. {@code http}, {@code ftp}.
     *
     * @return the protocol names as libcurl lists them, in an unmodifiable list
     */
    public static List<String> protocols() {
        Object[] info = Native.versionInfo();
        String[] protocols = new String[info.length - 2];
        System.arraycopy(info, 2, protocols, 0, protocols.length);
        return List.of(protocols);
    }

    /**
     * Native objects currently alive across all {@link Multi}s (multi and easy handles, slists,
     * kept request bodies, callback references, and the zlib inflaters of the bodies the engine
     * decodes). Zero once every {@code Multi} is closed. Thread-safe.
     *
     * @return the number of native objects allocated and not yet freed
     */
    public static long liveNativeObjects() {
        return Native.liveObjects() + ContentDecoder.live();
    }
}
