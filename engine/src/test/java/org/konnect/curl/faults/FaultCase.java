package org.konnect.curl.faults;

import java.time.Duration;
import org.konnect.curl.Curl;
import org.konnect.curl.testservers.HttpFault;

/**
 * How the fault matrix requests one {@link HttpFault} (the same options for the engine's
 * {@code Request} and for the curl tool) and what it expects.
 *
 * @param timeout the total timeout of both clients ({@code withTimeout}, {@code --max-time})
 * @param credentials whether both send {@link #USER}:{@link #PASSWORD} ({@code withCredentials}, {@code -u})
 * @param compressed whether both ask for and decode compressed bodies ({@code ACCEPT_ENCODING ""}, {@code --compressed})
 * @param maxBodyBytes a body cap ({@code withMaxBodyBytes}, {@code --max-filesize}), or 0 for the defaults
 * @param expected the outcome
 */
record FaultCase(Duration timeout, boolean credentials, boolean compressed, long maxBodyBytes, Expected expected) {
    static final String USER = "user";
    static final String PASSWORD = "secret";
    /** For the faults that only a timeout ends: short, so the matrix stays fast. */
    static final Duration SHORT = Duration.ofSeconds(1);
    /** For every other fault: long enough that a loaded machine never turns an answer into a timeout. */
    static final Duration LONG = Duration.ofSeconds(20);
    private static final long CAP = 1_000_000;

    /** What the engine should answer. */
    sealed interface Expected {
        /**
         * The engine answers as the tool does on the same libcurl. {@code name} is that answer
         * where both tested libcurl versions agree; {@code null} where they differ, and then the
         * only fixed expectation is that the transfer fails.
         */
        record AsTheTool(String name) implements Expected {}

        /** The engine deliberately answers {@code engine} where the tool answers {@code tool}, because of {@code why}. */
        record Differs(String engine, String tool, String why) implements Expected {}
    }

    static FaultCase of(HttpFault fault) {
        return switch (fault) {
            case EMPTY_REPLY -> plain("CURLE_GOT_NOTHING");
            case NO_REPLY, SLOW_HEADERS, SLOW_BODY, CONTENT_LENGTH_LONGER_THAN_BODY ->
                    new FaultCase(SHORT, false, false, 0, new Expected.AsTheTool("CURLE_OPERATION_TIMEDOUT"));
            case RESET_BEFORE_HEADERS, RESET_AFTER_HEADERS, RESET_MID_BODY, BAD_CHUNK_SIZE, CHUNK_SIZE_OVERFLOW ->
                    plain("CURLE_RECV_ERROR");
            // libcurl takes a close before the empty line as the end of a head with no body.
            case FIN_IN_HEADERS -> plain("CURLE_OK");
            case FIN_MID_BODY, TRUNCATED_CHUNKED_BODY, TRUNCATED_CHUNK -> plain("CURLE_PARTIAL_FILE");
            // HTTP/0.9 is off by default (CURLOPT_HTTP09_ALLOWED), so these are not taken for one.
            case GARBAGE_STATUS_LINE, HTTP_09, UNKNOWN_HTTP_VERSION -> plain("CURLE_UNSUPPORTED_PROTOCOL");
            case GARBAGE_HEADERS, NUL_IN_HEADER, CONTENT_LENGTH_NEGATIVE, CONTENT_LENGTH_NOT_A_NUMBER ->
                    plain("CURLE_WEIRD_SERVER_REPLY");
            // libcurl's header limits: 7.88 fails a line past 100 KiB with CURLE_OUT_OF_MEMORY and a head
            // past 300 KiB with CURLE_RECV_ERROR; 8.14 fails both (the second at 5,000 headers) with CURLE_TOO_LARGE.
            case HUGE_HEADER, HUNDRED_THOUSAND_HEADERS -> plain(null);
            // 1xx heads count toward the 300 KiB head limit on both versions.
            case FLOOD_OF_1XX -> plain("CURLE_RECV_ERROR");
            // libcurl reads the declared length and drops the rest; the last of two lengths wins;
            // a length past 2^63 is ignored and the body read to the close; chunked wins over a length.
            case CONTENT_LENGTH_SHORTER_THAN_BODY, CONTENT_LENGTH_DOUBLED_CONFLICTING, CONTENT_LENGTH_DOUBLED_EQUAL,
                 CONTENT_LENGTH_OVERFLOW, CHUNKED_AND_CONTENT_LENGTH -> plain("CURLE_OK");
            case ENDLESS_BODY -> new FaultCase(SHORT, false, false, CAP, new Expected.Differs("CURLE_FILESIZE_EXCEEDED",
                    Curl.versionNumber() >= 0x080400 ? "CURLE_FILESIZE_EXCEEDED" : "CURLE_OPERATION_TIMEDOUT",
                    "the engine's cap counts every body byte; the tool's --max-filesize (CURLOPT_MAXFILESIZE_LARGE) "
                            + "stops a body of unknown length only from libcurl 8.4 on, and before that the timeout ends it"));
            // Both give up with the same code, at their own limits: Request's MAXREDIRS 10, the tool's 50.
            case REDIRECT_LOOP -> plain("CURLE_TOO_MANY_REDIRECTS");
            // Request allows redirects to http and https only; the tool is given the same (--proto-redir).
            case REDIRECT_TO_FILE -> plain("CURLE_UNSUPPORTED_PROTOCOL");
            case REDIRECT_TO_OTHER_HOST_WITH_CREDENTIALS -> new FaultCase(LONG, true, false, 0, new Expected.AsTheTool("CURLE_OK"));
            case GZIP_BOMB -> new FaultCase(LONG, false, true, CAP, new Expected.Differs("CURLE_FILESIZE_EXCEEDED",
                    Curl.versionNumber() >= 0x081400 ? "CURLE_FILESIZE_EXCEEDED" : "CURLE_OK",
                    "the engine's cap counts decoded bytes; the tool's --max-filesize compares the length on the wire "
                            + "(16 KiB here), and counts decoded bytes only from libcurl 8.20 on"));
            case CORRUPT_GZIP, TOO_MANY_ENCODINGS -> new FaultCase(LONG, false, true, 0,
                    new Expected.AsTheTool("CURLE_BAD_CONTENT_ENCODING"));
        };
    }

    private static FaultCase plain(String name) {
        return new FaultCase(LONG, false, false, 0, new Expected.AsTheTool(name));
    }
}
