/*
 * Share handles (curl_share_*): caches that the multi handles of several threads use together
 * (DNS, TLS sessions, cookies, the public suffix list, HSTS), and the lock callbacks libcurl calls
 * around every access to them. One pthread mutex per kind of data (curl_lock_data), so that a DNS
 * lookup on one thread does not wait for a cookie update on another. libcurl calls the callbacks
 * on the thread of the easy handle using the share; they never call into Java.
 *
 * Connections are never shared here: libcurl does not support a shared connection cache across
 * threads (CURL_LOCK_DATA_CONNECT), and each Multi has its own cache anyway. Results follow
 * boundary.h: 0 or a pointer, KM_ERRNO for an allocation or a mutex, KM_CURLSH for libcurl.
 */
#include "konnect.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

/* One lock per curl_lock_data these headers name; [CURL_LOCK_DATA_NONE] also takes any newer kind. */
#define KM_SHARE_LOCKS CURL_LOCK_DATA_LAST

typedef struct km_share {
    CURLSH *share;
    pthread_mutex_t locks[KM_SHARE_LOCKS];
} km_share;

#define KM_SHARE(p) ((km_share *) (intptr_t) (p))

static pthread_mutex_t *lock_of(km_share *s, curl_lock_data data) {
    int i = (int) data;
    return &s->locks[i > CURL_LOCK_DATA_NONE && i < KM_SHARE_LOCKS ? i : CURL_LOCK_DATA_NONE];
}

static void lock_cb(CURL *handle, curl_lock_data data, curl_lock_access access, void *userptr) {
    (void) handle; (void) access;   /* libcurl asks for exclusive access almost everywhere: one mutex suffices */
    pthread_mutex_lock(lock_of(userptr, data));
}

static void unlock_cb(CURL *handle, curl_lock_data data, void *userptr) {
    (void) handle;
    pthread_mutex_unlock(lock_of(userptr, data));
}

static void destroy_locks(km_share *s, int n) {
    for (int i = 0; i < n; i++) pthread_mutex_destroy(&s->locks[i]);
}

/* Returns the share, or KM_ERRNO (allocation, mutex), or KM_CURLSH of the setopt libcurl refused. */
jlong km_share_open(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    km_share *s = calloc(1, sizeof *s);
    if (!s) return KM_ERRNO(ENOMEM);
    for (int i = 0; i < KM_SHARE_LOCKS; i++) {
        int rc = pthread_mutex_init(&s->locks[i], NULL);
        if (rc) { destroy_locks(s, i); free(s); return KM_ERRNO(rc); }
    }
    s->share = curl_share_init();
    if (!s->share) { destroy_locks(s, KM_SHARE_LOCKS); free(s); return KM_ERRNO(ENOMEM); }
    CURLSHcode rc = curl_share_setopt(s->share, CURLSHOPT_LOCKFUNC, lock_cb);
    if (!rc) rc = curl_share_setopt(s->share, CURLSHOPT_UNLOCKFUNC, unlock_cb);
    if (!rc) rc = curl_share_setopt(s->share, CURLSHOPT_USERDATA, (void *) s);
    if (rc) {
        curl_share_cleanup(s->share);
        destroy_locks(s, KM_SHARE_LOCKS);
        free(s);
        return KM_CURLSH(rc);
    }
    km_live_inc();
    return (jlong) (intptr_t) s;
}

/*
 * CURLSHOPT_SHARE for one kind of data: CURLSHE_BAD_OPTION from a libcurl too old to know it,
 * CURLSHE_NOT_BUILT_IN from one built without it. Call before any easy handle uses the share.
 */
jint km_share_add(JNIEnv *env, jclass cls, jlong sp, jint data) {
    (void) env; (void) cls;
    /* Refused here too, not only by the Java API: a connection cache is never shared across threads. */
    if (data == CURL_LOCK_DATA_CONNECT || data == CURL_LOCK_DATA_SHARE) return KM_CURLSH(CURLSHE_BAD_OPTION);
    return KM_CURLSH_RESULT(curl_share_setopt(KM_SHARE(sp)->share, CURLSHOPT_SHARE, (curl_lock_data) data));
}

/* curl_share_cleanup: CURLSHE_IN_USE while an easy handle still uses the share, which then stays. */
jint km_share_close(JNIEnv *env, jclass cls, jlong sp) {
    (void) env; (void) cls;
    km_share *s = KM_SHARE(sp);
    CURLSHcode rc = curl_share_cleanup(s->share);
    if (rc) return KM_CURLSH(rc);
    destroy_locks(s, KM_SHARE_LOCKS);
    free(s);
    km_live_dec();
    return 0;
}

/* CURLOPT_SHARE on an easy handle that no multi runs (sp 0: none); curl_easy_reset keeps it. */
jint km_easy_set_share(JNIEnv *env, jclass cls, jlong ep, jlong sp) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    return KM_CURLE_RESULT(curl_easy_setopt(e->easy, CURLOPT_SHARE, sp ? KM_SHARE(sp)->share : NULL));
}

jstring km_share_strerror(JNIEnv *env, jclass cls, jint code) {
    (void) cls;
    return (*env)->NewStringUTF(env, curl_share_strerror((CURLSHcode) code));
}
