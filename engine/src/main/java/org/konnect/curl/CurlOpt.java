package org.konnect.curl;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * A libcurl easy option ({@code CURLOPT_*}) and the kind of value {@link ConfigHandle#setopt}
 * takes for it. The constants cover the common options; {@link #byName} reaches every option
 * the installed libcurl knows, from libcurl's own option table.
 */
public final class CurlOpt {
    /** What a value of the option is, in Java terms. */
    public enum Kind {
        /** {@code long}: any integral {@link Number}, a {@link Boolean} (1/0) or a {@link CurlConstant}. */
        LONG,
        /** {@code curl_off_t}: any integral {@link Number}. */
        OFF_T,
        /** A string (libcurl copies it): {@link String}, without NUL characters. */
        STRING,
        /** A {@code curl_slist}: a {@link Collection} or array of {@link String}s. */
        SLIST,
        /** A {@code curl_blob} (libcurl copies it): {@code byte[]}. */
        BLOB,
        /** Request body data ({@code POSTFIELDS}): {@code byte[]} or {@link String} (UTF-8), kept alive by the handle. */
        BYTES,
        /** A MIME structure ({@code curl_mime}): a {@link Mime}, built natively and kept by the handle. */
        MIME,
        /** A callback: the Java interface named by {@link #callbackType()}. */
        CALLBACK,
        /** Takes a native pointer or is managed by Konnect itself: not settable from Java. */
        UNSUPPORTED
    }

    /** {@code CURLOPT_URL}: the URL to transfer. */
    public static final CurlOpt URL = new CurlOpt("URL", LibcurlConstants.CURLOPT_URL, Kind.STRING);
    /** {@code CURLOPT_PORT}: the remote port to connect to, instead of the URL's. */
    public static final CurlOpt PORT = new CurlOpt("PORT", LibcurlConstants.CURLOPT_PORT, Kind.LONG);
    /** {@code CURLOPT_PROXY}: the proxy to use. */
    public static final CurlOpt PROXY = new CurlOpt("PROXY", LibcurlConstants.CURLOPT_PROXY, Kind.STRING);
    /** {@code CURLOPT_USERPWD}: credentials as {@code user:password}. */
    public static final CurlOpt USERPWD = new CurlOpt("USERPWD", LibcurlConstants.CURLOPT_USERPWD, Kind.STRING);
    /** {@code CURLOPT_USERNAME}: the user name to authenticate with. */
    public static final CurlOpt USERNAME = new CurlOpt("USERNAME", LibcurlConstants.CURLOPT_USERNAME, Kind.STRING);
    /** {@code CURLOPT_PASSWORD}: the password to authenticate with. */
    public static final CurlOpt PASSWORD = new CurlOpt("PASSWORD", LibcurlConstants.CURLOPT_PASSWORD, Kind.STRING);
    /** {@code CURLOPT_RANGE}: the byte range(s) to request, e.g. {@code 0-499}. */
    public static final CurlOpt RANGE = new CurlOpt("RANGE", LibcurlConstants.CURLOPT_RANGE, Kind.STRING);
    /** {@code CURLOPT_TIMEOUT}: the longest time the whole transfer may take, in seconds. */
    public static final CurlOpt TIMEOUT = new CurlOpt("TIMEOUT", LibcurlConstants.CURLOPT_TIMEOUT, Kind.LONG);
    /** {@code CURLOPT_TIMEOUT_MS}: the longest time the whole transfer may take, in milliseconds. */
    public static final CurlOpt TIMEOUT_MS = new CurlOpt("TIMEOUT_MS", LibcurlConstants.CURLOPT_TIMEOUT_MS, Kind.LONG);
    /** {@code CURLOPT_CONNECTTIMEOUT}: the longest time the connection phase may take, in seconds. */
    public static final CurlOpt CONNECTTIMEOUT = new CurlOpt("CONNECTTIMEOUT", LibcurlConstants.CURLOPT_CONNECTTIMEOUT, Kind.LONG);
    /** {@code CURLOPT_CONNECTTIMEOUT_MS}: the longest time the connection phase may take, in milliseconds. */
    public static final CurlOpt CONNECTTIMEOUT_MS = new CurlOpt("CONNECTTIMEOUT_MS", LibcurlConstants.CURLOPT_CONNECTTIMEOUT_MS, Kind.LONG);
    /** {@code CURLOPT_LOW_SPEED_LIMIT}: bytes per second below which a transfer is too slow ({@link #LOW_SPEED_TIME}). */
    public static final CurlOpt LOW_SPEED_LIMIT = new CurlOpt("LOW_SPEED_LIMIT", LibcurlConstants.CURLOPT_LOW_SPEED_LIMIT, Kind.LONG);
    /** {@code CURLOPT_LOW_SPEED_TIME}: seconds a transfer may stay below {@link #LOW_SPEED_LIMIT} before it aborts. */
    public static final CurlOpt LOW_SPEED_TIME = new CurlOpt("LOW_SPEED_TIME", LibcurlConstants.CURLOPT_LOW_SPEED_TIME, Kind.LONG);
    /** {@code CURLOPT_POSTFIELDS}: the body of a POST request; its size is set too ({@link Kind#BYTES}). */
    public static final CurlOpt POSTFIELDS = new CurlOpt("POSTFIELDS", LibcurlConstants.CURLOPT_POSTFIELDS, Kind.BYTES);
    /** {@code CURLOPT_POSTFIELDSIZE_LARGE}: the size of the POST body. */
    public static final CurlOpt POSTFIELDSIZE_LARGE = new CurlOpt("POSTFIELDSIZE_LARGE", LibcurlConstants.CURLOPT_POSTFIELDSIZE_LARGE,
            Kind.OFF_T);
    /** {@code CURLOPT_POST}: 1 makes the request an HTTP POST. */
    public static final CurlOpt POST = new CurlOpt("POST", LibcurlConstants.CURLOPT_POST, Kind.LONG);
    /** {@code CURLOPT_UPLOAD}: 1 makes the transfer an upload, reading its data from {@link #READFUNCTION}. */
    public static final CurlOpt UPLOAD = new CurlOpt("UPLOAD", LibcurlConstants.CURLOPT_UPLOAD, Kind.LONG);
    /** {@code CURLOPT_INFILESIZE_LARGE}: the size of the data to upload. */
    public static final CurlOpt INFILESIZE_LARGE = new CurlOpt("INFILESIZE_LARGE", LibcurlConstants.CURLOPT_INFILESIZE_LARGE, Kind.OFF_T);
    /** {@code CURLOPT_NOBODY}: 1 leaves out the body (an HTTP HEAD request). */
    public static final CurlOpt NOBODY = new CurlOpt("NOBODY", LibcurlConstants.CURLOPT_NOBODY, Kind.LONG);
    /** {@code CURLOPT_HTTPGET}: 1 makes the request an HTTP GET again. */
    public static final CurlOpt HTTPGET = new CurlOpt("HTTPGET", LibcurlConstants.CURLOPT_HTTPGET, Kind.LONG);
    /** {@code CURLOPT_CUSTOMREQUEST}: the request method to send instead of the default, e.g. {@code DELETE}. */
    public static final CurlOpt CUSTOMREQUEST = new CurlOpt("CUSTOMREQUEST", LibcurlConstants.CURLOPT_CUSTOMREQUEST, Kind.STRING);
    /** {@code CURLOPT_HTTPHEADER}: extra HTTP request headers, each {@code Name: value}. */
    public static final CurlOpt HTTPHEADER = new CurlOpt("HTTPHEADER", LibcurlConstants.CURLOPT_HTTPHEADER, Kind.SLIST);
    /** {@code CURLOPT_USERAGENT}: the {@code User-Agent} header. */
    public static final CurlOpt USERAGENT = new CurlOpt("USERAGENT", LibcurlConstants.CURLOPT_USERAGENT, Kind.STRING);
    /** {@code CURLOPT_REFERER}: the {@code Referer} header. */
    public static final CurlOpt REFERER = new CurlOpt("REFERER", LibcurlConstants.CURLOPT_REFERER, Kind.STRING);
    /** {@code CURLOPT_COOKIE}: cookies to send, as {@code name=value; name2=value2}. */
    public static final CurlOpt COOKIE = new CurlOpt("COOKIE", LibcurlConstants.CURLOPT_COOKIE, Kind.STRING);
    /**
     * {@code CURLOPT_ACCEPT_ENCODING}: the {@code Accept-Encoding} to ask for and decode. For HTTP(S)
     * with {@code ""} or a list of only gzip, x-gzip, deflate and identity, Konnect decodes the
     * body itself in steps, so that a decompression bomb cannot hold the loop, and {@code ""} asks
     * for {@code "gzip, deflate"}; a list naming another coding (br, zstd) leaves decoding to libcurl.
     */
    public static final CurlOpt ACCEPT_ENCODING = new CurlOpt("ACCEPT_ENCODING", LibcurlConstants.CURLOPT_ACCEPT_ENCODING, Kind.STRING);
    /**
     * {@code CURLOPT_HTTP_CONTENT_DECODING}: 0 hands the body over as sent, undecoded. Konnect sets
     * it itself for the bodies it decodes (see {@link #ACCEPT_ENCODING}); set by the request, it is left alone.
     */
    public static final CurlOpt HTTP_CONTENT_DECODING = new CurlOpt("HTTP_CONTENT_DECODING",
            LibcurlConstants.CURLOPT_HTTP_CONTENT_DECODING, Kind.LONG);
    /** {@code CURLOPT_FOLLOWLOCATION}: 1 follows redirects. */
    public static final CurlOpt FOLLOWLOCATION = new CurlOpt("FOLLOWLOCATION", LibcurlConstants.CURLOPT_FOLLOWLOCATION, Kind.LONG);
    /** {@code CURLOPT_MAXREDIRS}: the most redirects to follow (-1: no limit). */
    public static final CurlOpt MAXREDIRS = new CurlOpt("MAXREDIRS", LibcurlConstants.CURLOPT_MAXREDIRS, Kind.LONG);
    /** {@code CURLOPT_REDIR_PROTOCOLS_STR}: protocols a redirect may lead to, e.g. {@code http,https}. */
    public static final CurlOpt REDIR_PROTOCOLS_STR = new CurlOpt("REDIR_PROTOCOLS_STR", LibcurlConstants.CURLOPT_REDIR_PROTOCOLS_STR,
            Kind.STRING);
    /** {@code CURLOPT_PROTOCOLS_STR}: the protocols the transfer may use, comma-separated. */
    public static final CurlOpt PROTOCOLS_STR = new CurlOpt("PROTOCOLS_STR", LibcurlConstants.CURLOPT_PROTOCOLS_STR, Kind.STRING);
    /** {@code CURLOPT_UNRESTRICTED_AUTH}: 1 sends credentials to other hosts a redirect leads to as well. */
    public static final CurlOpt UNRESTRICTED_AUTH = new CurlOpt("UNRESTRICTED_AUTH", LibcurlConstants.CURLOPT_UNRESTRICTED_AUTH, Kind.LONG);
    /** {@code CURLOPT_FAILONERROR}: 1 fails the transfer ({@code CURLE_HTTP_RETURNED_ERROR}) on an HTTP code of 400 or more. */
    public static final CurlOpt FAILONERROR = new CurlOpt("FAILONERROR", LibcurlConstants.CURLOPT_FAILONERROR, Kind.LONG);
    /** {@code CURLOPT_HTTP_VERSION}: the HTTP version to use, an {@link HttpVersion}. */
    public static final CurlOpt HTTP_VERSION = new CurlOpt("HTTP_VERSION", LibcurlConstants.CURLOPT_HTTP_VERSION, Kind.LONG);
    /** {@code CURLOPT_PIPEWAIT}: 1 waits for a connection to multiplex on rather than opening a new one. */
    public static final CurlOpt PIPEWAIT = new CurlOpt("PIPEWAIT", LibcurlConstants.CURLOPT_PIPEWAIT, Kind.LONG);
    /** {@code CURLOPT_VERBOSE}: 1 makes libcurl describe what it does (to {@link #DEBUGFUNCTION} if set). */
    public static final CurlOpt VERBOSE = new CurlOpt("VERBOSE", LibcurlConstants.CURLOPT_VERBOSE, Kind.LONG);
    /** {@code CURLOPT_NOPROGRESS}: 0 turns the progress callback ({@link #XFERINFOFUNCTION}) on. */
    public static final CurlOpt NOPROGRESS = new CurlOpt("NOPROGRESS", LibcurlConstants.CURLOPT_NOPROGRESS, Kind.LONG);
    /** {@code CURLOPT_BUFFERSIZE}: the preferred size of the receive buffer, in bytes. */
    public static final CurlOpt BUFFERSIZE = new CurlOpt("BUFFERSIZE", LibcurlConstants.CURLOPT_BUFFERSIZE, Kind.LONG);
    /** {@code CURLOPT_UPLOAD_BUFFERSIZE}: the size of the upload buffer, in bytes. */
    public static final CurlOpt UPLOAD_BUFFERSIZE = new CurlOpt("UPLOAD_BUFFERSIZE", LibcurlConstants.CURLOPT_UPLOAD_BUFFERSIZE, Kind.LONG);
    /** {@code CURLOPT_TCP_NODELAY}: 1 turns Nagle's algorithm off. */
    public static final CurlOpt TCP_NODELAY = new CurlOpt("TCP_NODELAY", LibcurlConstants.CURLOPT_TCP_NODELAY, Kind.LONG);
    /** {@code CURLOPT_TCP_KEEPALIVE}: 1 sends TCP keep-alive probes. */
    public static final CurlOpt TCP_KEEPALIVE = new CurlOpt("TCP_KEEPALIVE", LibcurlConstants.CURLOPT_TCP_KEEPALIVE, Kind.LONG);
    /** {@code CURLOPT_FORBID_REUSE}: 1 closes the connection after the transfer instead of keeping it for reuse. */
    public static final CurlOpt FORBID_REUSE = new CurlOpt("FORBID_REUSE", LibcurlConstants.CURLOPT_FORBID_REUSE, Kind.LONG);
    /** {@code CURLOPT_FRESH_CONNECT}: 1 makes the transfer use a new connection instead of a cached one. */
    public static final CurlOpt FRESH_CONNECT = new CurlOpt("FRESH_CONNECT", LibcurlConstants.CURLOPT_FRESH_CONNECT, Kind.LONG);
    /** {@code CURLOPT_RESOLVE}: entries {@code host:port:address} put in the DNS cache. */
    public static final CurlOpt RESOLVE = new CurlOpt("RESOLVE", LibcurlConstants.CURLOPT_RESOLVE, Kind.SLIST);
    /** {@code CURLOPT_CONNECT_TO}: entries {@code host:port:connect-to-host:connect-to-port}. */
    public static final CurlOpt CONNECT_TO = new CurlOpt("CONNECT_TO", LibcurlConstants.CURLOPT_CONNECT_TO, Kind.SLIST);
    /** {@code CURLOPT_MAX_RECV_SPEED_LARGE}: the highest download speed, in bytes per second. */
    public static final CurlOpt MAX_RECV_SPEED_LARGE = new CurlOpt("MAX_RECV_SPEED_LARGE", LibcurlConstants.CURLOPT_MAX_RECV_SPEED_LARGE,
            Kind.OFF_T);
    /** {@code CURLOPT_MAX_SEND_SPEED_LARGE}: the highest upload speed, in bytes per second. */
    public static final CurlOpt MAX_SEND_SPEED_LARGE = new CurlOpt("MAX_SEND_SPEED_LARGE", LibcurlConstants.CURLOPT_MAX_SEND_SPEED_LARGE,
            Kind.OFF_T);
    /** {@code CURLOPT_RESUME_FROM_LARGE}: the offset, in bytes, to resume the transfer from. */
    public static final CurlOpt RESUME_FROM_LARGE = new CurlOpt("RESUME_FROM_LARGE", LibcurlConstants.CURLOPT_RESUME_FROM_LARGE,
            Kind.OFF_T);
    /** {@code CURLOPT_MAXFILESIZE_LARGE}: the largest file to download, in bytes. */
    public static final CurlOpt MAXFILESIZE_LARGE = new CurlOpt("MAXFILESIZE_LARGE", LibcurlConstants.CURLOPT_MAXFILESIZE_LARGE,
            Kind.OFF_T);
    /** {@code CURLOPT_FTP_CREATE_MISSING_DIRS}: creates the remote directories an FTP or SFTP upload needs. */
    public static final CurlOpt FTP_CREATE_MISSING_DIRS = new CurlOpt("FTP_CREATE_MISSING_DIRS",
            LibcurlConstants.CURLOPT_FTP_CREATE_MISSING_DIRS, Kind.LONG);
    /** {@code CURLOPT_FTP_USE_EPSV}: 1 (the default) tries {@code EPSV} before {@code PASV} for passive FTP. */
    public static final CurlOpt FTP_USE_EPSV = new CurlOpt("FTP_USE_EPSV", LibcurlConstants.CURLOPT_FTP_USE_EPSV, Kind.LONG);
    /** {@code CURLOPT_DIRLISTONLY}: 1 lists names only (FTP {@code NLST}). */
    public static final CurlOpt DIRLISTONLY = new CurlOpt("DIRLISTONLY", LibcurlConstants.CURLOPT_DIRLISTONLY, Kind.LONG);
    /** {@code CURLOPT_APPEND}: 1 appends to the remote file on upload instead of overwriting it. */
    public static final CurlOpt APPEND = new CurlOpt("APPEND", LibcurlConstants.CURLOPT_APPEND, Kind.LONG);
    /** {@code CURLOPT_SSL_VERIFYPEER}: whether the peer's certificate is verified (1, the default). */
    public static final CurlOpt SSL_VERIFYPEER = new CurlOpt("SSL_VERIFYPEER", LibcurlConstants.CURLOPT_SSL_VERIFYPEER, Kind.LONG);
    /** {@code CURLOPT_SSL_VERIFYHOST}: whether the certificate's name is checked against the host (2, the default). */
    public static final CurlOpt SSL_VERIFYHOST = new CurlOpt("SSL_VERIFYHOST", LibcurlConstants.CURLOPT_SSL_VERIFYHOST, Kind.LONG);
    /** {@code CURLOPT_CAINFO}: the file of CA certificates to verify the peer with. */
    public static final CurlOpt CAINFO = new CurlOpt("CAINFO", LibcurlConstants.CURLOPT_CAINFO, Kind.STRING);
    /** {@code CURLOPT_CAPATH}: the directory of CA certificates to verify the peer with. */
    public static final CurlOpt CAPATH = new CurlOpt("CAPATH", LibcurlConstants.CURLOPT_CAPATH, Kind.STRING);
    /** {@code CURLOPT_CAINFO_BLOB}: CA certificates (PEM) from memory. */
    public static final CurlOpt CAINFO_BLOB = new CurlOpt("CAINFO_BLOB", LibcurlConstants.CURLOPT_CAINFO_BLOB, Kind.BLOB);
    /** {@code CURLOPT_SSLCERT}: the client certificate file. */
    public static final CurlOpt SSLCERT = new CurlOpt("SSLCERT", LibcurlConstants.CURLOPT_SSLCERT, Kind.STRING);
    /** {@code CURLOPT_SSLCERTTYPE}: the client certificate's format: {@code PEM}, {@code DER} or {@code P12}. */
    public static final CurlOpt SSLCERTTYPE = new CurlOpt("SSLCERTTYPE", LibcurlConstants.CURLOPT_SSLCERTTYPE, Kind.STRING);
    /** {@code CURLOPT_SSLCERT_BLOB}: the client certificate from memory. */
    public static final CurlOpt SSLCERT_BLOB = new CurlOpt("SSLCERT_BLOB", LibcurlConstants.CURLOPT_SSLCERT_BLOB, Kind.BLOB);
    /** {@code CURLOPT_SSLKEY}: the client's private key file. */
    public static final CurlOpt SSLKEY = new CurlOpt("SSLKEY", LibcurlConstants.CURLOPT_SSLKEY, Kind.STRING);
    /** {@code CURLOPT_SSLKEYTYPE}: the private key's format: {@code PEM}, {@code DER} or {@code ENG}. */
    public static final CurlOpt SSLKEYTYPE = new CurlOpt("SSLKEYTYPE", LibcurlConstants.CURLOPT_SSLKEYTYPE, Kind.STRING);
    /** {@code CURLOPT_SSLKEY_BLOB}: the client's private key from memory. */
    public static final CurlOpt SSLKEY_BLOB = new CurlOpt("SSLKEY_BLOB", LibcurlConstants.CURLOPT_SSLKEY_BLOB, Kind.BLOB);
    /** {@code CURLOPT_KEYPASSWD}: the password of the private key or PKCS#12 file. */
    public static final CurlOpt KEYPASSWD = new CurlOpt("KEYPASSWD", LibcurlConstants.CURLOPT_KEYPASSWD, Kind.STRING);
    /** {@code CURLOPT_SSLVERSION}: the TLS version to use ({@code CURL_SSLVERSION_*}). */
    public static final CurlOpt SSLVERSION = new CurlOpt("SSLVERSION", LibcurlConstants.CURLOPT_SSLVERSION, Kind.LONG);
    /** {@code CURLOPT_CERTINFO}: 1 gathers the peer's certificate chain, for {@link CurlInfo#CERTINFO}. */
    public static final CurlOpt CERTINFO = new CurlOpt("CERTINFO", LibcurlConstants.CURLOPT_CERTINFO, Kind.LONG);
    /** {@code CURLOPT_MIMEPOST}: the {@link Mime} parts of an HTTP multipart form POST, or of an SMTP mail. */
    public static final CurlOpt MIMEPOST = new CurlOpt("MIMEPOST", LibcurlConstants.CURLOPT_MIMEPOST, Kind.MIME);
    /** {@code CURLOPT_WRITEFUNCTION}: receives the body, a {@link WriteCallback} (a {@link ChunkCallback} to keep the chunks). */
    public static final CurlOpt WRITEFUNCTION = new CurlOpt("WRITEFUNCTION", LibcurlConstants.CURLOPT_WRITEFUNCTION, Kind.CALLBACK);
    /** {@code CURLOPT_READFUNCTION}: supplies upload data, a {@link ReadCallback}. */
    public static final CurlOpt READFUNCTION = new CurlOpt("READFUNCTION", LibcurlConstants.CURLOPT_READFUNCTION, Kind.CALLBACK);
    /** {@code CURLOPT_HEADERFUNCTION}: receives the response headers, a {@link HeaderCallback}. */
    public static final CurlOpt HEADERFUNCTION = new CurlOpt("HEADERFUNCTION", LibcurlConstants.CURLOPT_HEADERFUNCTION, Kind.CALLBACK);
    /** {@code CURLOPT_XFERINFOFUNCTION}: reports progress, an {@link XferInfoCallback}. */
    public static final CurlOpt XFERINFOFUNCTION = new CurlOpt("XFERINFOFUNCTION", LibcurlConstants.CURLOPT_XFERINFOFUNCTION,
            Kind.CALLBACK);
    /** {@code CURLOPT_DEBUGFUNCTION}: receives libcurl's verbose trace, a {@link DebugCallback}. */
    public static final CurlOpt DEBUGFUNCTION = new CurlOpt("DEBUGFUNCTION", LibcurlConstants.CURLOPT_DEBUGFUNCTION, Kind.CALLBACK);

    private final String name;
    private final int id;
    private final Kind kind;
    private final String unsupportedReason;

    CurlOpt(String name, int id, Kind kind) {
        this(name, id, kind, null);
    }

    CurlOpt(String name, int id, Kind kind, String unsupportedReason) {
        this.name = name;
        this.id = id;
        this.kind = kind;
        this.unsupportedReason = unsupportedReason;
    }

    /**
     * The option the installed libcurl knows by this name, with or without the
     * {@code CURLOPT_} prefix, in any case (e.g. {@code "CURLOPT_MAXAGE_CONN"}).
     * Options Java cannot set are found too, with {@link Kind#UNSUPPORTED}.
     *
     * @param name the option's name, e.g. {@code "maxage_conn"} or {@code "CURLOPT_MAXAGE_CONN"}
     * @return the option, as described by libcurl's option table
     * @throws IllegalArgumentException naming the option when libcurl does not know it
     * @throws NullPointerException if {@code name} is {@code null}
     */
    public static CurlOpt byName(String name) {
        Objects.requireNonNull(name, "option name");
        String key = name.toUpperCase(Locale.ROOT);
        if (key.startsWith("CURLOPT_")) key = key.substring("CURLOPT_".length());
        CurlOpt option = OptionTable.INSTANCE.byName(key);
        if (option == null) {
            throw new IllegalArgumentException("unknown libcurl option CURLOPT_" + key
                    + " (libcurl " + Curl.version() + " has no option of that name)");
        }
        return option;
    }

    /**
     * Every option the installed libcurl knows (aliases excluded), in libcurl's order.
     *
     * @return an unmodifiable list of the options, including those of {@link Kind#UNSUPPORTED}
     */
    public static java.util.List<CurlOpt> all() {
        return OptionTable.INSTANCE.all();
    }

    /**
     * libcurl's name without the prefix, e.g. {@code URL}.
     *
     * @return the name, upper case
     */
    public String name() {
        return name;
    }

    /**
     * libcurl's numeric option id.
     *
     * @return the {@code CURLoption} value, e.g. 10002 for {@code CURLOPT_URL}
     */
    public int id() {
        return id;
    }

    /**
     * What a value of this option is, in Java terms.
     *
     * @return the kind that decides which Java values {@link ConfigHandle#setopt} accepts
     */
    public Kind kind() {
        return kind;
    }

    /**
     * For {@link Kind#CALLBACK}: the interface a value must implement; otherwise {@code null}.
     *
     * @return {@link WriteCallback}, {@link ReadCallback}, {@link HeaderCallback},
     *         {@link XferInfoCallback}, {@link DebugCallback}, or {@code null}
     */
    public Class<?> callbackType() {
        CallbackKind callback = CallbackKind.ofOption(id);
        return callback == null ? null : callback.type;
    }

    /** Why the option cannot be set from Java, for {@link Kind#UNSUPPORTED}. */
    String unsupportedReason() {
        return unsupportedReason;
    }

    /**
     * Options are equal when their ids are, whether they come from a constant or {@link #byName}.
     *
     * @param o the object to compare with
     * @return whether {@code o} is a {@code CurlOpt} with the same {@link #id()}
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof CurlOpt && ((CurlOpt) o).id == id;
    }

    /**
     * A hash code consistent with {@link #equals}.
     *
     * @return the option's {@link #id()}
     */
    @Override
    public int hashCode() {
        return id;
    }

    /**
     * {@code CURLOPT_NAME}.
     *
     * @return libcurl's full name of the option, e.g. {@code CURLOPT_URL}
     */
    @Override
    public String toString() {
        return "CURLOPT_" + name;
    }
}
