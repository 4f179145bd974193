package org.konnect.curl.http;

import org.konnect.curl.CurlError;
import org.konnect.curl.jni.LibcurlConstants;

/** What a failed exchange tells its caller: libcurl's error, or the client's clearer one where it knows more. */
final class ExchangeErrors {
    private ExchangeErrors() {}

    static Throwable of(HttpExchange exchange, HttpClientSettings settings, CurlError error) {
        HttpRequest request = exchange.request();
        if (exchange.protocolError() != null) {
            return new CurlError(LibcurlConstants.CURLE_WEIRD_SERVER_REPLY, request + ": " + exchange.protocolError(), error);
        }
        Throwable uploadFailure = exchange.upload() == null ? null : exchange.upload().failure();
        if (uploadFailure != null) {
            return new CurlError(error.code(), request + ": the request body's source failed: " + uploadFailure, uploadFailure);
        }
        if (error.code() == LibcurlConstants.CURLE_FILESIZE_EXCEEDED) {
            return new BodyTooLargeException(request, settings.maxBodyBytes(), error);
        }
        if (error.code() == LibcurlConstants.CURLE_SEND_FAIL_REWIND) {
            return new CurlError(error.code(), request + ": " + error.detail() + " (a redirect or an authentication challenge"
                    + " needs the request body again, and a file or streamed body is sent once only: send bytes instead)", error);
        }
        return error;
    }
}
