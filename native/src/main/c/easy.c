/*
 * Easy handles: creation, pooling reset, typed setopt, pause and getinfo.
 *
 * Values libcurl does not copy (slists, POSTFIELDS data) are kept on the handle's keepalive
 * list until the handle is reset or cleaned up. Results are libcurl's CURLcode; the Java
 * side names them.
 */
#include "konnect.h"

#include <stdlib.h>
#include <string.h>

#define EASY(p) ((km_easy *) (intptr_t) (p))

CURLcode km_easy_apply_base(km_easy *e) {
    CURLcode rc = curl_easy_setopt(e->easy, CURLOPT_PRIVATE, (char *) e);
    if (!rc) rc = curl_easy_setopt(e->easy, CURLOPT_ERRORBUFFER, e->errbuf);
    /* Never let libcurl raise signals inside a JVM. */
    if (!rc) rc = curl_easy_setopt(e->easy, CURLOPT_NOSIGNAL, 1L);
    e->errbuf[0] = '\0';
    return rc;
}

static void free_keepalive(km_easy *e) {
    km_keepalive *k = e->keepalive;
    while (k) {
        km_keepalive *next = k->next;
        if (k->slist) curl_slist_free_all(k->slist);
        free(k->bytes);
        free(k);
        km_live_dec();
        k = next;
    }
    e->keepalive = NULL;
}

/* Frees what the handle keeps for one option, if anything. */
static void drop_kept(km_easy *e, CURLoption option) {
    for (km_keepalive **p = &e->keepalive; *p; p = &(*p)->next) {
        if ((*p)->option == option) {
            km_keepalive *old = *p;
            *p = old->next;
            if (old->slist) curl_slist_free_all(old->slist);
            free(old->bytes);
            free(old);
            km_live_dec();
            return;
        }
    }
}

