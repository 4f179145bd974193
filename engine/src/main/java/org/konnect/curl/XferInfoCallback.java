package org.konnect.curl;

/**
 * {@code CURLOPT_XFERINFOFUNCTION}: progress, called often while the transfer runs (setting it
 * also sets {@code CURLOPT_NOPROGRESS} to 0, which libcurl needs to call it). Return 0 to go
 * on; anything else aborts the transfer with {@code CURLE_ABORTED_BY_CALLBACK}.
 */
@FunctionalInterface
public interface XferInfoCallback {
    int progress(long dlTotal, long dlNow, long ulTotal, long ulNow);
}
