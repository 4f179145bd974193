package org.konnect.curl;

import static org.konnect.curl.jni.LibcurlConstants.CURLE_BAD_FUNCTION_ARGUMENT;
import static org.konnect.curl.jni.LibcurlConstants.CURLE_NOT_BUILT_IN;
import static org.konnect.curl.jni.LibcurlConstants.CURLE_UNKNOWN_OPTION;
import static org.konnect.curl.jni.LibcurlConstants.KM_ERR_CODE_MASK;
import static org.konnect.curl.jni.LibcurlConstants.KM_ERR_DOMAIN_CURLE;
import static org.konnect.curl.jni.LibcurlConstants.KM_ERR_DOMAIN_CURLM;
import static org.konnect.curl.jni.LibcurlConstants.KM_ERR_DOMAIN_CURLSH;
import static org.konnect.curl.jni.LibcurlConstants.KM_ERR_DOMAIN_ERRNO;
import static org.konnect.curl.jni.LibcurlConstants.KM_ERR_DOMAIN_MASK;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * The one place where the natives' results are decoded (the convention is in the native
 * layer's {@code boundary.h}): a value {@code >= 0} is a result, a negative one is
 * {@code -(domain | code)}, and each domain becomes its own precise exception:
 * <ul>
 *   <li>an {@code errno} (epoll, eventfd, allocation): {@link UncheckedIOException} with {@code strerror};</li>
 *   <li>a {@code CURLMcode} (the multi handle): {@link IllegalStateException} naming the {@code CURLM_*} code;</li>
 *   <li>a {@code CURLSHcode} (a share handle): {@link IllegalStateException} naming the {@code CURLSHE_*} code,
 *       or for {@code CURLSHOPT_SHARE} an {@link IllegalArgumentException} naming what this libcurl cannot share;</li>
 *   <li>a {@code CURLcode}: {@link CurlError}, or for {@code setopt}/{@code getinfo} an
 *       {@link IllegalArgumentException} naming the option or info and the {@code CURLE_*} code.</li>
 * </ul>
 */
final class NativeErrors {
    private NativeErrors() {}

    /** The {@code CURLcode} of an error in the CURLE domain, else -1. */
    static int curlCode(long rc) {
        return rc < 0 && domain(rc) == KM_ERR_DOMAIN_CURLE ? code(rc) : -1;
    }

    /** {@code rc} itself when it is a result; the decoded exception when it is an error. */
    static long check(String call, long rc) {
        if (rc < 0) throw decode(call, rc);
        return rc;
    }

    static int check(String call, int rc) {
        if (rc < 0) throw decode(call, rc);
        return rc;
    }

    static RuntimeException decode(String call, long rc) {
        int code = code(rc);
        switch (domain(rc)) {
            case KM_ERR_DOMAIN_ERRNO:
                return new UncheckedIOException(new IOException(call + " failed: " + Native.errnoMessage(code)
                        + " (errno " + code + ")"));
            case KM_ERR_DOMAIN_CURLM:
                return new IllegalStateException(call + " failed: " + curlmName(code) + " (" + code + "): "
                        + Native.multiStrerror(code));
            case KM_ERR_DOMAIN_CURLE:
                return new CurlError(code, call + ": " + Native.easyStrerror(code), null);
            case KM_ERR_DOMAIN_CURLSH:
                return new IllegalStateException(call + " failed: " + curlshName(code) + " (" + code + "): "
                        + Native.shareStrerror(code));
            default:
                return new IllegalStateException(call + " returned " + rc + ", which is no result of the native layer");
        }
    }

    /** A {@code curl_easy_setopt} that failed, as the {@link IllegalArgumentException} {@code setopt} documents. */
    static IllegalArgumentException setoptFailure(CurlOpt option, Object value, int rc) {
        int code = curlCode(rc);
        if (code == CURLE_UNKNOWN_OPTION || code == CURLE_NOT_BUILT_IN) {
            return new IllegalArgumentException(option + " is not supported by libcurl " + Curl.version()
                    + ": " + CurlError.nameOf(code));
        }
        String what = code < 0 ? decode("curl_easy_setopt", rc).getMessage()
                : CurlError.nameOf(code) + " (" + Native.easyStrerror(code) + ")";
        return new IllegalArgumentException(option + ": libcurl rejected the value "
                + (value == null ? "null" : value.getClass().getName()) + ": " + what);
    }

    /** A {@code curl_multi_setopt} that failed. */
    static IllegalArgumentException multiSetoptFailure(String option, long value, int rc) {
        return new IllegalArgumentException(option + ": libcurl rejected " + value + ": " + decode("curl_multi_setopt", rc).getMessage());
    }

    /** A {@code curl_easy_getinfo} that failed: an info libcurl does not know or Java cannot read, else a {@link CurlError}. */
    static RuntimeException getinfoFailure(CurlInfo<?> info, int rc) {
        int code = curlCode(rc);
        if (code == CURLE_UNKNOWN_OPTION || code == CURLE_BAD_FUNCTION_ARGUMENT) {
            return new IllegalArgumentException(info + " (id 0x" + Integer.toHexString(info.id()) + ") is not readable from Java"
                    + " or not known to libcurl " + Curl.version() + ": " + CurlError.nameOf(code));
        }
        return code >= 0 ? CurlError.of(code) : decode("curl_easy_getinfo(" + info + ")", rc);
    }

    /**
     * A {@code CURLSHOPT_SHARE} that failed: {@code CURLSHE_BAD_OPTION} from a libcurl too old to
     * know the kind, {@code CURLSHE_NOT_BUILT_IN} from one built without it.
     */
    static RuntimeException shareAddFailure(Share.Data data, int rc) {
        int code = (int) -rc & KM_ERR_CODE_MASK;
        boolean lacking = code == LibcurlConstants.CURLSHE_BAD_OPTION || code == LibcurlConstants.CURLSHE_NOT_BUILT_IN;
        if (domain(rc) == KM_ERR_DOMAIN_CURLSH && lacking) {
            String why = code == LibcurlConstants.CURLSHE_BAD_OPTION
                    ? "it does not know it (sharing it needs libcurl " + data.since + " or newer)"
                    : "it was built without it";
            return new IllegalArgumentException("Share: libcurl " + Curl.version() + " cannot share " + data.libcurlName()
                    + ": " + why + " (" + curlshName(code) + "); Share.supported() lists what it can share");
        }
        return decode("curl_share_setopt(CURLSHOPT_SHARE, " + data.libcurlName() + ")", rc);
    }

    static String curlshName(int code) {
        String name = LibcurlConstants.curlshName(code);
        return name != null ? name : "CURLSHE_UNKNOWN_" + code;
    }

    static String curlmName(int code) {
        String name = LibcurlConstants.curlmName(code);
        return name != null ? name : "CURLM_UNKNOWN_" + code;
    }

    private static int domain(long rc) {
        return (int) -rc & KM_ERR_DOMAIN_MASK;
    }

    private static int code(long rc) {
        return (int) -rc & KM_ERR_CODE_MASK;
    }
}