/* Keeps a new value for an option (once libcurl holds it), freeing the one it replaces. */
static void keep(km_easy *e, km_keepalive *k) {
    drop_kept(e, k->option);
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

/* Returns the handle, or 0 when libcurl could not make one. */
static jlong km_easy_create(JNIEnv *env, jclass cls, jlong mp, jint slot) {
    (void) env; (void) cls;
    km_easy *e = calloc(1, sizeof *e);
    if (!e) return 0;
    e->easy = curl_easy_init();
    if (!e->easy) { free(e); return 0; }
    km_live_inc();
    e->multi = (km_multi *) (intptr_t) mp;
    e->slot = slot;
    if (km_easy_apply_base(e) != CURLE_OK) {
        curl_easy_cleanup(e->easy);
        free(e);
        km_live_dec();
        return 0;
    }
    return (jlong) (intptr_t) e;
}

static jint km_easy_reset(JNIEnv *env, jclass cls, jlong ep) {
    (void) cls;
    km_easy *e = EASY(ep);
    e->multi->env = env;
    curl_easy_reset(e->easy);
    free_keepalive(e);
    drop_exception(env, e);
    return km_easy_apply_base(e);
}

static void km_easy_cleanup(JNIEnv *env, jclass cls, jlong ep) {
    (void) cls;
    km_easy *e = EASY(ep);
    e->multi->env = env;
    curl_easy_cleanup(e->easy);
    free_keepalive(e);
    drop_exception(env, e);
    free(e);
    km_live_dec();
}

static jint km_easy_set_long(JNIEnv *env, jclass cls, jlong ep, jint option, jlong value) {
    (void) env; (void) cls;
    return curl_easy_setopt(EASY(ep)->easy, (CURLoption) option, (long) value);
}

static jint km_easy_set_off_t(JNIEnv *env, jclass cls, jlong ep, jint option, jlong value) {
    (void) env; (void) cls;
    return curl_easy_setopt(EASY(ep)->easy, (CURLoption) option, (curl_off_t) value);
}

/* value: NUL-terminated UTF-8 bytes, or null to restore libcurl's default. libcurl copies. */
static jint km_easy_set_string(JNIEnv *env, jclass cls, jlong ep, jint option, jbyteArray value) {
    (void) cls;
    if (!value) return curl_easy_setopt(EASY(ep)->easy, (CURLoption) option, (char *) NULL);
    jbyte *bytes = (*env)->GetByteArrayElements(env, value, NULL);
    if (!bytes) return CURLE_OUT_OF_MEMORY;
    CURLcode rc = curl_easy_setopt(EASY(ep)->easy, (CURLoption) option, (char *) bytes);
    (*env)->ReleaseByteArrayElements(env, value, bytes, JNI_ABORT);
    return rc;
}

/* items: each NUL-terminated UTF-8; null restores the default. The list lives on the handle. */
static jint km_easy_set_slist(JNIEnv *env, jclass cls, jlong ep, jint option, jobjectArray items) {
    (void) cls;
    km_easy *e = EASY(ep);
    if (!items) {
        CURLcode rc = curl_easy_setopt(e->easy, (CURLoption) option, (struct curl_slist *) NULL);
        if (!rc) drop_kept(e, (CURLoption) option);
        return rc;
    }
    struct curl_slist *list = NULL;
    jsize n = (*env)->GetArrayLength(env, items);
    for (jsize i = 0; i < n; i++) {
        jbyteArray item = (*env)->GetObjectArrayElement(env, items, i);
        jbyte *bytes = item ? (*env)->GetByteArrayElements(env, item, NULL) : NULL;
        struct curl_slist *grown = bytes ? curl_slist_append(list, (const char *) bytes) : NULL;
        if (bytes) (*env)->ReleaseByteArrayElements(env, item, bytes, JNI_ABORT);
        if (item) (*env)->DeleteLocalRef(env, item);
        if (!grown) { curl_slist_free_all(list); return CURLE_OUT_OF_MEMORY; }
        list = grown;
    }
    km_keepalive *k = calloc(1, sizeof *k);
    if (!k) { curl_slist_free_all(list); return CURLE_OUT_OF_MEMORY; }
    k->option = (CURLoption) option;
    k->slist = list;
    km_live_inc();
    CURLcode rc = curl_easy_setopt(e->easy, (CURLoption) option, list);
    if (rc) {
        curl_slist_free_all(list);
        free(k);
        km_live_dec();
        return rc;
    }
    keep(e, k);
    return rc;
}

/* libcurl copies blobs (CURL_BLOB_COPY); null restores the default. */
static jint km_easy_set_blob(JNIEnv *env, jclass cls, jlong ep, jint option, jbyteArray value) {
    (void) cls;
    if (!value) return curl_easy_setopt(EASY(ep)->easy, (CURLoption) option, (struct curl_blob *) NULL);
    jbyte *bytes = (*env)->GetByteArrayElements(env, value, NULL);
    if (!bytes) return CURLE_OUT_OF_MEMORY;
    struct curl_blob blob = { .data = bytes, .len = (size_t) (*env)->GetArrayLength(env, value), .flags = CURL_BLOB_COPY };
    CURLcode rc = curl_easy_setopt(EASY(ep)->easy, (CURLoption) option, &blob);
    (*env)->ReleaseByteArrayElements(env, value, bytes, JNI_ABORT);
    return rc;
}

/* POSTFIELDS: libcurl keeps the pointer, so the handle keeps a copy; the size is set first. */
static jint km_easy_set_postfields(JNIEnv *env, jclass cls, jlong ep, jint option, jbyteArray value) {
    (void) cls;
    km_easy *e = EASY(ep);
    if (!value) {
        CURLcode rc = curl_easy_setopt(e->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) -1);
        if (!rc) rc = curl_easy_setopt(e->easy, (CURLoption) option, (char *) NULL);
        if (!rc) drop_kept(e, (CURLoption) option);
        return rc;
    }
    jsize n = (*env)->GetArrayLength(env, value);
    km_keepalive *k = calloc(1, sizeof *k);
    char *copy = malloc(n > 0 ? (size_t) n : 1);
    if (!k || !copy) { free(k); free(copy); return CURLE_OUT_OF_MEMORY; }
    (*env)->GetByteArrayRegion(env, value, 0, n, (jbyte *) copy);
    k->option = (CURLoption) option;
    k->bytes = copy;
    km_live_inc();
    CURLcode rc = curl_easy_setopt(e->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) n);
    if (!rc) rc = curl_easy_setopt(e->easy, (CURLoption) option, copy);
    if (rc) { free(copy); free(k); km_live_dec(); return rc; }
    keep(e, k);
    return rc;
}

static jint km_easy_set_callback(JNIEnv *env, jclass cls, jlong ep, jint kind, jboolean enabled) {
    (void) env; (void) cls;
    CURLcode rc;
    km_set_callback(EASY(ep), kind, enabled, &rc);
    return rc;
}

