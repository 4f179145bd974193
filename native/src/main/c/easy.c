/*
 * Easy handles: creation, pooling reset, typed setopt, pause and getinfo.
 *
 * Values libcurl does not copy (slists, POSTFIELDS data, MIME structures from mime.c) are kept
 * on the handle's keepalive list until the handle is reset or cleaned up. Results follow boundary.h: 0, or KM_CURLE
 * (CURLE_OUT_OF_MEMORY too where an allocation of Konnect's own fails).
 */
#include "konnect.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

CURLcode km_easy_apply_base(km_easy *e) {
    CURLcode rc = curl_easy_setopt(e->easy, CURLOPT_PRIVATE, (char *) e);
    if (!rc) rc = curl_easy_setopt(e->easy, CURLOPT_ERRORBUFFER, e->errbuf);
    /* Never let libcurl raise signals inside a JVM. */
    if (!rc) rc = curl_easy_setopt(e->easy, CURLOPT_NOSIGNAL, 1L);
    /* Sockets opened and closed through sockets.c, so their epoll registrations can be kept. */
    if (!rc) rc = km_sockets_apply(e);
    e->errbuf[0] = '\0';
    return rc;
}

/*
 * The handle of a native called from Java, its multi's env set first: libcurl may call back into
 * Java during any call on the handle, a setopt too (with VERBOSE on, a refused value is logged
 * through the debug callback), and the trampolines upcall with that env.
 */
km_easy *km_easy_enter(JNIEnv *env, jlong ep) {
    km_easy *e = KM_EASY(ep);
    e->multi->env = env;
    return e;
}

/* Frees one kept value, once libcurl no longer points at it. */
static void free_kept(km_keepalive *k) {
    if (k->slist) curl_slist_free_all(k->slist);
    if (k->mime) curl_mime_free(k->mime);
    free(k->bytes);
    free(k);
    km_live_dec();
}

static void free_keepalive(km_easy *e) {
    km_keepalive *k = e->keepalive;
    while (k) {
        km_keepalive *next = k->next;
        free_kept(k);
        k = next;
    }
    e->keepalive = NULL;
}

void km_easy_drop_kept(km_easy *e, CURLoption option) {
    for (km_keepalive **p = &e->keepalive; *p; p = &(*p)->next) {
        if ((*p)->option == option) {
            km_keepalive *old = *p;
            *p = old->next;
            free_kept(old);
            return;
        }
    }
}

void km_easy_keep(km_easy *e, km_keepalive *k) {
    km_easy_drop_kept(e, k->option);
    k->next = e->keepalive;
    e->keepalive = k;
}

static void drop_exception(JNIEnv *env, km_easy *e) {
    if (e->pending_exception) {
        (*env)->DeleteGlobalRef(env, e->pending_exception);
        e->pending_exception = NULL;
        km_live_dec();
    }
}

/*
 * Returns the handle, or KM_ERRNO(ENOMEM), or KM_CURLE: CURLE_FAILED_INIT when curl_easy_init
 * gives nothing (it says no more), else the code of the base option libcurl refused.
 */
jlong km_easy_create(JNIEnv *env, jclass cls, jlong mp, jint slot) {
    (void) env; (void) cls;
    km_easy *e = calloc(1, sizeof *e);
    if (!e) return KM_ERRNO(ENOMEM);
    e->easy = curl_easy_init();
    if (!e->easy) { free(e); return KM_CURLE(CURLE_FAILED_INIT); }
    km_live_inc();
    e->multi = KM_MULTI(mp);
    e->slot = slot;
    e->ws_fd = -1;
    CURLcode rc = km_easy_apply_base(e);
    if (rc != CURLE_OK) {
        curl_easy_cleanup(e->easy);
        free(e);
        km_live_dec();
        return KM_CURLE(rc);
    }
    return (jlong) (intptr_t) e;
}

/*
 * Points every option whose value the handle keeps back at NULL, before the values are freed.
 * curl_easy_reset alone is not enough: libcurl (7.88.1 and 8.14.1) keeps a second pointer to the
 * CURLOPT_RESOLVE list (data->state.resolve, set by the setopt and consumed only when a transfer
 * starts) across the reset, and the next transfer on the handle walks the freed list (a SIGSEGV
 * in Curl_loadhostpairs; ConfigHandle.unsetopt resets the handle too). A setopt to NULL clears both.
 */
