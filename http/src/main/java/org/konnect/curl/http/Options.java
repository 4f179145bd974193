package org.konnect.curl.http;

import org.konnect.curl.CurlOpt;

/** The libcurl options the client sets that {@link CurlOpt} has no constant for, looked up once by name. */
final class Options {
    static final CurlOpt HTTPAUTH = CurlOpt.byName("HTTPAUTH");
    static final CurlOpt XOAUTH2_BEARER = CurlOpt.byName("XOAUTH2_BEARER");
    static final CurlOpt POSTREDIR = CurlOpt.byName("POSTREDIR");
    static final CurlOpt NOPROXY = CurlOpt.byName("NOPROXY");
    static final CurlOpt HTTPPROXYTUNNEL = CurlOpt.byName("HTTPPROXYTUNNEL");
    static final CurlOpt SUPPRESS_CONNECT_HEADERS = CurlOpt.byName("SUPPRESS_CONNECT_HEADERS");
    static final CurlOpt PROXYUSERNAME = CurlOpt.byName("PROXYUSERNAME");
    static final CurlOpt PROXYPASSWORD = CurlOpt.byName("PROXYPASSWORD");
    static final CurlOpt UNIX_SOCKET_PATH = CurlOpt.byName("UNIX_SOCKET_PATH");
    static final CurlOpt COOKIEFILE = CurlOpt.byName("COOKIEFILE");
    static final CurlOpt COOKIELIST = CurlOpt.byName("COOKIELIST");

    private Options() {}
}
