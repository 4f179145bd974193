/*
 * The multi handle and its event loop: curl_multi_socket_action driven by epoll.
 *
 * CURLMOPT_SOCKETFUNCTION maps onto epoll_ctl (through sockets.c, which keeps a connection's
 * registration across its transfers), CURLMOPT_TIMERFUNCTION onto the epoll_wait deadline, and
 * an eventfd lets any thread wake the loop. One km_multi_perform call is one loop iteration;
 * finished transfers are written into the caller's buffer as a batch.
 * Failures come back in boundary.h's convention: KM_ERRNO for syscalls, KM_CURLM for libcurl.
 */
#define _GNU_SOURCE
#include "konnect.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>

#define KM_EVENTS 256
/* How long the loop must be quiet, after libcurl worked, before it sweeps every transfer. */
#define KM_QUIET_MS 20

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int socket_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp) {
    (void) easy; (void) socketp;
    km_multi *m = userp;
    if (km_ws_owns(m, s)) return 0;   /* an open WebSocket's socket is polled by ws.c's registration */
    return km_sockets_want(m, s, what);
}

static int timer_cb(CURLM *multi, long timeout_ms, void *userp) {
    (void) multi;
    km_multi *m = userp;
    m->deadline_ms = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    return 0;
}

static void free_multi(JNIEnv *env, km_multi *m) {
    km_window_close(env, &m->window);
    km_window_close(env, &m->fill_window);
    if (m->router) { (*env)->DeleteGlobalRef(env, m->router); km_live_dec(); }
    if (m->evfd >= 0) close(m->evfd);
    if (m->epfd >= 0) close(m->epfd);
    free(m->events);
    km_ws_free(m);
    km_sockets_free(m);
    free(m);
    km_live_dec();
}

/* Returns the multi pointer, or KM_ERRNO / KM_CURLM. */
jlong km_multi_open(JNIEnv *env, jclass cls, jobject router, jobject done_buffer, jint done_capacity) {
    (void) cls;
    km_multi *m = calloc(1, sizeof *m);
    if (!m) return KM_ERRNO(ENOMEM);
    km_live_inc();
    m->epfd = m->evfd = -1;
    m->deadline_ms = -1;
    m->events_capacity = KM_EVENTS;
    m->events = calloc(KM_EVENTS, sizeof *m->events);
    if (!m->events) { free_multi(env, m); return KM_ERRNO(ENOMEM); }
    m->done = (*env)->GetDirectBufferAddress(env, done_buffer);
    if (!m->done || (*env)->GetDirectBufferCapacity(env, done_buffer) < (jlong) done_capacity * 8 + 4) {
        free_multi(env, m);
        return KM_ERRNO(EINVAL);
    }
    m->done_capacity = done_capacity;
    m->wake_pending = m->done + 2 * done_capacity;
    m->router = (*env)->NewGlobalRef(env, router);
    if (!m->router) { free_multi(env, m); return KM_ERRNO(ENOMEM); }
    km_live_inc();
    if (km_window_open(env, &m->window, 1) != 0 || km_window_open(env, &m->fill_window, 0) != 0) {
        (*env)->ExceptionClear(env);
        free_multi(env, m);
        return KM_ERRNO(ENOMEM);
    }
    m->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (m->epfd < 0) { int err = errno; free_multi(env, m); return KM_ERRNO(err); }
    m->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m->evfd < 0) { int err = errno; free_multi(env, m); return KM_ERRNO(err); }
    struct epoll_event ev = { .events = EPOLLIN, .data.fd = m->evfd };
    if (epoll_ctl(m->epfd, EPOLL_CTL_ADD, m->evfd, &ev) < 0) { int err = errno; free_multi(env, m); return KM_ERRNO(err); }
    m->multi = curl_multi_init();
    if (!m->multi) { free_multi(env, m); return KM_CURLM(CURLM_OUT_OF_MEMORY); }
    CURLMcode mc = curl_multi_setopt(m->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
    if (!mc) mc = curl_multi_setopt(m->multi, CURLMOPT_SOCKETDATA, m);
    if (!mc) mc = curl_multi_setopt(m->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
    if (!mc) mc = curl_multi_setopt(m->multi, CURLMOPT_TIMERDATA, m);
    if (mc) {
        curl_multi_cleanup(m->multi);
        free_multi(env, m);
        return KM_CURLM(mc);
    }
    return (jlong) (intptr_t) m;
}

jint km_multi_eventfd(JNIEnv *env, jclass cls, jlong mp) {
    (void) env; (void) cls;
    return KM_MULTI(mp)->evfd;
}

/* Thread-safe: the Java side guarantees the fd is open (it closes it under the same lock). */
jint km_eventfd_write(JNIEnv *env, jclass cls, jint fd) {
    (void) env; (void) cls;
    uint64_t one = 1;
    if (write(fd, &one, sizeof one) < 0 && errno != EAGAIN) return KM_ERRNO(errno);
    return 0;
}

jint km_multi_setopt_long(JNIEnv *env, jclass cls, jlong mp, jint option, jlong value) {
    (void) env; (void) cls;
    return KM_CURLM_RESULT(curl_multi_setopt(KM_MULTI(mp)->multi, (CURLMoption) option, (long) value));
}

jint km_multi_add(JNIEnv *env, jclass cls, jlong mp, jlong ep) {
    (void) cls;
    km_multi *m = KM_MULTI(mp);
    m->env = env;
    return KM_CURLM_RESULT(curl_multi_add_handle(m->multi, KM_EASY(ep)->easy));
}

jint km_multi_remove(JNIEnv *env, jclass cls, jlong mp, jlong ep) {
    (void) cls;
    km_multi *m = KM_MULTI(mp);
    m->env = env;
    km_ws_forget(KM_EASY(ep));   /* libcurl closes a WebSocket's connection with the removal */
    return KM_CURLM_RESULT(curl_multi_remove_handle(m->multi, KM_EASY(ep)->easy));
}

/*
 * Moves finished transfers out of the multi handle into the done buffer, after the WebSocket
 * events already there. A WebSocket whose handshake succeeded stays in the multi (KM_DONE_WS_OPEN).
 */
static int collect_done(km_multi *m) {
    int count = m->done_count;
    while (count < m->done_capacity) {
        int queued;
        CURLMsg *msg = curl_multi_info_read(m->multi, &queued);
        if (!msg) break;
        if (msg->msg != CURLMSG_DONE) continue;
        km_easy *e = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **) &e);
        CURLcode result = msg->data.result;
        int ws_open = e->ws && result == CURLE_OK;
        if (!ws_open) curl_multi_remove_handle(m->multi, msg->easy_handle);   /* msg is invalid from here */
        m->done[2 * count] = e->slot;
        /* The flag saves the Java side a native call per transfer when no callback threw. */
        m->done[2 * count + 1] = (int32_t) result | (e->pending_exception ? KM_DONE_CALLBACK_THREW : 0)
                               | (ws_open ? KM_DONE_WS_OPEN : 0);
        count++;
    }
    m->done_count = 0;
    return count;
}