static void unset_kept(km_easy *e) {
    /* Every kept value is a pointer option (an slist, a curl_mime, POSTFIELDS data). */
    for (km_keepalive *k = e->keepalive; k; k = k->next) curl_easy_setopt(e->easy, k->option, (void *) NULL);
}

jint km_easy_reset(JNIEnv *env, jclass cls, jlong ep) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    km_ws_forget(e);
    e->ws = 0;
    unset_kept(e);
    curl_easy_reset(e->easy);
    free_keepalive(e);
    drop_exception(env, e);
    return KM_CURLE_RESULT(km_easy_apply_base(e));
}

void km_easy_cleanup(JNIEnv *env, jclass cls, jlong ep) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    km_ws_forget(e);
    curl_easy_cleanup(e->easy);
    free_keepalive(e);
    drop_exception(env, e);
    free(e);
    km_live_dec();
}

jint km_easy_set_long(JNIEnv *env, jclass cls, jlong ep, jint option, jlong value) {
    (void) cls;
    return KM_CURLE_RESULT(curl_easy_setopt(km_easy_enter(env, ep)->easy, (CURLoption) option, (long) value));
}

jint km_easy_set_off_t(JNIEnv *env, jclass cls, jlong ep, jint option, jlong value) {
    (void) cls;
    return KM_CURLE_RESULT(curl_easy_setopt(km_easy_enter(env, ep)->easy, (CURLoption) option, (curl_off_t) value));
}

/* value: NUL-terminated UTF-8 bytes, or null to restore libcurl's default. libcurl copies. */
jint km_easy_set_string(JNIEnv *env, jclass cls, jlong ep, jint option, jbyteArray value) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    if (!value) return KM_CURLE_RESULT(curl_easy_setopt(e->easy, (CURLoption) option, (char *) NULL));
    jbyte *bytes = (*env)->GetByteArrayElements(env, value, NULL);
    if (!bytes) return KM_CURLE(CURLE_OUT_OF_MEMORY);
    CURLcode rc = curl_easy_setopt(e->easy, (CURLoption) option, (char *) bytes);
    (*env)->ReleaseByteArrayElements(env, value, bytes, JNI_ABORT);
    return KM_CURLE_RESULT(rc);
}

/* items: each NUL-terminated UTF-8; null restores the default. The list lives on the handle. */
jint km_easy_set_slist(JNIEnv *env, jclass cls, jlong ep, jint option, jobjectArray items) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    if (!items) {
        CURLcode rc = curl_easy_setopt(e->easy, (CURLoption) option, (struct curl_slist *) NULL);
        if (!rc) km_easy_drop_kept(e, (CURLoption) option);
        return KM_CURLE_RESULT(rc);
    }
    struct curl_slist *list = NULL;
    jsize n = (*env)->GetArrayLength(env, items);
    for (jsize i = 0; i < n; i++) {
        jbyteArray item = (*env)->GetObjectArrayElement(env, items, i);
        jbyte *bytes = item ? (*env)->GetByteArrayElements(env, item, NULL) : NULL;
        struct curl_slist *grown = bytes ? curl_slist_append(list, (const char *) bytes) : NULL;
        if (bytes) (*env)->ReleaseByteArrayElements(env, item, bytes, JNI_ABORT);
        if (item) (*env)->DeleteLocalRef(env, item);
        if (!grown) { curl_slist_free_all(list); return KM_CURLE(CURLE_OUT_OF_MEMORY); }
        list = grown;
    }
    km_keepalive *k = calloc(1, sizeof *k);
    if (!k) { curl_slist_free_all(list); return KM_CURLE(CURLE_OUT_OF_MEMORY); }
    k->option = (CURLoption) option;
    k->slist = list;
    km_live_inc();
    CURLcode rc = curl_easy_setopt(e->easy, (CURLoption) option, list);
    if (rc) {
        curl_slist_free_all(list);
        free(k);
        km_live_dec();
        return KM_CURLE_RESULT(rc);
    }
    km_easy_keep(e, k);
    return KM_CURLE_RESULT(rc);
}