static jint km_easy_pause(JNIEnv *env, jclass cls, jlong ep, jint bitmask) {
    (void) cls;
    km_easy *e = EASY(ep);
    e->multi->env = env;   /* unpausing may deliver buffered data right here */
    return curl_easy_pause(e->easy, bitmask);
}

static jbyteArray bytes_of(JNIEnv *env, const char *s) {
    if (!s) return NULL;
    jsize n = (jsize) strlen(s);
    jbyteArray a = (*env)->NewByteArray(env, n);
    if (a) (*env)->SetByteArrayRegion(env, a, 0, n, (const jbyte *) s);
    return a;
}

static jbyteArray km_easy_error_buffer(JNIEnv *env, jclass cls, jlong ep) {
    (void) cls;
    km_easy *e = EASY(ep);
    return e->errbuf[0] ? bytes_of(env, e->errbuf) : NULL;
}

static jthrowable km_easy_take_exception(JNIEnv *env, jclass cls, jlong ep) {
    (void) cls;
    km_easy *e = EASY(ep);
    if (!e->pending_exception) return NULL;
    jthrowable local = (*env)->NewLocalRef(env, e->pending_exception);
    drop_exception(env, e);
    return local;
}

/* LONG, SOCKET and OFF_T infos, all widened to a Java long. */
static jint km_easy_getinfo_long(JNIEnv *env, jclass cls, jlong ep, jint info, jlongArray out) {
    (void) cls;
    CURL *h = EASY(ep)->easy;
    jlong value = 0;
    CURLcode rc;
    switch (info & CURLINFO_TYPEMASK) {
    case CURLINFO_LONG: { long v = 0; rc = curl_easy_getinfo(h, (CURLINFO) info, &v); value = v; break; }
    case CURLINFO_SOCKET: { curl_socket_t v = CURL_SOCKET_BAD; rc = curl_easy_getinfo(h, (CURLINFO) info, &v); value = v; break; }
    case CURLINFO_OFF_T: { curl_off_t v = 0; rc = curl_easy_getinfo(h, (CURLINFO) info, &v); value = v; break; }
    default: return CURLE_BAD_FUNCTION_ARGUMENT;
    }
    if (!rc) (*env)->SetLongArrayRegion(env, out, 0, 1, &value);
    return rc;
}

static jint km_easy_getinfo_double(JNIEnv *env, jclass cls, jlong ep, jint info, jdoubleArray out) {
    (void) cls;
    if ((info & CURLINFO_TYPEMASK) != CURLINFO_DOUBLE) return CURLE_BAD_FUNCTION_ARGUMENT;
    double v = 0;
    CURLcode rc = curl_easy_getinfo(EASY(ep)->easy, (CURLINFO) info, &v);
    if (!rc) (*env)->SetDoubleArrayRegion(env, out, 0, 1, &v);
    return rc;
}

/* out[0] = the string's bytes, or null when libcurl has none. */
static jint km_easy_getinfo_string(JNIEnv *env, jclass cls, jlong ep, jint info, jobjectArray out) {
    (void) cls;
    if ((info & CURLINFO_TYPEMASK) != CURLINFO_STRING) return CURLE_BAD_FUNCTION_ARGUMENT;
    char *s = NULL;
    CURLcode rc = curl_easy_getinfo(EASY(ep)->easy, (CURLINFO) info, &s);
    if (rc) return rc;
    jbyteArray bytes = bytes_of(env, s);
    if (s && !bytes) return CURLE_OUT_OF_MEMORY;
    (*env)->SetObjectArrayElement(env, out, 0, bytes);
    return CURLE_OK;
}

static jobjectArray slist_to_java(JNIEnv *env, const struct curl_slist *list) {
    jsize n = 0;
    for (const struct curl_slist *p = list; p; p = p->next) n++;
    jobjectArray a = (*env)->NewObjectArray(env, n, km_class_byte_array, NULL);
    if (!a) return NULL;
    jsize i = 0;
    for (const struct curl_slist *p = list; p; p = p->next, i++) {
        jbyteArray b = bytes_of(env, p->data);
        if (!b) return NULL;
        (*env)->SetObjectArrayElement(env, a, i, b);
        (*env)->DeleteLocalRef(env, b);
    }
    return a;
}

