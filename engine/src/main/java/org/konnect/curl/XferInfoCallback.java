package org.konnect.curl;

/**
 * {@code CURLOPT_XFERINFOFUNCTION}: progress, called often while the transfer runs (setting it
 * also sets {@code CURLOPT_NOPROGRESS} to 0, which libcurl needs to call it). Return 0 to go
 * on; anything else aborts the transfer with {@code CURLE_ABORTED_BY_CALLBACK}.
 */
@FunctionalInterface
public interface XferInfoCallback {
    /**
     * Reports the transfer's progress, on the multi's owner thread.
     *
     * @param dlTotal the bytes libcurl expects to download (0 if unknown)
     * @param dlNow the bytes downloaded so far
     * @param ulTotal the bytes libcurl expects to upload (0 if unknown)
     * @param ulNow the bytes uploaded so far
     * @return 0 to go on; anything else aborts the transfer
     */
    int progress(long dlTotal, long dlNow, long ulTotal, long ulNow);
}
