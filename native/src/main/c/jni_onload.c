/*
 * Load-time set-up: libcurl's global init, cached class/method/field IDs, and the one place
 * where every native method of org.konnect.curl.jni.CurlNative is registered.
 */
#define _GNU_SOURCE
#include "konnect.h"

#include <stdlib.h>
#include <string.h>

jmethodID km_mid_on_write, km_mid_on_read, km_mid_on_header, km_mid_on_xferinfo, km_mid_on_debug;
jfieldID km_fid_buffer_address, km_fid_buffer_capacity, km_fid_buffer_limit, km_fid_buffer_position, km_fid_buffer_mark;
jclass km_class_string;
jclass km_class_byte_array;

static jlong live_objects;

void km_live_inc(void) { __atomic_add_fetch(&live_objects, 1, __ATOMIC_RELAXED); }
void km_live_dec(void) { __atomic_sub_fetch(&live_objects, 1, __ATOMIC_RELAXED); }
jlong km_live_count(void) { return __atomic_load_n(&live_objects, __ATOMIC_RELAXED); }

int km_register_multi(JNIEnv *env, jclass cls);
int km_register_easy(JNIEnv *env, jclass cls);

static jlong km_live_objects(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return km_live_count();
}

static jstring km_version(JNIEnv *env, jclass cls) {
    (void) cls;
    return (*env)->NewStringUTF(env, curl_version());
}

/* One call of curl_version_info: {int[] {version_num, features, age}, ssl_version, protocols...}. */
static jobjectArray km_version_info(JNIEnv *env, jclass cls) {
    (void) cls;
    const curl_version_info_data *d = curl_version_info(CURLVERSION_NOW);
    int nprot = 0;
    while (d->protocols && d->protocols[nprot]) nprot++;
    jobjectArray out = (*env)->NewObjectArray(env, 2 + nprot, (*env)->FindClass(env, "java/lang/Object"), NULL);
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
static jobjectArray km_option_table(JNIEnv *env, jclass cls) {
    (void) cls;
    jsize n = 0;
    for (const struct curl_easyoption *o = curl_easy_option_next(NULL); o; o = curl_easy_option_next(o)) n++;
    jobjectArray names = (*env)->NewObjectArray(env, n, km_class_string, NULL);
    jintArray ids = (*env)->NewIntArray(env, n);
    jintArray types = (*env)->NewIntArray(env, n);
    jintArray flags = (*env)->NewIntArray(env, n);
    jobjectArray out = (*env)->NewObjectArray(env, 4, (*env)->FindClass(env, "java/lang/Object"), NULL);
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

/* strerror for the negative errno values the multi functions return. */
static jstring km_errno_message(JNIEnv *env, jclass cls, jint err) {
    (void) cls;
    char buf[256];
    return (*env)->NewStringUTF(env, strerror_r(err, buf, sizeof buf));
}

static const JNINativeMethod global_methods[] = {
    { "errnoMessage", "(I)Ljava/lang/String;", (void *) km_errno_message },
    { "liveObjects", "()J", (void *) km_live_objects },
    { "version", "()Ljava/lang/String;", (void *) km_version },
    { "versionInfo", "()[Ljava/lang/Object;", (void *) km_version_info },
    { "optionTable", "()[Ljava/lang/Object;", (void *) km_option_table },
};

static jclass global_class(JNIEnv *env, const char *name) {
    jclass local = (*env)->FindClass(env, name);
    if (!local) return NULL;
    jclass global = (*env)->NewGlobalRef(env, local);
    (*env)->DeleteLocalRef(env, local);
    return global;
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void) reserved;
    JNIEnv *env;
    if ((*vm)->GetEnv(vm, (void **) &env, JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return JNI_ERR;

    jclass callbacks = (*env)->FindClass(env, "org/konnect/curl/jni/NativeCallbacks");
    if (!callbacks) return JNI_ERR;
    km_mid_on_write = (*env)->GetMethodID(env, callbacks, "onWrite", "(ILjava/nio/ByteBuffer;I)I");
    km_mid_on_read = (*env)->GetMethodID(env, callbacks, "onRead", "(ILjava/nio/ByteBuffer;I)I");
    km_mid_on_header = (*env)->GetMethodID(env, callbacks, "onHeader", "(ILjava/nio/ByteBuffer;I)I");
    km_mid_on_xferinfo = (*env)->GetMethodID(env, callbacks, "onXferInfo", "(IJJJJ)I");
    km_mid_on_debug = (*env)->GetMethodID(env, callbacks, "onDebug", "(IILjava/nio/ByteBuffer;I)V");
    if (!km_mid_on_write || !km_mid_on_read || !km_mid_on_header || !km_mid_on_xferinfo || !km_mid_on_debug) return JNI_ERR;
    (*env)->DeleteLocalRef(env, callbacks);

    /* Optional: re-pointing a direct buffer saves an allocation per callback. All five
     * fields or none: the window must set capacity and limit along with the address. */
    jclass buffer = (*env)->FindClass(env, "java/nio/Buffer");
    if (!buffer) return JNI_ERR;
    km_fid_buffer_address = (*env)->GetFieldID(env, buffer, "address", "J");
    if (km_fid_buffer_address) km_fid_buffer_capacity = (*env)->GetFieldID(env, buffer, "capacity", "I");
    if (km_fid_buffer_capacity) km_fid_buffer_limit = (*env)->GetFieldID(env, buffer, "limit", "I");
    if (km_fid_buffer_limit) km_fid_buffer_position = (*env)->GetFieldID(env, buffer, "position", "I");
    if (km_fid_buffer_position) km_fid_buffer_mark = (*env)->GetFieldID(env, buffer, "mark", "I");
    if (!km_fid_buffer_mark) {
        (*env)->ExceptionClear(env);
        km_fid_buffer_address = NULL;   /* fallback: a new view per call */
    }
    (*env)->DeleteLocalRef(env, buffer);

    km_class_string = global_class(env, "java/lang/String");
    km_class_byte_array = global_class(env, "[B");
    if (!km_class_string || !km_class_byte_array) return JNI_ERR;

    jclass natives = (*env)->FindClass(env, "org/konnect/curl/jni/CurlNative");
    if (!natives) return JNI_ERR;
    if ((*env)->RegisterNatives(env, natives, global_methods, sizeof global_methods / sizeof global_methods[0]) != 0
        || km_register_multi(env, natives) != 0 || km_register_easy(env, natives) != 0) return JNI_ERR;
    (*env)->DeleteLocalRef(env, natives);
    return JNI_VERSION_1_8;
}