/* SLIST infos: out[0] = byte[][]; libcurl's list is freed here. */
static jint km_easy_getinfo_slist(JNIEnv *env, jclass cls, jlong ep, jint info, jobjectArray out) {
    (void) cls;
    /* Only these two are lists of strings; the other PTR infos point at structs. */
    if (info != CURLINFO_SSL_ENGINES && info != CURLINFO_COOKIELIST) return CURLE_BAD_FUNCTION_ARGUMENT;
    struct curl_slist *list = NULL;
    CURLcode rc = curl_easy_getinfo(EASY(ep)->easy, (CURLINFO) info, &list);
    if (rc) return rc;
    jobjectArray a = slist_to_java(env, list);
    curl_slist_free_all(list);
    if (!a) return CURLE_OUT_OF_MEMORY;
    (*env)->SetObjectArrayElement(env, out, 0, a);
    return CURLE_OK;
}

/* CERTINFO: out[0] = byte[][][], one array of "name:value" lines per certificate. */
static jint km_easy_getinfo_certinfo(JNIEnv *env, jclass cls, jlong ep, jobjectArray out) {
    (void) cls;
    struct curl_certinfo *ci = NULL;
    CURLcode rc = curl_easy_getinfo(EASY(ep)->easy, CURLINFO_CERTINFO, &ci);
    if (rc) return rc;
    int n = ci ? ci->num_of_certs : 0;
    jclass outer = (*env)->FindClass(env, "[[B");
    if (!outer) return CURLE_OUT_OF_MEMORY;
    jobjectArray certs = (*env)->NewObjectArray(env, n, outer, NULL);
    (*env)->DeleteLocalRef(env, outer);
    if (!certs) return CURLE_OUT_OF_MEMORY;
    for (int i = 0; i < n; i++) {
        jobjectArray lines = slist_to_java(env, ci->certinfo[i]);
        if (!lines) return CURLE_OUT_OF_MEMORY;
        (*env)->SetObjectArrayElement(env, certs, i, lines);
        (*env)->DeleteLocalRef(env, lines);
    }
    (*env)->SetObjectArrayElement(env, out, 0, certs);
    return CURLE_OK;
}

static jstring km_easy_strerror(JNIEnv *env, jclass cls, jint code) {
    (void) cls;
    return (*env)->NewStringUTF(env, curl_easy_strerror((CURLcode) code));
}

static const JNINativeMethod easy_methods[] = {
    { "easyCreate", "(JI)J", (void *) km_easy_create },
    { "easyReset", "(J)I", (void *) km_easy_reset },
    { "easyCleanup", "(J)V", (void *) km_easy_cleanup },
    { "easySetLong", "(JIJ)I", (void *) km_easy_set_long },
    { "easySetOffT", "(JIJ)I", (void *) km_easy_set_off_t },
    { "easySetString", "(JI[B)I", (void *) km_easy_set_string },
    { "easySetSlist", "(JI[[B)I", (void *) km_easy_set_slist },
    { "easySetBlob", "(JI[B)I", (void *) km_easy_set_blob },
    { "easySetPostFields", "(JI[B)I", (void *) km_easy_set_postfields },
    { "easySetCallback", "(JIZ)I", (void *) km_easy_set_callback },
    { "easyPause", "(JI)I", (void *) km_easy_pause },
    { "easyErrorBuffer", "(J)[B", (void *) km_easy_error_buffer },
    { "easyTakeException", "(J)Ljava/lang/Throwable;", (void *) km_easy_take_exception },
    { "easyGetinfoLong", "(JI[J)I", (void *) km_easy_getinfo_long },
    { "easyGetinfoDouble", "(JI[D)I", (void *) km_easy_getinfo_double },
    { "easyGetinfoString", "(JI[Ljava/lang/Object;)I", (void *) km_easy_getinfo_string },
    { "easyGetinfoSlist", "(JI[Ljava/lang/Object;)I", (void *) km_easy_getinfo_slist },
    { "easyGetinfoCertinfo", "(J[Ljava/lang/Object;)I", (void *) km_easy_getinfo_certinfo },
    { "easyStrerror", "(I)Ljava/lang/String;", (void *) km_easy_strerror },
};

int km_register_easy(JNIEnv *env, jclass cls) {
    return (*env)->RegisterNatives(env, cls, easy_methods, sizeof easy_methods / sizeof easy_methods[0]);
}
