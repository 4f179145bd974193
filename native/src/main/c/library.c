/*
 * Facts about the loaded libcurl (version, protocols, option table), the live-object counter,
 * and the messages for the codes the Java side decodes (errno, CURLcode, CURLMcode).
 */
#define _GNU_SOURCE
#include "konnect.h"

#include <string.h>

jstring km_version(JNIEnv *env, jclass cls) {
    (void) cls;
    return (*env)->NewStringUTF(env, curl_version());
}

/* The LIBCURL_VERSION_NUM this library was compiled against (the generated constants' too). */
jint km_headers_version_num(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return LIBCURL_VERSION_NUM;
}

/* One call of curl_version_info: {int[] {version_num, features, age}, ssl_version, protocols...}. */
jobjectArray km_version_info(JNIEnv *env, jclass cls) {
    (void) cls;
    const curl_version_info_data *d = curl_version_info(CURLVERSION_NOW);
    int nprot = 0;
    while (d->protocols && d->protocols[nprot]) nprot++;
    jobjectArray out = (*env)->NewObjectArray(env, 2 + nprot, km_class_object, NULL);
    if (!out) return NULL;
    jintArray nums = (*env)->NewIntArray(env, 3);
    if (!nums) return NULL;
    jint values[3] = { (jint) d->version_num, (jint) d->features, (jint) d->age };
    (*env)->SetIntArrayRegion(env, nums, 0, 3, values);
    (*env)->SetObjectArrayElement(env, out, 0, nums);
    (*env)->SetObjectArrayElement(env, out, 1, d->ssl_version ? (*env)->NewStringUTF(env, d->ssl_version) : NULL);
    for (int i = 0; i < nprot; i++) {
        jstring p = (*env)->NewStringUTF(env, d->protocols[i]);
        if (!p) return NULL;
        (*env)->SetObjectArrayElement(env, out, 2 + i, p);
        (*env)->DeleteLocalRef(env, p);
    }
    return out;
}

/*
 * libcurl's own option table: {String[] names, int[] ids, int[] types, int[] flags}.
 * Aliases are included (flag CURLOT_FLAG_ALIAS) so that byName finds old names too.
 */
jobjectArray km_option_table(JNIEnv *env, jclass cls) {
    (void) cls;
    jsize n = 0;
    for (const struct curl_easyoption *o = curl_easy_option_next(NULL); o; o = curl_easy_option_next(o)) n++;
    jobjectArray names = (*env)->NewObjectArray(env, n, km_class_string, NULL);
    jintArray ids = (*env)->NewIntArray(env, n);
    jintArray types = (*env)->NewIntArray(env, n);
    jintArray flags = (*env)->NewIntArray(env, n);
    jobjectArray out = (*env)->NewObjectArray(env, 4, km_class_object, NULL);
    if (!names || !ids || !types || !flags || !out) return NULL;
    jsize i = 0;
    for (const struct curl_easyoption *o = curl_easy_option_next(NULL); o && i < n; o = curl_easy_option_next(o), i++) {
        jstring name = (*env)->NewStringUTF(env, o->name);
        if (!name) return NULL;
        (*env)->SetObjectArrayElement(env, names, i, name);
        (*env)->DeleteLocalRef(env, name);
        jint id = (jint) o->id, type = (jint) o->type, flag = (jint) o->flags;
        (*env)->SetIntArrayRegion(env, ids, i, 1, &id);
        (*env)->SetIntArrayRegion(env, types, i, 1, &type);
        (*env)->SetIntArrayRegion(env, flags, i, 1, &flag);
    }
    (*env)->SetObjectArrayElement(env, out, 0, names);
    (*env)->SetObjectArrayElement(env, out, 1, ids);
    (*env)->SetObjectArrayElement(env, out, 2, types);
    (*env)->SetObjectArrayElement(env, out, 3, flags);
    return out;
}

jlong km_live_objects(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return km_live_count();
}

jstring km_errno_message(JNIEnv *env, jclass cls, jint err) {
    (void) cls;
    char buf[256];
    return (*env)->NewStringUTF(env, strerror_r(err, buf, sizeof buf));
}

jstring km_easy_strerror(JNIEnv *env, jclass cls, jint code) {
    (void) cls;
    return (*env)->NewStringUTF(env, curl_easy_strerror((CURLcode) code));
}

jstring km_multi_strerror(JNIEnv *env, jclass cls, jint code) {
    (void) cls;
    return (*env)->NewStringUTF(env, curl_multi_strerror((CURLMcode) code));
}
