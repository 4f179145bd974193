package org.konnect.curl;

import java.util.Locale;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * Which transfers the engine decodes itself, and the options that make libcurl hand their bodies
 * over undecoded. libcurl inflates a whole socket read inside one call, whatever the write
 * callback answers (megabytes of a decompression bomb at a time); the engine's
 * {@link ContentDecoder} inflates in pieces between which the loop's iteration budget is
 * checked. Applied once {@code configureHandle} (and {@link LibcurlWorkarounds}) have run.
 *
 * <p>Taken over: HTTP(S) transfers with a write callback, {@code CURLOPT_ACCEPT_ENCODING} set
 * to {@code ""} or to a list of only gzip, x-gzip, deflate and identity, on a libcurl with
 * {@code curl_easy_header} (which names the response's coding). {@code ""} means "every coding
 * libcurl has" to libcurl; here it asks for {@code "gzip, deflate"}, what the engine decodes.
 * Left to libcurl: a list naming another coding (br, zstd: Java has no decoder for them, so they
 * are not budgeted), {@code HTTP_CONTENT_DECODING} set to 0 by the request (it wants the body as
 * sent), {@code CURLOPT_HEADER} (headers would reach the write callback among the body bytes).
 */
final class EngineContentDecoding {
    /** What {@code ACCEPT_ENCODING ""} asks for when the engine decodes. */
    static final String ACCEPTED = "gzip, deflate";

    private static final CurlOpt HEADER = new CurlOpt("HEADER", LibcurlConstants.CURLOPT_HEADER, CurlOpt.Kind.LONG);

    private EngineContentDecoding() {}

    /** Adjusts {@code config}'s options when the engine is to decode; returns whether it is. */
    static boolean apply(ConfigHandle config) {
        Object accept = config.current(CurlOpt.ACCEPT_ENCODING);
        if (!(accept instanceof String) || !Native.headerApi()) return false;
        if (config.isSetTo(CurlOpt.HTTP_CONTENT_DECODING, 0)) return false;
        if (config.current(HEADER) != null && !config.isSetTo(HEADER, 0)) return false;
        if (config.current(CurlOpt.WRITEFUNCTION) == null || !isHttp(config.current(CurlOpt.URL))) return false;
        String list = (String) accept;
        if (list.isEmpty()) {
            config.setopt(CurlOpt.ACCEPT_ENCODING, ACCEPTED);
        } else if (!onlyDecodable(list)) {
            return false;
        }
        config.setopt(CurlOpt.HTTP_CONTENT_DECODING, 0);
        return true;
    }

    /** An http or https URL; a URL without a scheme (libcurl guesses one) is left to libcurl. */
    private static boolean isHttp(Object url) {
        if (!(url instanceof String)) return false;
        String u = (String) url;
        return u.regionMatches(true, 0, "http://", 0, 7) || u.regionMatches(true, 0, "https://", 0, 8);
    }

    /** Every entry of an Accept-Encoding list (parameters such as {@code ;q=0.5} aside) is one the engine decodes. */
    private static boolean onlyDecodable(String list) {
        for (String entry : list.split(",")) {
            int semicolon = entry.indexOf(';');
            String coding = (semicolon < 0 ? entry : entry.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
            if (coding.isEmpty()) continue;
            if (!coding.equals("identity") && ContentDecoder.codingOf(coding) == null) return false;
        }
        return true;
    }
}
