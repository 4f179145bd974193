/*
 * curl_easy_getinfo by type: each native writes the value into out[0] and returns 0, or KM_CURLE
 * (CURLE_BAD_FUNCTION_ARGUMENT for an info of another type than the native reads).
 */
#include "konnect.h"

#include <string.h>

jbyteArray km_bytes_of(JNIEnv *env, const char *s) {
    if (!s) return NULL;
    jsize n = (jsize) strlen(s);
    jbyteArray a = (*env)->NewByteArray(env, n);
    if (a) (*env)->SetByteArrayRegion(env, a, 0, n, (const jbyte *) s);
    return a;
}

/* LONG, SOCKET and OFF_T infos, all widened to a Java long. */
jint km_easy_getinfo_long(JNIEnv *env, jclass cls, jlong ep, jint info, jlongArray out) {
    (void) cls;
    CURL *h = KM_EASY(ep)->easy;
    jlong value = 0;
    CURLcode rc;
    switch (info & CURLINFO_TYPEMASK) {
    case CURLINFO_LONG: { long v = 0; rc = curl_easy_getinfo(h, (CURLINFO) info, &v); value = v; break; }
    case CURLINFO_SOCKET: { curl_socket_t v = CURL_SOCKET_BAD; rc = curl_easy_getinfo(h, (CURLINFO) info, &v); value = v; break; }
    case CURLINFO_OFF_T: { curl_off_t v = 0; rc = curl_easy_getinfo(h, (CURLINFO) info, &v); value = v; break; }
    default: return KM_CURLE(CURLE_BAD_FUNCTION_ARGUMENT);
    }
    if (!rc) (*env)->SetLongArrayRegion(env, out, 0, 1, &value);
    return KM_CURLE_RESULT(rc);
}

jint km_easy_getinfo_double(JNIEnv *env, jclass cls, jlong ep, jint info, jdoubleArray out) {
    (void) cls;
    if ((info & CURLINFO_TYPEMASK) != CURLINFO_DOUBLE) return KM_CURLE(CURLE_BAD_FUNCTION_ARGUMENT);
    double v = 0;
    CURLcode rc = curl_easy_getinfo(KM_EASY(ep)->easy, (CURLINFO) info, &v);
    if (!rc) (*env)->SetDoubleArrayRegion(env, out, 0, 1, &v);
    return KM_CURLE_RESULT(rc);
}

/* out[0] = the string's bytes, or null when libcurl has none. */
jint km_easy_getinfo_string(JNIEnv *env, jclass cls, jlong ep, jint info, jobjectArray out) {
    (void) cls;
    if ((info & CURLINFO_TYPEMASK) != CURLINFO_STRING) return KM_CURLE(CURLE_BAD_FUNCTION_ARGUMENT);
    char *s = NULL;
    CURLcode rc = curl_easy_getinfo(KM_EASY(ep)->easy, (CURLINFO) info, &s);
    if (rc) return KM_CURLE(rc);
    jbyteArray bytes = km_bytes_of(env, s);
    if (s && !bytes) return KM_CURLE(CURLE_OUT_OF_MEMORY);
    (*env)->SetObjectArrayElement(env, out, 0, bytes);
    return 0;
}

static jobjectArray slist_to_java(JNIEnv *env, const struct curl_slist *list) {
    jsize n = 0;
    for (const struct curl_slist *p = list; p; p = p->next) n++;
    jobjectArray a = (*env)->NewObjectArray(env, n, km_class_byte_array, NULL);
    if (!a) return NULL;
    jsize i = 0;
    for (const struct curl_slist *p = list; p; p = p->next, i++) {
        jbyteArray b = km_bytes_of(env, p->data);
        if (!b) return NULL;
        (*env)->SetObjectArrayElement(env, a, i, b);
        (*env)->DeleteLocalRef(env, b);
    }
    return a;
}

/* SLIST infos: out[0] = byte[][]; libcurl's list is freed here. */
jint km_easy_getinfo_slist(JNIEnv *env, jclass cls, jlong ep, jint info, jobjectArray out) {
    (void) cls;
    /* Only these two are lists of strings; the other PTR infos point at structs. */
    if (info != CURLINFO_SSL_ENGINES && info != CURLINFO_COOKIELIST) return KM_CURLE(CURLE_BAD_FUNCTION_ARGUMENT);
    struct curl_slist *list = NULL;
    CURLcode rc = curl_easy_getinfo(KM_EASY(ep)->easy, (CURLINFO) info, &list);
    if (rc) return KM_CURLE(rc);
    jobjectArray a = slist_to_java(env, list);
    curl_slist_free_all(list);
    if (!a) return KM_CURLE(CURLE_OUT_OF_MEMORY);
    (*env)->SetObjectArrayElement(env, out, 0, a);
    return 0;
}

/* CERTINFO: out[0] = byte[][][], one array of "name:value" lines per certificate. */
jint km_easy_getinfo_certinfo(JNIEnv *env, jclass cls, jlong ep, jobjectArray out) {
    (void) cls;
    struct curl_certinfo *ci = NULL;
    CURLcode rc = curl_easy_getinfo(KM_EASY(ep)->easy, CURLINFO_CERTINFO, &ci);
    if (rc) return KM_CURLE(rc);
    int n = ci ? ci->num_of_certs : 0;
    jobjectArray certs = (*env)->NewObjectArray(env, n, km_class_byte_array_array, NULL);
    if (!certs) return KM_CURLE(CURLE_OUT_OF_MEMORY);
    for (int i = 0; i < n; i++) {
        jobjectArray lines = slist_to_java(env, ci->certinfo[i]);
        if (!lines) return KM_CURLE(CURLE_OUT_OF_MEMORY);
        (*env)->SetObjectArrayElement(env, certs, i, lines);
        (*env)->DeleteLocalRef(env, lines);
    }
    (*env)->SetObjectArrayElement(env, out, 0, certs);
    return 0;
}
