package org.konnect.curl.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.HeaderCallback;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;

/**
 * A plain GET of the loopback server's {@code /echo}, run on the handles the fuzzed cases left in
 * the pool: a reset handle carries nothing of its last transfer, so the server sees a request
 * with no body, no extra header and no cookie.
 */
final class ControlRequest implements RequestProtocol<Void, String> {
    private final String url;
    private final List<String> headers = new ArrayList<>();
    private long body;

    ControlRequest(int port) {
        this.url = "http://127.0.0.1:" + port + "/echo";
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        h.setopt(CurlOpt.URL, url);
        h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
            body += data.remaining();
            return data.remaining();
        });
        h.setopt(CurlOpt.HEADERFUNCTION, (HeaderCallback) this::header);
        h.setopt(CurlOpt.TIMEOUT_MS, 20_000L);
    }

    private int header(ByteBuffer data) {
        byte[] line = new byte[data.remaining()];
        data.get(line);
        headers.add(new String(line, StandardCharsets.ISO_8859_1).trim());
        return line.length;
    }

    /** What differs from a plain GET's echo, or "" when nothing does. */
    @Override
    public String completed(GetInfoHandle info) {
        StringBuilder odd = new StringBuilder();
        int code = info.getinfo(CurlInfo.RESPONSE_CODE);
        if (code != 200) odd.append("status ").append(code).append("; ");
        if (body != 0) odd.append(body).append(" body bytes; ");
        String method = info.getinfo(CurlInfo.EFFECTIVE_METHOD);
        if (!"GET".equals(method)) odd.append("method ").append(method).append("; ");
        for (String h : headers) {
            String lower = h.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("x-echo-") || lower.startsWith("x-method:") && !lower.endsWith("get")) odd.append(h).append("; ");
        }
        List<String> cookies = info.getinfo(CurlInfo.COOKIELIST);
        if (cookies != null && !cookies.isEmpty()) odd.append("cookies from an earlier transfer: ").append(cookies).append("; ");
        return odd.toString();
    }
}
