/*
 * Load and unload: libcurl's global init, the class/method/field IDs cached once, and the one
 * table from which every native of org.konnect.curl.Native is registered. A failing step undoes
 * the steps before it; JNI_OnUnload undoes them all.
 */
#include "konnect.h"

#include <stddef.h>

#define NATIVE_CLASS "org/konnect/curl/Native"
#define ROUTER_CLASS "org/konnect/curl/CallbackRouter"

jmethodID km_mid_on_data, km_mid_on_chunk, km_mid_on_xferinfo;
jfieldID km_fid_buffer_address, km_fid_buffer_capacity, km_fid_buffer_limit, km_fid_buffer_position, km_fid_buffer_mark;
jclass km_class_object, km_class_string, km_class_byte_array, km_class_byte_array_array;

static jlong live_objects;

void km_live_inc(void) { __atomic_add_fetch(&live_objects, 1, __ATOMIC_RELAXED); }
void km_live_dec(void) { __atomic_sub_fetch(&live_objects, 1, __ATOMIC_RELAXED); }
jlong km_live_count(void) { return __atomic_load_n(&live_objects, __ATOMIC_RELAXED); }

/* Java name, JNI signature, C function: the whole native surface, in one place. */
static const JNINativeMethod methods[] = {
    { "version0", "()Ljava/lang/String;", (void *) km_version },
    { "headersVersionNum0", "()I", (void *) km_headers_version_num },
    { "versionInfo0", "()[Ljava/lang/Object;", (void *) km_version_info },
    { "optionTable0", "()[Ljava/lang/Object;", (void *) km_option_table },
    { "liveObjects0", "()J", (void *) km_live_objects },
    { "errnoMessage0", "(I)Ljava/lang/String;", (void *) km_errno_message },
    { "easyStrerror0", "(I)Ljava/lang/String;", (void *) km_easy_strerror },
    { "multiStrerror0", "(I)Ljava/lang/String;", (void *) km_multi_strerror },

    { "multiOpen0", "(L" ROUTER_CLASS ";Ljava/nio/ByteBuffer;I)J", (void *) km_multi_open },
    { "multiEventFd0", "(J)I", (void *) km_multi_eventfd },
    { "eventfdWrite0", "(I)I", (void *) km_eventfd_write },
    { "multiSetoptLong0", "(JIJ)I", (void *) km_multi_setopt_long },
    { "multiAdd0", "(JJ)I", (void *) km_multi_add },
    { "multiRemove0", "(JJ)I", (void *) km_multi_remove },
    { "multiPerform0", "(JI)I", (void *) km_multi_perform },
    { "multiClose0", "(J)V", (void *) km_multi_close },

    { "easyCreate0", "(JI)J", (void *) km_easy_create },
    { "easyReset0", "(J)I", (void *) km_easy_reset },
    { "easyCleanup0", "(J)V", (void *) km_easy_cleanup },
    { "easySetLong0", "(JIJ)I", (void *) km_easy_set_long },
    { "easySetOffT0", "(JIJ)I", (void *) km_easy_set_off_t },
    { "easySetString0", "(JI[B)I", (void *) km_easy_set_string },
    { "easySetSlist0", "(JI[[B)I", (void *) km_easy_set_slist },
    { "easySetBlob0", "(JI[B)I", (void *) km_easy_set_blob },
    { "easySetPostFields0", "(JI[B)I", (void *) km_easy_set_postfields },
    { "easySetCallback0", "(JII)I", (void *) km_easy_set_callback },
    { "easySetMime0", "(JI[[[B)I", (void *) km_easy_set_mime },
    { "easyPause0", "(JI)I", (void *) km_easy_pause },
    { "easyErrorBuffer0", "(J)[B", (void *) km_easy_error_buffer },
    { "easyTakeException0", "(J)Ljava/lang/Throwable;", (void *) km_easy_take_exception },

    { "easyGetinfoLong0", "(JI[J)I", (void *) km_easy_getinfo_long },
    { "easyGetinfoDouble0", "(JI[D)I", (void *) km_easy_getinfo_double },
    { "easyGetinfoString0", "(JI[Ljava/lang/Object;)I", (void *) km_easy_getinfo_string },
    { "easyGetinfoSlist0", "(JI[Ljava/lang/Object;)I", (void *) km_easy_getinfo_slist },
    { "easyGetinfoCertinfo0", "(J[Ljava/lang/Object;)I", (void *) km_easy_getinfo_certinfo },

    { "headerApi0", "()Z", (void *) km_header_api },
    { "easyHeader0", "(J[B[Ljava/lang/Object;)I", (void *) km_easy_header },

    { "wsApi0", "()Z", (void *) km_ws_api },
    { "wsPrepare0", "(J)I", (void *) km_ws_prepare },
    { "wsBuffers0", "(JLjava/nio/ByteBuffer;Ljava/nio/ByteBuffer;)I", (void *) km_ws_buffers },
    { "wsOpen0", "(J)I", (void *) km_ws_open },
    { "wsWatch0", "(JI)I", (void *) km_ws_watch },
    { "wsRecv0", "(J[J)I", (void *) km_ws_recv },
    { "wsSend0", "(JIJI[J)I", (void *) km_ws_send },
    { "shareOpen0", "()J", (void *) km_share_open },
    { "shareAdd0", "(JI)I", (void *) km_share_add },
    { "shareClose0", "(J)I", (void *) km_share_close },
    { "easySetShare0", "(JJ)I", (void *) km_easy_set_share },
    { "shareStrerror0", "(I)Ljava/lang/String;", (void *) km_share_strerror },
};