/*
 * An open WebSocket's socket is ready: reported in the done batch, not handed to libcurl, which no
 * longer polls it. With the batch full it is skipped: the registration is level-triggered, so the
 * next iteration (which Java runs at once after a full batch) reports it again.
 */
static void report_ws_event(km_multi *m, uint64_t tag, uint32_t ev) {
    if (m->done_count >= m->done_capacity) return;
    uint32_t broken = ev & (EPOLLERR | EPOLLHUP);
    int ready = ((ev & EPOLLIN) || broken ? KM_WS_READABLE : 0) | ((ev & EPOLLOUT) || broken ? KM_WS_WRITABLE : 0);
    m->done[2 * m->done_count] = (int32_t) ((tag >> 32) & 0x7fffffff);
    m->done[2 * m->done_count + 1] = KM_DONE_WS_EVENT | ready;
    m->done_count++;
}

/*
 * libcurl 7.x can leave an HTTP/2 stream with data it has already read but not delivered
 * (a consumer slower than the connection), and then set no timer and see no socket event
 * for it: the transfer sits until an unrelated timer fires (reproduced with 7.88.1; in
 * curl_multi_poll loops the application's poll timeout hides it). So when libcurl has
 * worked and the loop then stays quiet for KM_QUIET_MS, every transfer is run once with
 * curl_multi_socket_all (libcurl's own "check everything" entry of the socket API). While
 * such sweeps deliver data they repeat; once one delivers nothing the loop blocks again.
 * Busy loops never get here (events keep arriving), idle ones pay for one sweep.
 * Returns 1 when the sweep did work.
 */
static int sweep(km_multi *m, CURLMcode *mc) {
    int running;
    unsigned long before = m->data_upcalls;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    *mc = curl_multi_socket_all(m->multi, &running);
#pragma GCC diagnostic pop
    return m->data_upcalls != before;
}

