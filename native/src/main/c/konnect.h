/*
 * Konnect Curl native layer: shared declarations.
 *
 * One job: drive libcurl's multi interface from one Java thread, with an epoll loop
 * underneath and upcalls into Java for transfer callbacks. Every allocation made here is
 * counted (km_live_*) so that Java tests can prove nothing leaks.
 */
#ifndef KONNECT_H
#define KONNECT_H

#include <jni.h>
#include <curl/curl.h>
#include <stdint.h>
#include <sys/epoll.h>

/* Callback kinds; must match org.konnect.curl.jni.CurlNative.CB_*. */
enum km_callback_kind { KM_CB_WRITE = 0, KM_CB_READ, KM_CB_HEADER, KM_CB_XFERINFO, KM_CB_DEBUG, KM_CB_COUNT };

/*
 * A view of native memory handed to Java callbacks: one reusable direct ByteBuffer per kind
 * and multi handle whose address is re-pointed for every call, so a callback allocates nothing.
 */
typedef struct km_window {
    jobject buffer;           /* global ref to a DirectByteBuffer; capacity 0 while idle */
    int depth;                /* nested upcalls using it (an unpause inside a callback) */
} km_window;

/* The view's state, saved around a nested upcall of the same kind. */
typedef struct km_view_state {
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
    jobject callbacks;        /* global ref: org.konnect.curl.jni.NativeCallbacks */
    int32_t *done;            /* caller-provided buffer: (slot, CURLcode) pairs */
    int32_t *wake_pending;    /* in the same buffer, after the pairs: Java's "eventfd written" flag */
    int done_capacity;        /* in pairs */
    km_window windows[KM_CB_COUNT];
    struct epoll_event *events;
    int events_capacity;
} km_multi;

typedef struct km_keepalive {
    struct km_keepalive *next;
    CURLoption option;
    struct curl_slist *slist; /* one of slist / bytes is set */
    char *bytes;
} km_keepalive;

typedef struct km_easy {
    CURL *easy;
    km_multi *multi;
    jint slot;                /* index of the Java transfer using this handle */
    jobject pending_exception;/* global ref: a Throwable a callback left pending, or NULL */
    km_keepalive *keepalive;  /* values libcurl does not copy, freed at reset/cleanup */
    char errbuf[CURL_ERROR_SIZE];
} km_easy;

/* Live native objects: multi and easy structs, slists, kept-alive buffers, global refs. */
void km_live_inc(void);
void km_live_dec(void);
jlong km_live_count(void);

/* Cached at load time (jni_onload.c). */
extern jmethodID km_mid_on_write, km_mid_on_read, km_mid_on_header, km_mid_on_xferinfo, km_mid_on_debug;
extern jfieldID km_fid_buffer_address;   /* java.nio.Buffer fields, or all NULL when one is absent */
extern jfieldID km_fid_buffer_capacity, km_fid_buffer_limit, km_fid_buffer_position, km_fid_buffer_mark;
extern jclass km_class_string;           /* java.lang.String */
extern jclass km_class_byte_array;       /* byte[] */

/* Upcall helpers (callbacks.c). An idle window points here, with capacity 0. */
extern char km_empty_view[1];
jobject km_window_enter(JNIEnv *env, km_window *w, void *ptr, size_t len, km_view_state *saved);
void km_window_leave(JNIEnv *env, km_window *w, jobject view, const km_view_state *saved);
int km_upcall_failed(JNIEnv *env, km_easy *e);
void km_set_callback(km_easy *e, int kind, int enabled, CURLcode *rc);

/* Base options every pooled handle carries (easy.c). */
CURLcode km_easy_apply_base(km_easy *e);

#endif
