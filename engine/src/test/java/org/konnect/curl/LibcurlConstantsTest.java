package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * The generated constants agree with the JNI library and with the libcurl loaded at run time:
 * a stale generated class, a library built against other headers, or a libcurl newer than the
 * headers (codes Konnect could not name) fails here.
 */
class LibcurlConstantsTest {
    @Test
    void theConstantsAndTheNativeLibraryComeFromTheSameHeaders() {
        assertEquals(LibcurlConstants.LIBCURL_VERSION_NUM, Native.headersVersionNum(),
                "LibcurlConstants was generated from other headers than libkonnectcurl.so was compiled against");
    }

    @Test
    void everyCodeTheLoadedLibcurlDescribesHasAName() {
        List<String> unnamed = new ArrayList<>();
        for (int code = 0; code <= 300; code++) {
            String message = Native.easyStrerror(code);
            if (!message.equals("Unknown error") && LibcurlConstants.curleName(code) == null) unnamed.add(code + " " + message);
        }
        assertTrue(unnamed.isEmpty(), "libcurl " + Curl.version() + " has CURLcodes the headers of libcurl "
                + LibcurlConstants.LIBCURL_VERSION + " do not name (build against the newer headers): " + unnamed);
        assertEquals("CURLE_OPERATION_TIMEDOUT", CurlError.nameOf(LibcurlConstants.CURLE_OPERATION_TIMEDOUT));
        assertEquals("CURLE_UNKNOWN_9999", CurlError.nameOf(9999));
        assertNull(LibcurlConstants.curleName(-1));
    }

    @Test
    void multiCodesAreNamedFromTheHeaders() {
        assertEquals("CURLM_BAD_EASY_HANDLE", LibcurlConstants.curlmName(LibcurlConstants.CURLM_BAD_EASY_HANDLE));
        assertEquals("CURLM_CALL_MULTI_PERFORM", LibcurlConstants.curlmName(-1));
        assertEquals("CURLM_UNKNOWN_999", NativeErrors.curlmName(999));
    }

    @Test
    void everyOptionIdTheConstantsNameIsTheOneLibcurlsTableGives() throws Exception {
        int checked = 0;
        for (Field f : LibcurlConstants.class.getFields()) {
            if (!f.getName().startsWith("CURLOPT_") || f.getType() != int.class || !Modifier.isStatic(f.getModifiers())) continue;
            String name = f.getName().substring("CURLOPT_".length());
            CurlOpt fromTable;
            try {
                fromTable = CurlOpt.byName(name);
            } catch (IllegalArgumentException notInTable) {
                continue;   // a few header names (e.g. obsolete ones) are not in the runtime table
            }
            assertEquals(fromTable.id(), f.getInt(null), f.getName());
            checked++;
        }
        assertTrue(checked > 200, "options checked: " + checked);
    }

    @Test
    void everyCallbackKindIsAFunctionOptionOfLibcurl() {
        for (CallbackKind kind : CallbackKind.values()) {
            CurlOpt option = CurlOpt.byName(kind.name() + "FUNCTION");
            assertEquals(kind.option, option.id(), kind.name());
            assertEquals(CurlOpt.Kind.CALLBACK, option.kind(), kind.name());
            assertEquals(kind.type, option.callbackType(), kind.name());
            assertEquals(kind, CallbackKind.ofOption(option.id()));
        }
        assertNull(CallbackKind.ofOption(LibcurlConstants.CURLOPT_URL));
        assertNotNull(CurlOpt.byName("SSL_CTX_FUNCTION").unsupportedReason());
        assertTrue(CurlOpt.byName("SSL_CTX_FUNCTION").unsupportedReason().contains(CallbackKind.optionNames()));
    }

    @Test
    void theNativeErrorConventionDecodesIntoPreciseExceptions() {
        int errno = 12;   // ENOMEM
        RuntimeException io = NativeErrors.decode("epoll_wait", -(LibcurlConstants.KM_ERR_DOMAIN_ERRNO | errno));
        assertTrue(io instanceof java.io.UncheckedIOException, io.toString());
        assertTrue(io.getMessage().contains("epoll_wait failed") && io.getMessage().contains("errno 12"), io.getMessage());

        RuntimeException multi = NativeErrors.decode("curl_multi_add_handle",
                -(LibcurlConstants.KM_ERR_DOMAIN_CURLM | LibcurlConstants.CURLM_ADDED_ALREADY));
        assertTrue(multi instanceof IllegalStateException, multi.toString());
        assertTrue(multi.getMessage().contains("CURLM_ADDED_ALREADY"), multi.getMessage());

        RuntimeException easy = NativeErrors.decode("curl_easy_pause",
                -(LibcurlConstants.KM_ERR_DOMAIN_CURLE | LibcurlConstants.CURLE_BAD_FUNCTION_ARGUMENT));
        assertTrue(easy instanceof CurlError, easy.toString());
        assertEquals(LibcurlConstants.CURLE_BAD_FUNCTION_ARGUMENT, ((CurlError) easy).code());
        assertEquals(LibcurlConstants.CURLE_BAD_FUNCTION_ARGUMENT,
                NativeErrors.curlCode(-(LibcurlConstants.KM_ERR_DOMAIN_CURLE | LibcurlConstants.CURLE_BAD_FUNCTION_ARGUMENT)));
        assertEquals(-1, NativeErrors.curlCode(-(LibcurlConstants.KM_ERR_DOMAIN_ERRNO | errno)));
        assertEquals(7, NativeErrors.check("a count", 7));
    }

    @Test
    void theJavaValuesOfLibcurlsMacrosAreTheHeaders() {
        assertEquals(LibcurlConstants.CURL_WRITEFUNC_PAUSE, WriteCallback.PAUSE);
        assertEquals(LibcurlConstants.CURL_READFUNC_PAUSE, ReadCallback.PAUSE);
        assertEquals(LibcurlConstants.CURL_READFUNC_ABORT, ReadCallback.ABORT);
        assertEquals(LibcurlConstants.CURLPAUSE_ALL, ConfigHandle.PAUSE_RECV | ConfigHandle.PAUSE_SEND);
        assertEquals(LibcurlConstants.CURL_HTTP_VERSION_2TLS, HttpVersion.HTTP_2TLS.value());
    }
}
