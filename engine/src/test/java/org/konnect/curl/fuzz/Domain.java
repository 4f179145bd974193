package org.konnect.curl.fuzz;

import java.util.Map;
import java.util.Set;
import org.konnect.curl.CurlOpt;

/**
 * What the values of one libcurl option may be, for the fuzzer: an option whose value names a
 * host, a port, a socket or a file only ever gets values that stay on this machine's loopback
 * and inside the run's temporary directory. Every string and list option of libcurl's table
 * has to be named here ({@link #of} returns {@link #UNCLASSIFIED} otherwise, and the fuzzer
 * gives such an option only values Java refuses before libcurl sees them): a new libcurl option
 * could write a file or reach a host, and nobody should learn which by running the fuzzer.
 */
enum Domain {
    /** Any value of the option's type: it names nothing outside the request it is sent in. */
    FREE,
    /** A URL: http to the loopback server, file:// in the temporary directory, other schemes on a refusing port. */
    URL,
    /** A proxy or DoH URL: the loopback server, or a refusing loopback port. */
    PROXY,
    /** A network interface, local address or DNS server: loopback ones, or names that exist nowhere. */
    INTERFACE,
    /** The FTP active-mode address: loopback only (a server would connect to it). */
    FTPPORT,
    /** A remote port: the loopback server's, the refusing port, or values libcurl refuses. */
    PORT,
    /** A local port to bind: 0 or values libcurl refuses, and the refusing port (already bound). */
    LOCALPORT,
    /** A file libcurl reads: one in the temporary directory (garbage, empty, missing, a directory). */
    READ_PATH,
    /** A file libcurl writes (cookie jar, HSTS and alt-svc caches): in the temporary directory only. */
    WRITE_PATH,
    /** A unix socket path: in the temporary directory, where nothing listens. */
    UNIX_SOCKET,
    /** An abstract unix socket name nobody listens on. */
    ABSTRACT_SOCKET,
    /** An OpenSSL engine id: plain names no engine has. */
    ENGINE,
    /** {@code COOKIELIST}: its commands and cookie lines for the loopback hosts. */
    COOKIELIST,
    /** {@code CONNECT_TO} and {@code RESOLVE} entries that map only to loopback addresses. */
    HOST_MAP,
    /** A string or list option not named here: only values Java refuses are set. */
    UNCLASSIFIED;

    private static final Map<String, Domain> NAMED = Map.ofEntries(
            Map.entry("URL", URL),
            Map.entry("PROXY", PROXY), Map.entry("PRE_PROXY", PROXY), Map.entry("DOH_URL", PROXY),
            Map.entry("INTERFACE", INTERFACE), Map.entry("DNS_INTERFACE", INTERFACE), Map.entry("DNS_LOCAL_IP4", INTERFACE),
            Map.entry("DNS_LOCAL_IP6", INTERFACE), Map.entry("DNS_SERVERS", INTERFACE),
            Map.entry("FTPPORT", FTPPORT),
            Map.entry("PORT", PORT), Map.entry("PROXYPORT", PORT),
            Map.entry("LOCALPORT", LOCALPORT),
            Map.entry("COOKIEJAR", WRITE_PATH), Map.entry("ALTSVC", WRITE_PATH), Map.entry("HSTS", WRITE_PATH),
            Map.entry("UNIX_SOCKET_PATH", UNIX_SOCKET), Map.entry("ABSTRACT_UNIX_SOCKET", ABSTRACT_SOCKET),
            Map.entry("EGDSOCKET", UNIX_SOCKET),
            Map.entry("SSLENGINE", ENGINE),
            Map.entry("COOKIELIST", COOKIELIST),
            Map.entry("CONNECT_TO", HOST_MAP), Map.entry("RESOLVE", HOST_MAP));

    /** Files libcurl reads, by option name. */
    private static final Set<String> READ_PATHS = Set.of("CAINFO", "CAPATH", "CRLFILE", "ISSUERCERT", "COOKIEFILE",
            "NETRC_FILE", "RANDOM_FILE", "SSLCERT", "SSLKEY", "SSH_KNOWNHOSTS", "SSH_PRIVATE_KEYFILE", "SSH_PUBLIC_KEYFILE",
            "PROXY_CAINFO", "PROXY_CAPATH", "PROXY_CRLFILE", "PROXY_ISSUERCERT", "PROXY_SSLCERT", "PROXY_SSLKEY",
            "PINNEDPUBLICKEY", "PROXY_PINNEDPUBLICKEY");

    /** String and list options whose values are only sent, compared or parsed, never opened or connected to. */
    private static final Set<String> FREE_TEXT = Set.of("ACCEPT_ENCODING", "AWS_SIGV4", "COOKIE", "CUSTOMREQUEST",
            "DEFAULT_PROTOCOL", "ECH", "FTP_ACCOUNT", "FTP_ALTERNATIVE_TO_USER", "HAPROXY_CLIENT_IP", "KEYPASSWD", "KRBLEVEL",
            "LOGIN_OPTIONS", "MAIL_AUTH", "MAIL_FROM", "NOPROXY", "PASSWORD", "PROTOCOLS_STR", "PROXYPASSWORD",
            "PROXYUSERNAME", "PROXYUSERPWD", "PROXY_KEYPASSWD", "PROXY_SERVICE_NAME", "PROXY_SSLCERTTYPE", "PROXY_SSLKEYTYPE",
            "PROXY_SSL_CIPHER_LIST", "PROXY_TLS13_CIPHERS", "PROXY_TLSAUTH_PASSWORD", "PROXY_TLSAUTH_TYPE",
            "PROXY_TLSAUTH_USERNAME", "RANGE", "REDIR_PROTOCOLS_STR", "REFERER", "REQUEST_TARGET", "RTSP_SESSION_ID",
            "RTSP_STREAM_URI", "RTSP_TRANSPORT", "SASL_AUTHZID", "SERVICE_NAME", "SOCKS5_GSSAPI_SERVICE",
            "SSH_HOST_PUBLIC_KEY_MD5", "SSH_HOST_PUBLIC_KEY_SHA256", "SSLCERTTYPE", "SSLKEYTYPE", "SSL_CIPHER_LIST",
            "SSL_EC_CURVES", "SSL_SIGNATURE_ALGORITHMS", "TLS13_CIPHERS", "TLSAUTH_PASSWORD", "TLSAUTH_TYPE",
            "TLSAUTH_USERNAME", "USERAGENT", "USERNAME", "USERPWD", "XOAUTH2_BEARER",
            // lists: headers and commands sent on the connection the URL opened
            "HTTP200ALIASES", "HTTPHEADER", "PROXYHEADER", "MAIL_RCPT", "POSTQUOTE", "PREQUOTE", "QUOTE", "TELNETOPTIONS");

    /** The option's domain. Numbers, blobs, bodies, MIME, callbacks and unsupported options are FREE unless named. */
    static Domain of(CurlOpt option) {
        String name = option.name();
        Domain named = NAMED.get(name);
        if (named != null) return named;
        if (READ_PATHS.contains(name)) return READ_PATH;
        if (option.kind() == CurlOpt.Kind.STRING || option.kind() == CurlOpt.Kind.SLIST) {
            return FREE_TEXT.contains(name) ? FREE : UNCLASSIFIED;
        }
        return FREE;
    }
}
