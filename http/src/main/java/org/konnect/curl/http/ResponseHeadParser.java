package org.konnect.curl.http;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.konnect.curl.HttpVersion;

/**
 * Reads libcurl's header callback: every response of an exchange passes through it (1xx, the
 * redirects libcurl follows, a Digest challenge, the final response), then the final response's
 * trailers. A status line starts a new head; the one that counts is the last. It is known to be
 * the last ({@link #isFinal()}) at its blank line when libcurl cannot go on from it (not 1xx, not
 * a redirect it follows, not a challenge it answers, not a 417 or 421 it retries), else at the
 * first body byte ({@link #bodyStarted()}) or at the end ({@link #finish()}). Header lines after
 * the final head are trailers. The URI that answered is followed through the redirects.
 * Lines a server sends that are no header field (a bad name) are skipped.
 */
final class ResponseHeadParser {
    /** Whether libcurl, as configured for this exchange, goes on from a response. */
    interface Continuations {
        /** True when libcurl follows a redirect with this status to a Location. */
        boolean followsRedirect(int status);

        /** True when libcurl answers a 401 (or 407) challenge with credentials it has. */
        boolean answersChallenge(int status);
    }

    private final Continuations continuations;
    private URI uri;
    private int status;
    private String reason = "";
    private HttpVersion version = HttpVersion.NONE;
    private List<HttpHeaders.Header> fields = new ArrayList<>();
    private final List<HttpHeaders.Header> trailers = new ArrayList<>();
    private boolean inHead;
    private boolean headEnded;
    private boolean isFinal;
    private int redirects;
    private String surprise;

    ResponseHeadParser(URI uri, Continuations continuations) {
        this.uri = uri;
        this.continuations = continuations;
    }

    /** One line from libcurl, CRLF included. */
    void line(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        String line = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) end--;
        line = line.substring(0, end);
        if (line.startsWith("HTTP/")) {
            statusLine(line);
        } else if (line.isEmpty()) {
            if (inHead) endOfHead();
        } else if (isFinal && headEnded) {
            field(line, trailers);
        } else if (inHead) {
            field(line, fields);
        }
    }

    private void statusLine(String line) {
        if (isFinal) {
            // libcurl went on after a head this parser had taken as the last one.
            surprise = "a response (" + line + ") came after the final one (" + status + ")";
            return;
        }
        if (headEnded && status / 100 == 3 && continuations.followsRedirect(status)) {
            String location = location();
            if (location != null) {
                try {
                    uri = uri.resolve(location.trim());
                    redirects++;
                } catch (IllegalArgumentException e) {
                    // libcurl accepts more than java.net.URI; the effective URL read at the end still says where
                }
            }
        }
        String[] parts = line.split(" ", 3);
        version = versionOf(parts[0]);
        status = parts.length > 1 ? parseStatus(parts[1]) : 0;
        reason = parts.length > 2 ? parts[2].trim() : "";
        fields = new ArrayList<>();
        inHead = true;
        headEnded = false;
    }

    private void endOfHead() {
        inHead = false;
        headEnded = true;
        if (status >= 200 && !goesOn()) isFinal = true;
    }

    /** Whether libcurl sends another request after this response. */
    private boolean goesOn() {
        if (status / 100 == 3) return location() != null && continuations.followsRedirect(status);
        if (status == 401 || status == 407) return continuations.answersChallenge(status);
        return status == 417 || status == 421;
    }

    private static void field(String line, List<HttpHeaders.Header> into) {
        if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !into.isEmpty()) {   // obsolete line folding
            HttpHeaders.Header last = into.remove(into.size() - 1);
            into.add(new HttpHeaders.Header(last.name(), last.value() + " " + line.trim()));
            return;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) return;
        try {
            into.add(new HttpHeaders.Header(line.substring(0, colon), line.substring(colon + 1).trim()));
        } catch (IllegalArgumentException e) {
            // not a field name: skipped, as no request could be built from it anyway
        }
    }

    private static HttpVersion versionOf(String token) {
        switch (token) {
            case "HTTP/1.0": return HttpVersion.HTTP_1_0;
            case "HTTP/1.1": return HttpVersion.HTTP_1_1;
            case "HTTP/2": case "HTTP/2.0": return HttpVersion.HTTP_2;
            case "HTTP/3": return HttpVersion.HTTP_3;
            default: return HttpVersion.NONE;
        }
    }

    private static int parseStatus(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The Location of the current head, or null. */
    String location() {
        for (HttpHeaders.Header h : fields) if (h.name().equalsIgnoreCase("Location")) return h.value();
        return null;
    }

    /** The body has started: the current head is the final one. */
    void bodyStarted() {
        if (headEnded) isFinal = true;
    }

    /** The exchange ended: the last head is the final one. */
    void finish() {
        isFinal = true;
        headEnded = true;
    }

    boolean isFinal() {
        return isFinal;
    }

    /** Whether a complete head has been read (the one so far, final or not). */
    boolean headEnded() {
        return headEnded;
    }

    int status() {
        return status;
    }

    /** Redirects followed so far, as seen in the heads. */
    int redirects() {
        return redirects;
    }

    URI uri() {
        return uri;
    }

    /** Why the heads make no sense, or null. */
    String surprise() {
        return surprise;
    }

    ResponseHead head(URI effective) {
        return new ResponseHead(status, reason, version, HttpHeaders.of(fields), effective != null ? effective : uri);
    }

    HttpHeaders trailers() {
        return HttpHeaders.of(trailers);
    }
}
