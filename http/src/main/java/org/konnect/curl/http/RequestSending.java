package org.konnect.curl.http;

import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.ReadCallback;
import org.konnect.curl.streams.SendQueue;

/**
 * The request's method and body as libcurl options. GET is libcurl's default, HEAD is
 * {@code NOBODY}. A request with a body (and every POST, PUT and PATCH, with an empty body if
 * none) is a libcurl POST ({@code POST} with {@code POSTFIELDS} for bytes, or a read callback for a
 * file or a stream, {@code POSTFIELDSIZE_LARGE} its length or -1 for chunked), named by
 * {@code CUSTOMREQUEST} unless it is a POST: one path for every body, so that libcurl's redirect
 * and challenge handling sees the same kind of request whatever the method. Other methods without
 * a body are {@code CUSTOMREQUEST} alone.
 */
final class RequestSending {
    private RequestSending() {}

    /**
     * @param upload the queue a streamed body is fed into, or null
     * @return the file reader to close when the exchange ends, or null
     */
    static FileBodyReader apply(ConfigHandle h, HttpRequest r, SendQueue upload) {
        HttpMethod method = r.method();
        RequestBody body = r.body();
        if (method.equals(HttpMethod.HEAD)) {
            h.setopt(CurlOpt.NOBODY, true);
            return null;
        }
        boolean sendsBody = body != RequestBody.empty() || method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT)
                || method.equals(HttpMethod.PATCH);
        if (!method.isLibcurlNative()) h.setopt(CurlOpt.CUSTOMREQUEST, method.name());
        if (!sendsBody) return null;
        h.setopt(CurlOpt.POST, true);
        FileBodyReader file = null;
        if (body instanceof RequestBody.Bytes bytes) {
            h.setopt(CurlOpt.POSTFIELDS, bytes.data().toArray());
            h.setopt(CurlOpt.POSTFIELDSIZE_LARGE, (long) bytes.data().length());
        } else if (body instanceof RequestBody.FromFile f) {
            file = new FileBodyReader(f.file());
            h.setopt(CurlOpt.READFUNCTION, (ReadCallback) file);
            h.setopt(CurlOpt.POSTFIELDSIZE_LARGE, file.size());
        } else if (body instanceof RequestBody.Streamed s) {
            upload.attach(h);
            h.setopt(CurlOpt.READFUNCTION, upload);
            h.setopt(CurlOpt.POSTFIELDSIZE_LARGE, s.contentLength());
        } else {
            h.setopt(CurlOpt.POSTFIELDS, new byte[0]);   // else libcurl's default read callback would read stdin
            h.setopt(CurlOpt.POSTFIELDSIZE_LARGE, 0L);
        }
        return file;
    }
}
