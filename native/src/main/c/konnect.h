/*
 * Konnect Curl native layer: shared declarations.
 *
 * One job: drive libcurl's multi interface from one Java thread, with an epoll loop
 * underneath and upcalls into Java for transfer callbacks. Every allocation made here is
 * counted (km_live_*) so that Java tests can prove nothing leaks. Results cross the boundary
 * in the one convention of boundary.h. Only JNI_OnLoad and JNI_OnUnload are exported
 * (-fvisibility=hidden); every native is registered from the one table in jni_onload.c.
 */
#ifndef KONNECT_H
#define KONNECT_H

#include <jni.h>
#include <curl/curl.h>
#include <stdint.h>
#include <sys/epoll.h>

#include "boundary.h"

/*
 * Where a multi's callbacks see their bytes (window.c): a Java-owned direct buffer, grown on
 * demand, and the one view object over it that each upcall gets, re-pointed at its bytes.
 */
typedef struct km_window {
    jobject memory;           /* global ref: the ByteBuffer.allocateDirect buffer */
    jobject view;             /* global ref: the buffer object handed to callbacks, over memory; capacity 0 while idle */
    char *base;               /* memory's address */
    size_t capacity;          /* memory's size */
    size_t used;              /* bytes taken by the upcalls running; a nested one goes after them */
    int depth;                /* nested upcalls using it (an unpause inside a callback) */
    int readonly;             /* the view is read-only (data libcurl hands over) */
} km_window;

/* One upcall's place in a window, and its view's state before, restored for an enclosing upcall. */
typedef struct km_view_state {
    jobject view;             /* local ref: the view this upcall got */
    char *bytes;              /* its bytes in the window's memory */
    size_t offset;
    jlong address;
    jint capacity, limit, position, mark;
} km_view_state;

typedef struct km_multi {
    CURLM *multi;
    int epfd;
    int evfd;
    int64_t deadline_ms;      /* libcurl's timer as a CLOCK_MONOTONIC deadline; -1: none */
    int socket_errno;         /* first epoll_ctl failure seen in the socket callback; 0: none */
    int active_since_sweep;   /* libcurl worked since the last full sweep (see km_multi_perform) */
    unsigned long data_upcalls; /* data callbacks delivered so far; tells whether a sweep did work */
    int closing;              /* no upcalls once set */
    JNIEnv *env;              /* the owner thread's env, valid during a native call only */
    jobject router;           /* global ref: org.konnect.curl.CallbackRouter */
    int32_t *done;            /* caller-provided buffer: (slot, CURLcode) pairs */
    int32_t *wake_pending;    /* in the same buffer, after the pairs: Java's "eventfd written" flag */
    int done_capacity;        /* in pairs */
    km_window window;         /* read-only: write, header and debug data (see window.c) */
    km_window fill_window;    /* writable: the read callback fills it */
    struct epoll_event *events;
    int events_capacity;
    int done_count;           /* pairs written into `done` in this iteration so far */
    unsigned char *ws_recv_buf, *ws_send_buf;   /* WebSocket payloads: Java's direct buffers (ws.c) */
    size_t ws_recv_cap, ws_send_cap;
    unsigned char *ws_owned;  /* by fd: 1 for the socket of an open WebSocket (ws.c), which libcurl's socket callback leaves alone */
    int ws_owned_cap;
    struct km_socket *sockets; /* by fd: the epoll registrations of libcurl's sockets (sockets.c) */
    int sockets_cap;
} km_multi;

/* One fd's epoll registration (sockets.c): what the kernel has, what libcurl wants, and whether the
 * fd is a connection socket whose close this layer sees (so a registration may be kept for it). */
typedef struct km_socket {
    uint8_t kernel;
    uint8_t want;
    uint8_t tracked;
} km_socket;

/* epoll data of a WebSocket's socket (ws.c): this bit, the slot in bits 32-62, the fd below. */
#define KM_WS_TAG (1ULL << 63)

typedef struct km_keepalive {
    struct km_keepalive *next;
    CURLoption option;
    struct curl_slist *slist; /* one of slist / bytes / mime is set */
    char *bytes;
    curl_mime *mime;
} km_keepalive;