/* libcurl copies blobs (CURL_BLOB_COPY); null restores the default. */
jint km_easy_set_blob(JNIEnv *env, jclass cls, jlong ep, jint option, jbyteArray value) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    if (!value) return KM_CURLE_RESULT(curl_easy_setopt(e->easy, (CURLoption) option, (struct curl_blob *) NULL));
    jbyte *bytes = (*env)->GetByteArrayElements(env, value, NULL);
    if (!bytes) return KM_CURLE(CURLE_OUT_OF_MEMORY);
    struct curl_blob blob = { .data = bytes, .len = (size_t) (*env)->GetArrayLength(env, value), .flags = CURL_BLOB_COPY };
    CURLcode rc = curl_easy_setopt(e->easy, (CURLoption) option, &blob);
    (*env)->ReleaseByteArrayElements(env, value, bytes, JNI_ABORT);
    return KM_CURLE_RESULT(rc);
}

/*
 * POSTFIELDS: libcurl keeps the pointer, so the handle keeps a copy; the size is set first. The
 * copy ends with a NUL that is not part of the body: a later POSTFIELDSIZE of -1 makes libcurl
 * take the length with strlen, which must stop inside the copy, not read native memory after it.
 * COPYPOSTFIELDS is set as POSTFIELDS on this copy too: libcurl 7.x makes its own copy without
 * a NUL, which a later POSTFIELDSIZE of -1 would make it read past; the effect is the same.
 */
jint km_easy_set_postfields(JNIEnv *env, jclass cls, jlong ep, jint option, jbyteArray value) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    if (!value) {
        CURLcode rc = curl_easy_setopt(e->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) -1);
        if (!rc) rc = curl_easy_setopt(e->easy, (CURLoption) option, (char *) NULL);
        if (!rc) km_easy_drop_kept(e, (CURLoption) option);
        return KM_CURLE_RESULT(rc);
    }
    jsize n = (*env)->GetArrayLength(env, value);
    km_keepalive *k = calloc(1, sizeof *k);
    char *copy = malloc((size_t) n + 1);
    if (!k || !copy) { free(k); free(copy); return KM_CURLE(CURLE_OUT_OF_MEMORY); }
    (*env)->GetByteArrayRegion(env, value, 0, n, (jbyte *) copy);
    copy[n] = '\0';
    CURLoption target = option == CURLOPT_COPYPOSTFIELDS ? CURLOPT_POSTFIELDS : (CURLoption) option;
    k->option = target;
    k->bytes = copy;
    km_live_inc();
    CURLcode rc = curl_easy_setopt(e->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) n);
    if (!rc) rc = curl_easy_setopt(e->easy, target, copy);
    if (rc) { free(copy); free(k); km_live_dec(); return KM_CURLE_RESULT(rc); }
    km_easy_keep(e, k);
    return KM_CURLE_RESULT(rc);
}

/* function: the callback's CURLOPT_*FUNCTION id (see callbacks.c for those Konnect has); mode: KM_CALLBACK_*. */
jint km_easy_set_callback(JNIEnv *env, jclass cls, jlong ep, jint function, jint mode) {
    (void) cls;
    return KM_CURLE_RESULT(km_set_callback(km_easy_enter(env, ep), (CURLoption) function, mode));
}

jint km_easy_pause(JNIEnv *env, jclass cls, jlong ep, jint bitmask) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);   /* unpausing may deliver buffered data right here */
    /*
     * An unpause outside a callback does not always leave libcurl a timer or a socket event to
     * resume the transfer on (seen with 8.14.1: a chunked upload resumed after its second pause
     * stalled until the server gave up). Counting it as activity makes the loop sweep every
     * transfer once it has been quiet for KM_QUIET_MS (multi.c), as for any work libcurl left.
     */
    if (bitmask == CURLPAUSE_CONT || (bitmask & CURLPAUSE_ALL) != CURLPAUSE_ALL) e->multi->active_since_sweep = 1;
    return KM_CURLE_RESULT(curl_easy_pause(e->easy, bitmask));
}

jbyteArray km_easy_error_buffer(JNIEnv *env, jclass cls, jlong ep) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    return e->errbuf[0] ? km_bytes_of(env, e->errbuf) : NULL;
}

jthrowable km_easy_take_exception(JNIEnv *env, jclass cls, jlong ep) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    if (!e->pending_exception) return NULL;
    jthrowable local = (*env)->NewLocalRef(env, e->pending_exception);
    drop_exception(env, e);
    return local;
}
