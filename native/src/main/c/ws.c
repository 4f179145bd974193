/*
 * WebSocket transfers (libcurl 8.14 and later, with "ws" among its protocols), in libcurl's
 * CONNECT_ONLY=2 mode: the multi runs the handshake like any transfer; once it is done, the handle
 * stays in the multi (libcurl's curl_ws_recv/send need it there) and the socket is this layer's.
 * It is registered in the multi's epoll only for what the Java side wants (reading when the
 * receiver has asked for a message, writing while a send is blocked), tagged so that the loop
 * reports its readiness in the done batch instead of handing it to libcurl (multi.c).
 *
 * The functions are looked up at load time, never linked by name: Konnect also runs on libcurl
 * versions that do not have them. Frame kinds cross the boundary as boundary.h's KM_WS_FRAME_*.
 * Payloads pass through two direct buffers the Java side allocates once per multi.
 */
#define _GNU_SOURCE
#include "konnect.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * Which fds are open WebSockets' sockets. libcurl may still tell its socket callback about such a
 * socket after the handshake (a late REMOVE of the finished transfer's socket, say), which would
 * drop or overwrite this layer's registration and stall the session: multi.c's callback ignores
 * owned fds. Cleared before libcurl closes the socket, so a new socket on the same fd is libcurl's.
 */
int km_ws_owns(km_multi *m, int fd) {
    return fd >= 0 && fd < m->ws_owned_cap && m->ws_owned[fd];
}

static int own(km_multi *m, int fd) {
    if (fd >= m->ws_owned_cap) {
        int cap = m->ws_owned_cap ? m->ws_owned_cap : 256;
        while (cap <= fd) cap *= 2;
        unsigned char *grown = realloc(m->ws_owned, (size_t) cap);
        if (!grown) return -1;
        memset(grown + m->ws_owned_cap, 0, (size_t) (cap - m->ws_owned_cap));
        if (!m->ws_owned) km_live_inc();
        m->ws_owned = grown;
        m->ws_owned_cap = cap;
    }
    m->ws_owned[fd] = 1;
    km_sockets_forget(m, fd);   /* from here ws.c registers the socket, and libcurl's callback leaves it alone */
    return 0;
}

void km_ws_free(km_multi *m) {
    if (m->ws_owned) km_live_dec();
    free(m->ws_owned);
    m->ws_owned = NULL;
    m->ws_owned_cap = 0;
}

#if LIBCURL_VERSION_NUM >= 0x075600   /* curl/websockets.h: struct curl_ws_frame, CURLWS_* */

#ifndef CURLWS_NOAUTOPONG
#define CURLWS_NOAUTOPONG (1 << 1)    /* libcurl 8.14; older headers lack the name, not the ABI */
#endif

typedef CURLcode (*km_ws_recv_fn)(CURL *, void *, size_t, size_t *, const struct curl_ws_frame **);
typedef CURLcode (*km_ws_send_fn)(CURL *, const void *, size_t, size_t *, curl_off_t, unsigned int);

static km_ws_recv_fn ws_recv;
static km_ws_send_fn ws_send;

void km_ws_init(void) {
    /* RTLD_NEXT: this library's own dependencies, libcurl among them (as headers.c explains). */
    ws_recv = (km_ws_recv_fn) dlsym(RTLD_NEXT, "curl_ws_recv");
    ws_send = (km_ws_send_fn) dlsym(RTLD_NEXT, "curl_ws_send");
    if (!ws_recv || !ws_send) ws_recv = NULL, ws_send = NULL;
}

jboolean km_ws_api(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return ws_recv ? JNI_TRUE : JNI_FALSE;
}

static int to_km_flags(int curlws) {
    return ((curlws & CURLWS_TEXT) ? KM_WS_FRAME_TEXT : 0) | ((curlws & CURLWS_BINARY) ? KM_WS_FRAME_BINARY : 0)
         | ((curlws & CURLWS_CLOSE) ? KM_WS_FRAME_CLOSE : 0) | ((curlws & CURLWS_PING) ? KM_WS_FRAME_PING : 0)
         | ((curlws & CURLWS_PONG) ? KM_WS_FRAME_PONG : 0) | ((curlws & CURLWS_CONT) ? KM_WS_FRAME_MORE : 0);
}

static unsigned int to_curlws_flags(int km) {
    return ((km & KM_WS_FRAME_TEXT) ? CURLWS_TEXT : 0) | ((km & KM_WS_FRAME_BINARY) ? CURLWS_BINARY : 0)
         | ((km & KM_WS_FRAME_CLOSE) ? CURLWS_CLOSE : 0) | ((km & KM_WS_FRAME_PING) ? CURLWS_PING : 0)
         | ((km & KM_WS_FRAME_PONG) ? CURLWS_PONG : 0) | ((km & KM_WS_FRAME_MORE) ? CURLWS_CONT : 0)
         | ((km & KM_WS_FRAME_PIECE) ? CURLWS_OFFSET : 0);
}

/*
 * Makes the handle a WebSocket transfer: CONNECT_ONLY 2 (libcurl reads the 101 response, then
 * hands the connection over) and CURLWS_NOAUTOPONG. libcurl's automatic pong is sent from inside
 * curl_ws_recv, and while a frame of ours is only partly sent it cannot start one: 8.14.1's
 * curl_ws_recv then fails with CURLE_BAD_FUNCTION_ARGUMENT and the ping goes unanswered. The Java
 * side answers pings itself, between its own frames.
 */
jint km_ws_prepare(JNIEnv *env, jclass cls, jlong ep) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    if (!ws_recv) return KM_CURLE(CURLE_NOT_BUILT_IN);
    CURLcode rc = curl_easy_setopt(e->easy, CURLOPT_CONNECT_ONLY, 2L);
    if (!rc) rc = curl_easy_setopt(e->easy, CURLOPT_WS_OPTIONS, (long) CURLWS_NOAUTOPONG);
    if (!rc) e->ws = 1;
    return KM_CURLE_RESULT(rc);
}