static int wait_millis(km_multi *m, int timeout_ms) {
    int wait = timeout_ms < 0 ? 0 : timeout_ms;
    if (m->deadline_ms >= 0) {
        int64_t left = m->deadline_ms - now_ms();
        if (left < wait) wait = left < 0 ? 0 : (int) left;
    }
    return wait;
}

/*
 * One loop iteration: wait at most timeout_ms (less when libcurl's timer is due sooner),
 * act on ready sockets and on the timer, then report finished transfers.
 * Returns how many (slot, code) pairs were written, or KM_ERRNO / KM_CURLM.
 */
jint km_multi_perform(JNIEnv *env, jclass cls, jlong mp, jint timeout_ms) {
    (void) cls;
    km_multi *m = KM_MULTI(mp);
    m->env = env;
    m->done_count = 0;
    int running;
    int64_t started = now_ms();
    int wait = wait_millis(m, timeout_ms);
    int n;
    if (m->active_since_sweep && wait > KM_QUIET_MS) {
        n = epoll_wait(m->epfd, m->events, m->events_capacity, KM_QUIET_MS);
        if (n == 0) {
            CURLMcode mc;
            m->active_since_sweep = sweep(m, &mc);
            if (mc != CURLM_OK) return KM_CURLM(mc);
            int done = collect_done(m);
            if (done > 0 || m->active_since_sweep) return done;   /* back to the caller, then round again */
            int left = timeout_ms - (int) (now_ms() - started);
            n = epoll_wait(m->epfd, m->events, m->events_capacity, wait_millis(m, left));
        }
    } else {
        n = epoll_wait(m->epfd, m->events, m->events_capacity, wait);
    }
    if (n < 0) {
        if (errno != EINTR) return KM_ERRNO(errno);
        n = 0;
    }
    for (int i = 0; i < n; i++) {
        uint64_t tag = m->events[i].data.u64;
        int fd = m->events[i].data.fd;
        uint32_t ev = m->events[i].events;
        if (tag & KM_WS_TAG) {
            report_ws_event(m, tag, ev);
            continue;
        }
        if (fd == m->evfd) {
            /*
             * Drained before the pending flag is cleared. Cleared first, a wake-up landing between
             * the two would set the flag and write the eventfd, and this read would swallow the
             * write: the flag stays set with the eventfd empty, and every later wake-up skips its
             * write. Drained first, a wake-up landing between the two finds the flag still set and
             * writes nothing, which is right: this iteration is returning to the caller anyway.
             */
            uint64_t value;
            if (read(m->evfd, &value, sizeof value) < 0 && errno != EAGAIN) return KM_ERRNO(errno);
            __atomic_store_n(m->wake_pending, 0, __ATOMIC_SEQ_CST);
            continue;
        }
        if (!km_sockets_event(m, fd)) continue;
        /*
         * An error or hang-up is reported as readiness in both directions, as libcurl's own poll
         * loop does, not as CURL_CSELECT_ERR: libcurl then reads or writes, meets the socket's
         * errno and names it (CURLE_RECV_ERROR "Connection reset by peer"), where CSELECT_ERR
         * makes 7.88 fail with CURLE_SEND_ERROR "select/poll returned error" even for a transfer
         * that was only reading. libcurl acts only on the directions it is waiting for.
         */
        uint32_t broken = ev & (EPOLLERR | EPOLLHUP);
        int flags = ((ev & EPOLLIN) || broken ? CURL_CSELECT_IN : 0) | ((ev & EPOLLOUT) || broken ? CURL_CSELECT_OUT : 0);
        CURLMcode mc = curl_multi_socket_action(m->multi, fd, flags, &running);
        if (mc != CURLM_OK) return KM_CURLM(mc);
        m->active_since_sweep = 1;
    }
    if (m->deadline_ms >= 0 && now_ms() >= m->deadline_ms) {
        m->deadline_ms = -1;   /* one-shot: libcurl sets the next one from inside the call */
        CURLMcode mc = curl_multi_socket_action(m->multi, CURL_SOCKET_TIMEOUT, 0, &running);
        if (mc != CURLM_OK) return KM_CURLM(mc);
        m->active_since_sweep = 1;
    }
    if (m->socket_errno) {
        int err = m->socket_errno;
        m->socket_errno = 0;
        return KM_ERRNO(err);
    }
    return collect_done(m);
}

/* The Java side has removed and cleaned every easy handle before calling this. */
void km_multi_close(JNIEnv *env, jclass cls, jlong mp) {
    (void) cls;
    km_multi *m = KM_MULTI(mp);
    m->env = env;
    m->closing = 1;
    curl_multi_cleanup(m->multi);
    free_multi(env, m);
}