static jclass *const cached_classes[] = {
    &km_class_object, &km_class_string, &km_class_byte_array, &km_class_byte_array_array,
};

static void release_classes(JNIEnv *env) {
    for (size_t i = 0; i < sizeof cached_classes / sizeof cached_classes[0]; i++) {
        if (*cached_classes[i]) (*env)->DeleteGlobalRef(env, *cached_classes[i]);
        *cached_classes[i] = NULL;
    }
}

static jclass global_class(JNIEnv *env, const char *name) {
    jclass local = (*env)->FindClass(env, name);
    if (!local) return NULL;
    jclass global = (*env)->NewGlobalRef(env, local);
    (*env)->DeleteLocalRef(env, local);
    return global;
}

static int cache_classes(JNIEnv *env) {
    km_class_object = global_class(env, "java/lang/Object");
    km_class_string = global_class(env, "java/lang/String");
    km_class_byte_array = global_class(env, "[B");
    km_class_byte_array_array = global_class(env, "[[B");
    return km_class_object && km_class_string && km_class_byte_array && km_class_byte_array_array ? 0 : -1;
}

static int cache_router_methods(JNIEnv *env) {
    jclass router = (*env)->FindClass(env, ROUTER_CLASS);
    if (!router) return -1;
    km_mid_on_data = (*env)->GetMethodID(env, router, "onData", "(IIILjava/nio/ByteBuffer;)I");
    km_mid_on_chunk = (*env)->GetMethodID(env, router, "onChunk", "(I[B)I");
    km_mid_on_xferinfo = (*env)->GetMethodID(env, router, "onXferInfo", "(IJJJJ)I");
    (*env)->DeleteLocalRef(env, router);
    return km_mid_on_data && km_mid_on_chunk && km_mid_on_xferinfo ? 0 : -1;
}

/*
 * Optional: re-pointing a direct buffer saves an allocation per callback. All five fields or
 * none, since the window sets capacity and limit along with the address.
 */
static void cache_buffer_fields(JNIEnv *env) {
    jclass buffer = (*env)->FindClass(env, "java/nio/Buffer");
    if (buffer) {
        km_fid_buffer_address = (*env)->GetFieldID(env, buffer, "address", "J");
        if (km_fid_buffer_address) km_fid_buffer_capacity = (*env)->GetFieldID(env, buffer, "capacity", "I");
        if (km_fid_buffer_capacity) km_fid_buffer_limit = (*env)->GetFieldID(env, buffer, "limit", "I");
        if (km_fid_buffer_limit) km_fid_buffer_position = (*env)->GetFieldID(env, buffer, "position", "I");
        if (km_fid_buffer_position) km_fid_buffer_mark = (*env)->GetFieldID(env, buffer, "mark", "I");
        (*env)->DeleteLocalRef(env, buffer);
    }
    if (!km_fid_buffer_mark) {
        (*env)->ExceptionClear(env);
        km_fid_buffer_address = NULL;   /* fallback: a new view per call */
    }
}

static int register_natives(JNIEnv *env) {
    jclass natives = (*env)->FindClass(env, NATIVE_CLASS);
    if (!natives) return -1;
    jint rc = (*env)->RegisterNatives(env, natives, methods, sizeof methods / sizeof methods[0]);
    (*env)->DeleteLocalRef(env, natives);
    return rc == 0 ? 0 : -1;
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void) reserved;
    JNIEnv *env;
    if ((*vm)->GetEnv(vm, (void **) &env, JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return JNI_ERR;
    if (cache_classes(env) != 0 || cache_router_methods(env) != 0) goto undo;
    cache_buffer_fields(env);
    km_headers_init();
    km_ws_init();
    if (register_natives(env) != 0) goto undo;
    return JNI_VERSION_1_8;
undo:
    /* The pending exception (NoClassDefFoundError, NoSuchMethodError) says what was missing. */
    release_classes(env);
    curl_global_cleanup();
    return JNI_ERR;
}

JNIEXPORT void JNICALL JNI_OnUnload(JavaVM *vm, void *reserved) {
    (void) reserved;
    JNIEnv *env;
    if ((*vm)->GetEnv(vm, (void **) &env, JNI_VERSION_1_8) == JNI_OK) release_classes(env);
    curl_global_cleanup();
}
