package org.konnect.curl.cluster;

import java.time.Duration;
import org.konnect.curl.HttpVersion;

/**
 * What {@code getinfo} said about a finished transfer, the part a requester on another node
 * usually wants.
 *
 * @param responseCode {@code CURLINFO_RESPONSE_CODE}
 * @param effectiveUrl {@code CURLINFO_EFFECTIVE_URL}: the last URL used, after redirects
 * @param httpVersion {@code CURLINFO_HTTP_VERSION}
 * @param downloadBytes {@code CURLINFO_SIZE_DOWNLOAD_T}
 * @param uploadBytes {@code CURLINFO_SIZE_UPLOAD_T}
 * @param connectTime {@code CURLINFO_CONNECT_TIME_T}
 * @param startTransferTime {@code CURLINFO_STARTTRANSFER_TIME_T}: until the first byte
 * @param totalTime {@code CURLINFO_TOTAL_TIME_T}
 * @param newConnections {@code CURLINFO_NUM_CONNECTS}: 0 when the transfer reused a connection
 */
public record TransferSummary(int responseCode, String effectiveUrl, HttpVersion httpVersion, long downloadBytes,
                              long uploadBytes, Duration connectTime, Duration startTransferTime, Duration totalTime,
                              int newConnections) {}
