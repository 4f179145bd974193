/*
 * The epoll registrations of libcurl's sockets, kept across transfers on a kept-alive connection.
 *
 * libcurl's socket callback says CURL_POLL_REMOVE when a transfer ends and the next transfer on the
 * same connection asks for the socket again at once. Done literally, that is an EPOLL_CTL_DEL and an
 * EPOLL_CTL_ADD per request (the kernel frees and allocates the registration and its wait-queue
 * entry each time): on small GETs over keep-alive that cost the socket_action design about a sixth of
 * its throughput against a curl_multi_poll loop, which registers nothing (bench/README.md).
 *
 * So a connection's socket stays registered after REMOVE, and a later request for the same events
 * makes no system call. A kept registration libcurl does not want any more is dropped the first time
 * it reports readiness (the server closed the idle connection), or before the socket is closed.
 *
 * Skipping a call is safe only while the fd still names the socket that was registered. That is
 * known for connection sockets: libcurl creates each through CURLOPT_SOCKOPTFUNCTION (tracked from
 * there) and closes each through CURLOPT_CLOSESOCKETFUNCTION (untracked there, after the DEL). Other
 * sockets libcurl polls (the threaded resolver's socketpair, an accepted FTP data connection, the
 * FTP active-mode listening socket, c-ares's sockets where libcurl uses c-ares) are created or
 * closed without these callbacks, so theirs are registered and removed as libcurl says, every time.
 */
#include "konnect.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A mask in km_socket's kernel/want: this bit, with EPOLLIN and EPOLLOUT (both fit below it). */
#define KM_SOCK_SET 0x80

static km_socket *entry(km_multi *m, int fd) {
    return fd >= 0 && fd < m->sockets_cap ? &m->sockets[fd] : NULL;
}

static km_socket *grown_entry(km_multi *m, int fd) {
    if (fd < 0) return NULL;
    if (fd >= m->sockets_cap) {
        int cap = m->sockets_cap ? m->sockets_cap : 256;
        while (cap <= fd) cap *= 2;
        km_socket *grown = realloc(m->sockets, (size_t) cap * sizeof *grown);
        if (!grown) return NULL;
        memset(grown + m->sockets_cap, 0, (size_t) (cap - m->sockets_cap) * sizeof *grown);
        m->sockets = grown;
        m->sockets_cap = cap;
    }
    return &m->sockets[fd];
}

static void drop(km_multi *m, int fd, km_socket *s) {
    if (epoll_ctl(m->epfd, EPOLL_CTL_DEL, fd, NULL) < 0 && errno != ENOENT && errno != EBADF) {
        if (!m->socket_errno) m->socket_errno = errno;
    }
    s->kernel = 0;
}

int km_sockets_want(km_multi *m, int fd, int what) {
    if (what == CURL_POLL_REMOVE) {
        km_socket *s = entry(m, fd);
        if (!s) {   /* never registered through this table: nothing to keep */
            if (epoll_ctl(m->epfd, EPOLL_CTL_DEL, fd, NULL) < 0 && errno != ENOENT && errno != EBADF) {
                if (!m->socket_errno) m->socket_errno = errno;
            }
            return 0;
        }
        s->want = 0;
        /* Kept only for readability: a socket registered for writing is writable at once when idle,
         * and would end the next wait just to be dropped. */
        if (!s->tracked || (s->kernel & EPOLLOUT)) drop(m, fd, s);
        return 0;
    }
    km_socket *s = grown_entry(m, fd);
    if (!s) {
        if (!m->socket_errno) m->socket_errno = ENOMEM;
        return -1;
    }
    uint32_t events = ((what & CURL_POLL_IN) ? EPOLLIN : 0) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0);
    uint8_t mask = (uint8_t) (KM_SOCK_SET | events);
    s->want = mask;
    if (s->tracked && s->kernel == mask) return 0;
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = events;
    ev.data.fd = fd;
    int op = s->kernel ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (epoll_ctl(m->epfd, op, fd, &ev) < 0) {
        /* The table may be behind the kernel: an fd libcurl reuses after a close, or one that a
         * WebSocket's registration took over and gave back. */
        int retry = (op == EPOLL_CTL_ADD && errno == EEXIST) ? EPOLL_CTL_MOD
                  : (op == EPOLL_CTL_MOD && errno == ENOENT) ? EPOLL_CTL_ADD : -1;
        if (retry < 0 || epoll_ctl(m->epfd, retry, fd, &ev) < 0) {
            if (!m->socket_errno) m->socket_errno = errno;
            s->kernel = 0;
            return -1;
        }
    }
    s->kernel = mask;
    return 0;
}

int km_sockets_event(km_multi *m, int fd) {
    km_socket *s = entry(m, fd);
    if (s && s->kernel && !s->want) {
        drop(m, fd, s);   /* a kept registration whose idle connection became readable or broke */
        return 0;
    }
    return 1;
}

void km_sockets_forget(km_multi *m, int fd) {
    km_socket *s = entry(m, fd);
    if (!s) return;
    /* A registration kept after the handshake's REMOVE goes too: untagged, it would report the open
     * WebSocket's socket as libcurl's at every wait until ws.c registers the socket itself. */
    if (s->kernel) drop(m, fd, s);
    memset(s, 0, sizeof *s);
}

void km_sockets_free(km_multi *m) {
    free(m->sockets);
    m->sockets = NULL;
    m->sockets_cap = 0;
}

/* CURLOPT_SOCKOPTFUNCTION: a new socket on this fd, so any registration the fd had died with its old file. */
static int on_sockopt(void *clientp, curl_socket_t fd, curlsocktype purpose) {
    km_multi *m = clientp;
    km_socket *s = grown_entry(m, fd);
    if (!s) return CURL_SOCKOPT_ERROR;
    memset(s, 0, sizeof *s);
    /* An accepted socket (an FTP active-mode data connection) is closed without the close callback. */
    s->tracked = purpose == CURLSOCKTYPE_IPCXN;
    return CURL_SOCKOPT_OK;
}

/* CURLOPT_CLOSESOCKETFUNCTION: the registration goes before the socket does. */
static int on_close(void *clientp, curl_socket_t fd) {
    km_multi *m = clientp;
    km_socket *s = entry(m, fd);
    if (s) {
        if (s->kernel) drop(m, fd, s);
        memset(s, 0, sizeof *s);
    }
    return close(fd);
}

CURLcode km_sockets_apply(km_easy *e) {
    CURLcode rc = curl_easy_setopt(e->easy, CURLOPT_SOCKOPTFUNCTION, on_sockopt);
    if (!rc) rc = curl_easy_setopt(e->easy, CURLOPT_SOCKOPTDATA, e->multi);
    if (!rc) rc = curl_easy_setopt(e->easy, CURLOPT_CLOSESOCKETFUNCTION, on_close);
    if (!rc) rc = curl_easy_setopt(e->easy, CURLOPT_CLOSESOCKETDATA, e->multi);
    return rc;
}