/* The multi's payload buffers: Java's direct buffers, alive as long as the multi. */
jint km_ws_buffers(JNIEnv *env, jclass cls, jlong mp, jobject recv_buffer, jobject send_buffer) {
    (void) cls;
    km_multi *m = KM_MULTI(mp);
    m->ws_recv_buf = (*env)->GetDirectBufferAddress(env, recv_buffer);
    m->ws_send_buf = (*env)->GetDirectBufferAddress(env, send_buffer);
    jlong rcap = (*env)->GetDirectBufferCapacity(env, recv_buffer), scap = (*env)->GetDirectBufferCapacity(env, send_buffer);
    if (!m->ws_recv_buf || !m->ws_send_buf || rcap <= 0 || scap <= 0) {
        m->ws_recv_buf = m->ws_send_buf = NULL;
        return KM_ERRNO(EINVAL);
    }
    m->ws_recv_cap = (size_t) rcap;
    m->ws_send_cap = (size_t) scap;
    return 0;
}

/* After the handshake (KM_DONE_WS_OPEN): the connection's socket, from now on this layer's to poll. */
jint km_ws_open(JNIEnv *env, jclass cls, jlong ep) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    curl_socket_t s = CURL_SOCKET_BAD;
    CURLcode rc = curl_easy_getinfo(e->easy, CURLINFO_ACTIVESOCKET, &s);
    if (rc) return KM_CURLE(rc);
    if (s == CURL_SOCKET_BAD) return KM_CURLE(CURLE_UNSUPPORTED_PROTOCOL);
    if (own(e->multi, (int) s) != 0) return KM_ERRNO(ENOMEM);
    e->ws_fd = (int) s;
    return 0;
}

/*
 * Wants KM_WS_READABLE and/or KM_WS_WRITABLE from the socket, or nothing (0: deregistered, since
 * epoll reports a hang-up even to a registration without events, level-triggered, over and over).
 */
jint km_ws_watch(JNIEnv *env, jclass cls, jlong ep, jint wanted) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    if (e->ws_fd < 0) return KM_ERRNO(EBADF);
    uint32_t events = ((wanted & KM_WS_READABLE) ? EPOLLIN : 0) | ((wanted & KM_WS_WRITABLE) ? EPOLLOUT : 0);
    if (events == e->ws_events) return 0;
    int epfd = e->multi->epfd;
    if (!events) {
        e->ws_events = 0;
        if (epoll_ctl(epfd, EPOLL_CTL_DEL, e->ws_fd, NULL) < 0 && errno != ENOENT && errno != EBADF) return KM_ERRNO(errno);
        return 0;
    }
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = events;
    ev.data.u64 = KM_WS_TAG | ((uint64_t) (uint32_t) e->slot << 32) | (uint32_t) e->ws_fd;
    int op = e->ws_events ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (epoll_ctl(epfd, op, e->ws_fd, &ev) < 0) {
        /* Still registered by libcurl's socket callback (or already gone): take it over. */
        int retry = errno == EEXIST ? EPOLL_CTL_MOD : errno == ENOENT ? EPOLL_CTL_ADD : -1;
        if (retry < 0 || epoll_ctl(epfd, retry, e->ws_fd, &ev) < 0) return KM_ERRNO(errno);
    }
    e->ws_events = events;
    return 0;
}

