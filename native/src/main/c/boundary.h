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
 *   KM_ERR_DOMAIN_CURLSH code is a CURLSHcode (share handles, share.c)
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
#define KM_ERR_DOMAIN_CURLSH 0x040000
#define KM_ERR_DOMAIN_MASK  0xff0000
#define KM_ERR_CODE_MASK    0x00ffff

#define KM_ERRNO(e) (-(KM_ERR_DOMAIN_ERRNO | ((int) (e) & KM_ERR_CODE_MASK)))
#define KM_CURLE(c) (-(KM_ERR_DOMAIN_CURLE | ((int) (c) & KM_ERR_CODE_MASK)))
#define KM_CURLM(c) (-(KM_ERR_DOMAIN_CURLM | ((int) (c) & KM_ERR_CODE_MASK)))
#define KM_CURLSH(c) (-(KM_ERR_DOMAIN_CURLSH | ((int) (c) & KM_ERR_CODE_MASK)))
/*
 * 0 for CURLE_OK / CURLM_OK / CURLSHE_OK, the encoded error otherwise. Functions, not macros: the
 * argument is usually the libcurl call itself, which a macro would make twice when it fails (a
 * refused curl_easy_pause ran again and reported CURLE_OK as its error).
 */
static inline int km_curle_result(int c) { return c == 0 ? 0 : KM_CURLE(c); }
static inline int km_curlm_result(int c) { return c == 0 ? 0 : KM_CURLM(c); }
static inline int km_curlsh_result(int c) { return c == 0 ? 0 : KM_CURLSH(c); }
#define KM_CURLE_RESULT(c) km_curle_result((int) (c))
#define KM_CURLM_RESULT(c) km_curlm_result((int) (c))
#define KM_CURLSH_RESULT(c) km_curlsh_result((int) (c))

/* In a done entry's code: a callback of that transfer left an exception on its handle. */
#define KM_DONE_CALLBACK_THREW 0x40000000
#define KM_DONE_CODE_MASK      0x0000ffff
/*
 * WebSocket entries (ws.c). KM_DONE_WS_OPEN: the handshake of a WebSocket transfer finished with
 * CURLE_OK and its handle stays in the multi (libcurl needs it there for curl_ws_recv/send).
 * KM_DONE_WS_EVENT: not an end but socket readiness of an open WebSocket, KM_WS_READABLE and/or
 * KM_WS_WRITABLE in the low bits (an error or hang-up is both).
 */
#define KM_DONE_WS_OPEN        0x10000000
#define KM_DONE_WS_EVENT       0x20000000
#define KM_WS_READABLE         0x1
#define KM_WS_WRITABLE         0x2

/*
 * A WebSocket frame's kind across the boundary: the native layer maps libcurl's CURLWS_* bits to
 * these and back, so that the Java side does not depend on headers that have them.
 */
#define KM_WS_FRAME_TEXT       0x1
#define KM_WS_FRAME_BINARY     0x2
#define KM_WS_FRAME_CLOSE      0x4
#define KM_WS_FRAME_PING       0x8
#define KM_WS_FRAME_PONG       0x10
#define KM_WS_FRAME_MORE       0x20   /* CURLWS_CONT: more fragments of this message follow */
/* In a send: the payload is one piece of a frame of the total size given (CURLWS_OFFSET). */
#define KM_WS_FRAME_PIECE      0x40

#endif