typedef struct km_easy {
    CURL *easy;
    km_multi *multi;
    jint slot;                /* index of the Java transfer using this handle */
    jobject pending_exception;/* global ref: a Throwable a callback left pending, or NULL */
    km_keepalive *keepalive;  /* values libcurl does not copy, freed at reset/cleanup */
    int ws;                   /* a WebSocket transfer: its handle stays in the multi after the handshake */
    int ws_fd;                /* its socket once open, else -1 */
    uint32_t ws_events;       /* what the socket is registered for in the multi's epoll; 0: not registered */
    char errbuf[CURL_ERROR_SIZE];
} km_easy;

#define KM_MULTI(p) ((km_multi *) (intptr_t) (p))
#define KM_EASY(p) ((km_easy *) (intptr_t) (p))

/* Live native objects: multi and easy structs, slists, kept-alive buffers, global refs. */
void km_live_inc(void);
void km_live_dec(void);
jlong km_live_count(void);

/* Cached once at load time (jni_onload.c). */
extern jmethodID km_mid_on_data, km_mid_on_chunk, km_mid_on_xferinfo;
extern jfieldID km_fid_buffer_address;   /* java.nio.Buffer fields, or all NULL when one is absent */
extern jfieldID km_fid_buffer_capacity, km_fid_buffer_limit, km_fid_buffer_position, km_fid_buffer_mark;
extern jclass km_class_object;           /* java.lang.Object */
extern jclass km_class_string;           /* java.lang.String */
extern jclass km_class_byte_array;       /* byte[] */
extern jclass km_class_byte_array_array; /* byte[][] */

/* The callback views (window.c). */
int km_window_open(JNIEnv *env, km_window *w, int readonly);
void km_window_close(JNIEnv *env, km_window *w);
jobject km_window_enter(JNIEnv *env, km_window *w, const void *ptr, size_t len, km_view_state *s);
void km_window_leave(JNIEnv *env, km_window *w, km_view_state *s, void *out, size_t count);

/* The epoll registrations of libcurl's sockets (sockets.c). want: from the socket callback, 0 or -1
 * (the errno in socket_errno); event: 1 when a ready fd is libcurl's to act on, 0 when it was a kept
 * registration nobody wants (now dropped); forget: the fd is no longer libcurl's to poll (a WebSocket's,
 * ws.c), and a registration still kept for it is dropped. */
int km_sockets_want(km_multi *m, int fd, int what);
int km_sockets_event(km_multi *m, int fd);
void km_sockets_forget(km_multi *m, int fd);
void km_sockets_free(km_multi *m);
CURLcode km_sockets_apply(km_easy *e);

/* Transfer callbacks (callbacks.c). */
/* mode: off; on, with views of copies (window.c); on, each chunk in a new byte[] the callback keeps
 * (write only). The values are the Java Native.CALLBACK_* constants. */
enum { KM_CALLBACK_OFF = 0, KM_CALLBACK_VIEWING = 1, KM_CALLBACK_KEEPING = 2 };
CURLcode km_set_callback(km_easy *e, CURLoption function, int mode);

/* A handle entered from a native: its multi's env set for the upcalls libcurl may make (easy.c). */
km_easy *km_easy_enter(JNIEnv *env, jlong ep);
/* Base options every pooled handle carries (easy.c). */
CURLcode km_easy_apply_base(km_easy *e);
/* The keepalive list (easy.c): keep a value once libcurl holds it, replacing (and freeing) the
 * option's previous one; drop frees the option's value, once libcurl no longer points at it. */
void km_easy_keep(km_easy *e, km_keepalive *k);
void km_easy_drop_kept(km_easy *e, CURLoption option);