/* Drops the socket's registration before libcurl closes it (removal, reset, cleanup). */
void km_ws_forget(km_easy *e) {
    if (e->ws_events) epoll_ctl(e->multi->epfd, EPOLL_CTL_DEL, e->ws_fd, NULL);
    if (km_ws_owns(e->multi, e->ws_fd)) {
        e->multi->ws_owned[e->ws_fd] = 0;
        km_sockets_forget(e->multi, e->ws_fd);
    }
    e->ws_events = 0;
    e->ws_fd = -1;
}

/*
 * curl_ws_recv into the multi's receive buffer: the count received, with out[0] = the frame's
 * KM_WS_FRAME_* kind, out[1] = this piece's offset in the frame, out[2] = the frame's bytes still
 * to come. KM_CURLE(CURLE_AGAIN) when nothing is there to read, KM_CURLE for the connection's end
 * (CURLE_GOT_NOTHING: closed; CURLE_RECV_ERROR: reset) or a bad frame.
 */
jint km_ws_recv(JNIEnv *env, jclass cls, jlong ep, jlongArray out) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    km_multi *m = e->multi;
    if (!m->ws_recv_buf) return KM_ERRNO(EINVAL);
    size_t n = 0;
    const struct curl_ws_frame *meta = NULL;
    CURLcode rc = ws_recv(e->easy, m->ws_recv_buf, m->ws_recv_cap, &n, &meta);
    if (rc) return KM_CURLE(rc);
    if (!meta || n > INT32_MAX) return KM_CURLE(CURLE_RECV_ERROR);
    jlong values[3] = { to_km_flags(meta->flags), (jlong) meta->offset, (jlong) meta->bytesleft };
    (*env)->SetLongArrayRegion(env, out, 0, 3, values);
    return (jint) n;
}

/*
 * curl_ws_send of the first `len` bytes of the multi's send buffer: out[0] = the payload bytes
 * libcurl took, also when it answers CURLE_AGAIN (then the rest goes again once the socket is
 * writable, from where it stopped). fragsize: the whole frame's size with KM_WS_FRAME_PIECE on a
 * frame's first piece, else 0.
 */
jint km_ws_send(JNIEnv *env, jclass cls, jlong ep, jint len, jlong fragsize, jint flags, jlongArray out) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    km_multi *m = e->multi;
    if (!m->ws_send_buf || len < 0 || (size_t) len > m->ws_send_cap) return KM_ERRNO(EINVAL);
    size_t sent = 0;
    CURLcode rc = ws_send(e->easy, m->ws_send_buf, (size_t) len, &sent, (curl_off_t) fragsize, to_curlws_flags(flags));
    jlong value = (jlong) sent;
    (*env)->SetLongArrayRegion(env, out, 0, 1, &value);
    return KM_CURLE_RESULT(rc);
}

#else   /* headers older than 7.86: no WebSocket API to call */

void km_ws_init(void) {}
jboolean km_ws_api(JNIEnv *env, jclass cls) { (void) env; (void) cls; return JNI_FALSE; }
jint km_ws_prepare(JNIEnv *env, jclass cls, jlong ep) { (void) env; (void) cls; (void) ep; return KM_CURLE(CURLE_NOT_BUILT_IN); }
jint km_ws_buffers(JNIEnv *env, jclass cls, jlong mp, jobject r, jobject s) {
    (void) env; (void) cls; (void) mp; (void) r; (void) s; return KM_CURLE(CURLE_NOT_BUILT_IN);
}
jint km_ws_open(JNIEnv *env, jclass cls, jlong ep) { (void) env; (void) cls; (void) ep; return KM_CURLE(CURLE_NOT_BUILT_IN); }
jint km_ws_watch(JNIEnv *env, jclass cls, jlong ep, jint w) {
    (void) env; (void) cls; (void) ep; (void) w; return KM_CURLE(CURLE_NOT_BUILT_IN);
}
void km_ws_forget(km_easy *e) { (void) e; }
int km_ws_owns(km_multi *m, int fd) { (void) m; (void) fd; return 0; }
void km_ws_free(km_multi *m) { (void) m; }
jint km_ws_recv(JNIEnv *env, jclass cls, jlong ep, jlongArray out) {
    (void) env; (void) cls; (void) ep; (void) out; return KM_CURLE(CURLE_NOT_BUILT_IN);
}
jint km_ws_send(JNIEnv *env, jclass cls, jlong ep, jint len, jlong fragsize, jint flags, jlongArray out) {
    (void) env; (void) cls; (void) ep; (void) len; (void) fragsize; (void) flags; (void) out; return KM_CURLE(CURLE_NOT_BUILT_IN);
}

#endif
