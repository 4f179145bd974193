/*
 * The one convention across the JNI boundary, shared by the C layer and (through the generated
 * org.konnect.curl.jni.LibcurlConstants) by the Java side, which decodes it in one place
 * (org.konnect.curl.NativeErrors).
 *
 * Every native that can fail returns an int or a long: a value >= 0 is its result (0, a count,
 * a pointer), a value < 0 is an error, -(domain | code):
 *   KM_ERR_DOMAIN_ERRNO  code is an errno (epoll, eventfd, allocation)
 *   KM_ERR_DOMAIN_CURLE  code is a CURLcode (easy handles, setopt, getinfo, pause)
 *   KM_ERR_DOMAIN_CURLM  code is a CURLMcode (the multi handle and its loop)
 * Natives that return objects fail only by leaving a Java exception pending (out of memory).
 * The done batch is data, not a result: (slot, CURLcode | KM_DONE_CALLBACK_THREW) pairs.
 *
 * No JNI or libcurl types here, so that native/gen-constants.sh can read it as it is.
 */
#ifndef KONNECT_BOUNDARY_H
#define KONNECT_BOUNDARY_H

#define KM_ERR_DOMAIN_ERRNO 0x010000
#define KM_ERR_DOMAIN_CURLE 0x020000
#define KM_ERR_DOMAIN_CURLM 0x030000
#define KM_ERR_DOMAIN_MASK  0xff0000
#define KM_ERR_CODE_MASK    0x00ffff

#define KM_ERRNO(e) (-(KM_ERR_DOMAIN_ERRNO | ((int) (e) & KM_ERR_CODE_MASK)))
#define KM_CURLE(c) (-(KM_ERR_DOMAIN_CURLE | ((int) (c) & KM_ERR_CODE_MASK)))
#define KM_CURLM(c) (-(KM_ERR_DOMAIN_CURLM | ((int) (c) & KM_ERR_CODE_MASK)))
/*
 * 0 for CURLE_OK / CURLM_OK, the encoded error otherwise. Functions, not macros: the argument is
 * usually the libcurl call itself, which a macro would make twice when it fails (a refused
 * curl_easy_pause ran again and reported CURLE_OK as its error).
 */
static inline int km_curle_result(int c) { return c == 0 ? 0 : KM_CURLE(c); }
static inline int km_curlm_result(int c) { return c == 0 ? 0 : KM_CURLM(c); }
#define KM_CURLE_RESULT(c) km_curle_result((int) (c))
#define KM_CURLM_RESULT(c) km_curlm_result((int) (c))

/* In a done entry's code: a callback of that transfer left an exception on its handle. */
#define KM_DONE_CALLBACK_THREW 0x40000000
#define KM_DONE_CODE_MASK      0x0000ffff

#endif