/* The natives, one declaration per file that defines them; registered in jni_onload.c. */
/* library.c */
jstring km_version(JNIEnv *env, jclass cls);
jint km_headers_version_num(JNIEnv *env, jclass cls);
jobjectArray km_version_info(JNIEnv *env, jclass cls);
jobjectArray km_option_table(JNIEnv *env, jclass cls);
jlong km_live_objects(JNIEnv *env, jclass cls);
jstring km_errno_message(JNIEnv *env, jclass cls, jint err);
jstring km_easy_strerror(JNIEnv *env, jclass cls, jint code);
jstring km_multi_strerror(JNIEnv *env, jclass cls, jint code);
/* multi.c */
jlong km_multi_open(JNIEnv *env, jclass cls, jobject router, jobject done_buffer, jint done_capacity);
jint km_multi_eventfd(JNIEnv *env, jclass cls, jlong mp);
jint km_eventfd_write(JNIEnv *env, jclass cls, jint fd);
jint km_multi_setopt_long(JNIEnv *env, jclass cls, jlong mp, jint option, jlong value);
jint km_multi_add(JNIEnv *env, jclass cls, jlong mp, jlong ep);
jint km_multi_remove(JNIEnv *env, jclass cls, jlong mp, jlong ep);
jint km_multi_perform(JNIEnv *env, jclass cls, jlong mp, jint timeout_ms);
void km_multi_close(JNIEnv *env, jclass cls, jlong mp);
/* easy.c */
jlong km_easy_create(JNIEnv *env, jclass cls, jlong mp, jint slot);
jint km_easy_reset(JNIEnv *env, jclass cls, jlong ep);
void km_easy_cleanup(JNIEnv *env, jclass cls, jlong ep);
jint km_easy_set_long(JNIEnv *env, jclass cls, jlong ep, jint option, jlong value);
jint km_easy_set_off_t(JNIEnv *env, jclass cls, jlong ep, jint option, jlong value);
jint km_easy_set_string(JNIEnv *env, jclass cls, jlong ep, jint option, jbyteArray value);
jint km_easy_set_slist(JNIEnv *env, jclass cls, jlong ep, jint option, jobjectArray items);
jint km_easy_set_blob(JNIEnv *env, jclass cls, jlong ep, jint option, jbyteArray value);
jint km_easy_set_postfields(JNIEnv *env, jclass cls, jlong ep, jint option, jbyteArray value);
jint km_easy_set_callback(JNIEnv *env, jclass cls, jlong ep, jint function, jint mode);
jint km_easy_pause(JNIEnv *env, jclass cls, jlong ep, jint bitmask);
jbyteArray km_easy_error_buffer(JNIEnv *env, jclass cls, jlong ep);
jthrowable km_easy_take_exception(JNIEnv *env, jclass cls, jlong ep);
/* mime.c */
jint km_easy_set_mime(JNIEnv *env, jclass cls, jlong ep, jint option, jobjectArray parts);
/* headers.c: km_headers_init runs once in JNI_OnLoad */
void km_headers_init(void);
jboolean km_header_api(JNIEnv *env, jclass cls);
jint km_easy_header(JNIEnv *env, jclass cls, jlong ep, jbyteArray name, jobjectArray out);
/* ws.c: km_ws_init runs once in JNI_OnLoad; km_ws_forget drops a handle's socket registration */
void km_ws_init(void);
void km_ws_forget(km_easy *e);
int km_ws_owns(km_multi *m, int fd);
void km_ws_free(km_multi *m);
jboolean km_ws_api(JNIEnv *env, jclass cls);
jint km_ws_prepare(JNIEnv *env, jclass cls, jlong ep);
jint km_ws_buffers(JNIEnv *env, jclass cls, jlong mp, jobject recv_buffer, jobject send_buffer);
jint km_ws_open(JNIEnv *env, jclass cls, jlong ep);
jint km_ws_watch(JNIEnv *env, jclass cls, jlong ep, jint wanted);
jint km_ws_recv(JNIEnv *env, jclass cls, jlong ep, jlongArray out);
jint km_ws_send(JNIEnv *env, jclass cls, jlong ep, jint len, jlong fragsize, jint flags, jlongArray out);
/* getinfo.c */
jbyteArray km_bytes_of(JNIEnv *env, const char *s);   /* a C string's bytes, or NULL for NULL */
jint km_easy_getinfo_long(JNIEnv *env, jclass cls, jlong ep, jint info, jlongArray out);
jint km_easy_getinfo_double(JNIEnv *env, jclass cls, jlong ep, jint info, jdoubleArray out);
jint km_easy_getinfo_string(JNIEnv *env, jclass cls, jlong ep, jint info, jobjectArray out);
jint km_easy_getinfo_slist(JNIEnv *env, jclass cls, jlong ep, jint info, jobjectArray out);
jint km_easy_getinfo_certinfo(JNIEnv *env, jclass cls, jlong ep, jobjectArray out);
/* share.c */
jlong km_share_open(JNIEnv *env, jclass cls);
jint km_share_add(JNIEnv *env, jclass cls, jlong sp, jint data);
jint km_share_close(JNIEnv *env, jclass cls, jlong sp);
jint km_easy_set_share(JNIEnv *env, jclass cls, jlong ep, jlong sp);
jstring km_share_strerror(JNIEnv *env, jclass cls, jint code);

#endif
