package org.konnect.curl;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;

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
        /** A callback: the Java interface named by {@link #callbackType()}. */
        CALLBACK,
        /** Takes a native pointer or is managed by Konnect itself: not settable from Java. */
        UNSUPPORTED
    }

    // Values from libcurl's curl_easytype (CURLOT_*).
    static final int CURLOT_LONG = 0, CURLOT_VALUES = 1, CURLOT_OFF_T = 2, CURLOT_OBJECT = 3, CURLOT_STRING = 4,
            CURLOT_SLIST = 5, CURLOT_CBPTR = 6, CURLOT_BLOB = 7, CURLOT_FUNCTION = 8;

    public static final CurlOpt URL = new CurlOpt("URL", 10002, Kind.STRING);
    public static final CurlOpt PORT = new CurlOpt("PORT", 3, Kind.LONG);
    public static final CurlOpt PROXY = new CurlOpt("PROXY", 10004, Kind.STRING);
    public static final CurlOpt USERPWD = new CurlOpt("USERPWD", 10005, Kind.STRING);
    public static final CurlOpt USERNAME = new CurlOpt("USERNAME", 10173, Kind.STRING);
    public static final CurlOpt PASSWORD = new CurlOpt("PASSWORD", 10174, Kind.STRING);
    public static final CurlOpt RANGE = new CurlOpt("RANGE", 10007, Kind.STRING);
    public static final CurlOpt TIMEOUT = new CurlOpt("TIMEOUT", 13, Kind.LONG);
    public static final CurlOpt TIMEOUT_MS = new CurlOpt("TIMEOUT_MS", 155, Kind.LONG);
    public static final CurlOpt CONNECTTIMEOUT = new CurlOpt("CONNECTTIMEOUT", 78, Kind.LONG);
    public static final CurlOpt CONNECTTIMEOUT_MS = new CurlOpt("CONNECTTIMEOUT_MS", 156, Kind.LONG);
    public static final CurlOpt LOW_SPEED_LIMIT = new CurlOpt("LOW_SPEED_LIMIT", 19, Kind.LONG);
    public static final CurlOpt LOW_SPEED_TIME = new CurlOpt("LOW_SPEED_TIME", 20, Kind.LONG);
    public static final CurlOpt POSTFIELDS = new CurlOpt("POSTFIELDS", 10015, Kind.BYTES);
    public static final CurlOpt POSTFIELDSIZE_LARGE = new CurlOpt("POSTFIELDSIZE_LARGE", 30120, Kind.OFF_T);
    public static final CurlOpt POST = new CurlOpt("POST", 47, Kind.LONG);
    public static final CurlOpt UPLOAD = new CurlOpt("UPLOAD", 46, Kind.LONG);
    public static final CurlOpt INFILESIZE_LARGE = new CurlOpt("INFILESIZE_LARGE", 30115, Kind.OFF_T);
    public static final CurlOpt NOBODY = new CurlOpt("NOBODY", 44, Kind.LONG);
    public static final CurlOpt HTTPGET = new CurlOpt("HTTPGET", 80, Kind.LONG);
    public static final CurlOpt CUSTOMREQUEST = new CurlOpt("CUSTOMREQUEST", 10036, Kind.STRING);
    public static final CurlOpt HTTPHEADER = new CurlOpt("HTTPHEADER", 10023, Kind.SLIST);
    public static final CurlOpt USERAGENT = new CurlOpt("USERAGENT", 10018, Kind.STRING);
    public static final CurlOpt REFERER = new CurlOpt("REFERER", 10016, Kind.STRING);
    public static final CurlOpt COOKIE = new CurlOpt("COOKIE", 10022, Kind.STRING);
    public static final CurlOpt ACCEPT_ENCODING = new CurlOpt("ACCEPT_ENCODING", 10102, Kind.STRING);
    public static final CurlOpt FOLLOWLOCATION = new CurlOpt("FOLLOWLOCATION", 52, Kind.LONG);
    public static final CurlOpt MAXREDIRS = new CurlOpt("MAXREDIRS", 68, Kind.LONG);
    public static final CurlOpt REDIR_PROTOCOLS_STR = new CurlOpt("REDIR_PROTOCOLS_STR", 10319, Kind.STRING);
    public static final CurlOpt PROTOCOLS_STR = new CurlOpt("PROTOCOLS_STR", 10318, Kind.STRING);
    public static final CurlOpt UNRESTRICTED_AUTH = new CurlOpt("UNRESTRICTED_AUTH", 105, Kind.LONG);
    public static final CurlOpt FAILONERROR = new CurlOpt("FAILONERROR", 45, Kind.LONG);
    public static final CurlOpt HTTP_VERSION = new CurlOpt("HTTP_VERSION", 84, Kind.LONG);
    public static final CurlOpt PIPEWAIT = new CurlOpt("PIPEWAIT", 237, Kind.LONG);
    public static final CurlOpt VERBOSE = new CurlOpt("VERBOSE", 41, Kind.LONG);
    public static final CurlOpt NOPROGRESS = new CurlOpt("NOPROGRESS", 43, Kind.LONG);
    public static final CurlOpt BUFFERSIZE = new CurlOpt("BUFFERSIZE", 98, Kind.LONG);
    public static final CurlOpt UPLOAD_BUFFERSIZE = new CurlOpt("UPLOAD_BUFFERSIZE", 280, Kind.LONG);
    public static final CurlOpt TCP_NODELAY = new CurlOpt("TCP_NODELAY", 121, Kind.LONG);
    public static final CurlOpt TCP_KEEPALIVE = new CurlOpt("TCP_KEEPALIVE", 213, Kind.LONG);
    public static final CurlOpt FORBID_REUSE = new CurlOpt("FORBID_REUSE", 75, Kind.LONG);
    public static final CurlOpt FRESH_CONNECT = new CurlOpt("FRESH_CONNECT", 74, Kind.LONG);
    public static final CurlOpt RESOLVE = new CurlOpt("RESOLVE", 10203, Kind.SLIST);
    public static final CurlOpt CONNECT_TO = new CurlOpt("CONNECT_TO", 10243, Kind.SLIST);
    public static final CurlOpt MAX_RECV_SPEED_LARGE = new CurlOpt("MAX_RECV_SPEED_LARGE", 30146, Kind.OFF_T);
    public static final CurlOpt MAX_SEND_SPEED_LARGE = new CurlOpt("MAX_SEND_SPEED_LARGE", 30145, Kind.OFF_T);
    public static final CurlOpt RESUME_FROM_LARGE = new CurlOpt("RESUME_FROM_LARGE", 30116, Kind.OFF_T);
    public static final CurlOpt MAXFILESIZE_LARGE = new CurlOpt("MAXFILESIZE_LARGE", 30117, Kind.OFF_T);
    public static final CurlOpt FTP_CREATE_MISSING_DIRS = new CurlOpt("FTP_CREATE_MISSING_DIRS", 110, Kind.LONG);
    public static final CurlOpt FTP_USE_EPSV = new CurlOpt("FTP_USE_EPSV", 85, Kind.LONG);
    public static final CurlOpt DIRLISTONLY = new CurlOpt("DIRLISTONLY", 48, Kind.LONG);
    public static final CurlOpt APPEND = new CurlOpt("APPEND", 50, Kind.LONG);
    public static final CurlOpt SSL_VERIFYPEER = new CurlOpt("SSL_VERIFYPEER", 64, Kind.LONG);
    public static final CurlOpt SSL_VERIFYHOST = new CurlOpt("SSL_VERIFYHOST", 81, Kind.LONG);
    public static final CurlOpt CAINFO = new CurlOpt("CAINFO", 10065, Kind.STRING);
    public static final CurlOpt CAPATH = new CurlOpt("CAPATH", 10097, Kind.STRING);
    public static final CurlOpt CAINFO_BLOB = new CurlOpt("CAINFO_BLOB", 40309, Kind.BLOB);
    public static final CurlOpt SSLCERT = new CurlOpt("SSLCERT", 10025, Kind.STRING);
    public static final CurlOpt SSLCERTTYPE = new CurlOpt("SSLCERTTYPE", 10086, Kind.STRING);
    public static final CurlOpt SSLCERT_BLOB = new CurlOpt("SSLCERT_BLOB", 40291, Kind.BLOB);
    public static final CurlOpt SSLKEY = new CurlOpt("SSLKEY", 10087, Kind.STRING);
    public static final CurlOpt SSLKEYTYPE = new CurlOpt("SSLKEYTYPE", 10088, Kind.STRING);
    public static final CurlOpt SSLKEY_BLOB = new CurlOpt("SSLKEY_BLOB", 40292, Kind.BLOB);
    public static final CurlOpt KEYPASSWD = new CurlOpt("KEYPASSWD", 10026, Kind.STRING);
    public static final CurlOpt SSLVERSION = new CurlOpt("SSLVERSION", 32, Kind.LONG);
    public static final CurlOpt CERTINFO = new CurlOpt("CERTINFO", 172, Kind.LONG);
    public static final CurlOpt WRITEFUNCTION = new CurlOpt("WRITEFUNCTION", 20011, Kind.CALLBACK);
    public static final CurlOpt READFUNCTION = new CurlOpt("READFUNCTION", 20012, Kind.CALLBACK);
    public static final CurlOpt HEADERFUNCTION = new CurlOpt("HEADERFUNCTION", 20079, Kind.CALLBACK);
    public static final CurlOpt XFERINFOFUNCTION = new CurlOpt("XFERINFOFUNCTION", 20219, Kind.CALLBACK);
    public static final CurlOpt DEBUGFUNCTION = new CurlOpt("DEBUGFUNCTION", 20094, Kind.CALLBACK);

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
     *
     * @throws IllegalArgumentException naming the option when libcurl does not know it
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

    /** Every option the installed libcurl knows (aliases excluded), in libcurl's order. */
    public static java.util.List<CurlOpt> all() {
        return OptionTable.INSTANCE.all();
    }

    /** libcurl's name without the prefix, e.g. {@code URL}. */
    public String name() {
        return name;
    }

    /** libcurl's numeric option id. */
    public int id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#CALLBACK}: the interface a value must implement; otherwise {@code null}. */
    public Class<?> callbackType() {
        switch (id) {
            case 20011: return WriteCallback.class;
            case 20012: return ReadCallback.class;
            case 20079: return HeaderCallback.class;
            case 20219: return XferInfoCallback.class;
            case 20094: return DebugCallback.class;
            default: return null;
        }
    }

    /** Why the option cannot be set from Java, for {@link Kind#UNSUPPORTED}. */
    String unsupportedReason() {
        return unsupportedReason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurlOpt && ((CurlOpt) o).id == id;
    }

    @Override
    public int hashCode() {
        return id;
    }

    /** {@code CURLOPT_NAME}. */
    @Override
    public String toString() {
        return "CURLOPT_" + name;
    }
}
