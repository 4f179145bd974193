package org.konnect.curl.streams;

import java.time.Duration;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.HttpVersion;

/**
 * What {@code getinfo} says of a finished transfer: the stream's materialized value.
 *
 * @param responseCode {@code CURLINFO_RESPONSE_CODE} (HTTP status, FTP/SMTP reply code; 0 when the protocol has none)
 * @param effectiveUrl {@code CURLINFO_EFFECTIVE_URL}: the last URL used, after redirects
 * @param scheme {@code CURLINFO_SCHEME}, lower case
 * @param httpVersion {@code CURLINFO_HTTP_VERSION}; {@link HttpVersion#NONE} for other protocols
 * @param bytesDownloaded {@code CURLINFO_SIZE_DOWNLOAD_T}: body bytes received (before decoding)
 * @param bytesUploaded {@code CURLINFO_SIZE_UPLOAD_T}: body bytes sent (libcurl 7.x counts a chunked body's framing too)
 * @param totalTime {@code CURLINFO_TOTAL_TIME_T}
 * @param connectTime {@code CURLINFO_CONNECT_TIME_T}
 * @param startTransferTime {@code CURLINFO_STARTTRANSFER_TIME_T}: until the first byte
 */
public record TransferInfo(int responseCode, String effectiveUrl, String scheme, HttpVersion httpVersion,
                           long bytesDownloaded, long bytesUploaded, Duration totalTime, Duration connectTime,
                           Duration startTransferTime) {

    /**
     * Reads the summary; call it from {@code completed}.
     *
     * @param info the finished transfer's getinfo handle
     * @return the summary
     */
    public static TransferInfo of(GetInfoHandle info) {
        Integer code = info.getinfo(CurlInfo.RESPONSE_CODE);
        HttpVersion version = info.getinfo(CurlInfo.HTTP_VERSION);
        return new TransferInfo(code == null ? 0 : code, info.getinfo(CurlInfo.EFFECTIVE_URL), info.getinfo(CurlInfo.SCHEME),
                version == null ? HttpVersion.NONE : version, orZero(info.getinfo(CurlInfo.SIZE_DOWNLOAD_T)),
                orZero(info.getinfo(CurlInfo.SIZE_UPLOAD_T)), info.getinfo(CurlInfo.TOTAL_TIME_T),
                info.getinfo(CurlInfo.CONNECT_TIME_T), info.getinfo(CurlInfo.STARTTRANSFER_TIME_T));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
