/*
 * Transfer callbacks: libcurl calls these C trampolines, which upcall into the multi's
 * org.konnect.curl.CallbackRouter with the transfer's slot, the callback's CURLOPT_*FUNCTION
 * id and a view of a copy of libcurl's bytes (window.c); a write callback that keeps its chunks
 * (a Java ChunkCallback) gets each chunk copied once into a new byte[] of its own instead. A Java
 * exception left pending by an upcall is taken, kept on the handle for the Java side, and the
 * transfer is aborted the way libcurl defines for that callback.
 *
 * Adding a callback: a row in `kinds` below and a constant in the Java CallbackKind.
 */
#include "konnect.h"

#include <stdio.h>

/* Returns 1 when the upcall left an exception pending; it is moved onto the handle. */
static int upcall_failed(JNIEnv *env, km_easy *e) {
    if (!(*env)->ExceptionCheck(env)) return 0;
    jthrowable t = (*env)->ExceptionOccurred(env);
    (*env)->ExceptionClear(env);
    if (!e->pending_exception && t) {
        e->pending_exception = (*env)->NewGlobalRef(env, t);
        if (e->pending_exception) km_live_inc();
    }
    if (t) (*env)->DeleteLocalRef(env, t);
    return 1;
}

/*
 * Data upcalls share one shape: view the buffer, call CallbackRouter.onData, restore the view,
 * check. `type` is the curl_infotype for the debug callback, 0 for the others.
 */
static jint data_upcall(km_easy *e, CURLoption function, int type, void *ptr, size_t len, int *failed) {
    km_multi *m = e->multi;
    JNIEnv *env = m->env;
    *failed = 1;
    if (m->closing || len > INT32_MAX) return 0;
    int fills = function == CURLOPT_READFUNCTION;
    km_view_state state;
    km_window *w = fills ? &m->fill_window : &m->window;
    jobject view = km_window_enter(env, w, ptr, len, &state);
    if (!view) { upcall_failed(env, e); return 0; }
    m->data_upcalls++;
    jint r = (*env)->CallIntMethod(env, m->router, km_mid_on_data, e->slot, (jint) function, (jint) type, view);
    int pending = upcall_failed(env, e);
    /* The read callback filled the window: the bytes it counted go to libcurl's buffer. */
    size_t filled = fills && !pending && r > 0 && (size_t) r <= len ? (size_t) r : 0;
    km_window_leave(env, w, &state, ptr, filled);
    *failed = pending;
    return r;
}

/* What libcurl gets from a write upcall that returned r (or failed). */
static size_t write_result(size_t len, jint r, int failed) {
    if (failed) return len == 0 ? 1 : 0;   /* a short count is CURLE_WRITE_ERROR */
    if (r == (jint) CURL_WRITEFUNC_PAUSE) return CURL_WRITEFUNC_PAUSE;
    return r < 0 ? (len == 0 ? 1 : 0) : (size_t) r;
}

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
    size_t len = size * nmemb;
    int failed;
    jint r = data_upcall(userdata, CURLOPT_WRITEFUNCTION, 0, ptr, len, &failed);
    return write_result(len, r, failed);
}

/*
 * The write callback of a Java ChunkCallback, which keeps what it is given: libcurl's bytes go
 * straight into a new byte[] (their one copy) instead of through the window, and the array is
 * the callback's. If it answers PAUSE, libcurl keeps the chunk and hands it over again later,
 * in a new array.
 */
static size_t write_chunk_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
    km_easy *e = userdata;
    km_multi *m = e->multi;
    JNIEnv *env = m->env;
    size_t len = size * nmemb;
    if (m->closing || len > INT32_MAX) return write_result(len, 0, 1);
    jbyteArray chunk = (*env)->NewByteArray(env, (jsize) len);
    if (!chunk) {   /* OutOfMemoryError pending: it becomes the transfer's failure */
        upcall_failed(env, e);
        return write_result(len, 0, 1);
    }
    /* Within the array's bounds SetByteArrayRegion cannot throw: no check before the upcall. */
    (*env)->SetByteArrayRegion(env, chunk, 0, (jsize) len, (const jbyte *) ptr);
    m->data_upcalls++;
    jint r = (*env)->CallIntMethod(env, m->router, km_mid_on_chunk, e->slot, chunk);
    int failed = upcall_failed(env, e);
    (*env)->DeleteLocalRef(env, chunk);
    return write_result(len, r, failed);
}

static size_t header_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
    size_t len = size * nmemb;
    int failed;
    jint r = data_upcall(userdata, CURLOPT_HEADERFUNCTION, 0, ptr, len, &failed);
    if (failed) return len == 0 ? 1 : 0;
    return r < 0 ? (len == 0 ? 1 : 0) : (size_t) r;
}

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
    size_t len = size * nmemb;
    int failed;
    jint r = data_upcall(userdata, CURLOPT_READFUNCTION, 0, ptr, len, &failed);
    if (failed) return CURL_READFUNC_ABORT;
    if (r == (jint) CURL_READFUNC_PAUSE || r == (jint) CURL_READFUNC_ABORT) return (size_t) r;
    if (r < 0 || (size_t) r > len) return CURL_READFUNC_ABORT;
    return (size_t) r;
}

static int debug_cb(CURL *handle, curl_infotype type, char *data, size_t size, void *userptr) {
    (void) handle;
    int failed;
    /* libcurl ignores this callback's result; the Java side fails the transfer itself. */
    (void) data_upcall(userptr, CURLOPT_DEBUGFUNCTION, (int) type, data, size, &failed);
    return 0;
}

static int xferinfo_cb(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
    km_easy *e = clientp;
    km_multi *m = e->multi;
    if (m->closing) return 1;
    JNIEnv *env = m->env;
    jint r = (*env)->CallIntMethod(env, m->router, km_mid_on_xferinfo, e->slot,
                                   (jlong) dltotal, (jlong) dlnow, (jlong) ultotal, (jlong) ulnow);
    if (upcall_failed(env, e)) return 1;
    return r;
}

/*
 * One row per callback: its function option and trampoline (and the one for a callback that keeps
 * its chunks, if the kind has one), its data option, and the option libcurl needs to call it at
 * all (with its values for on and off), if any.
 */
static const struct km_callback_kind {
    CURLoption function;
    void *trampoline;
    void *keeping_trampoline; /* NULL: none */
    CURLoption data;
    CURLoption enabler;       /* 0: none */
    long enabled, disabled;
} kinds[] = {
    { CURLOPT_WRITEFUNCTION, (void *) write_cb, (void *) write_chunk_cb, CURLOPT_WRITEDATA, 0, 0, 0 },
    { CURLOPT_READFUNCTION, (void *) read_cb, NULL, CURLOPT_READDATA, 0, 0, 0 },
    { CURLOPT_HEADERFUNCTION, (void *) header_cb, NULL, CURLOPT_HEADERDATA, 0, 0, 0 },
    { CURLOPT_XFERINFOFUNCTION, (void *) xferinfo_cb, NULL, CURLOPT_XFERINFODATA, CURLOPT_NOPROGRESS, 0L, 1L },
    { CURLOPT_DEBUGFUNCTION, (void *) debug_cb, NULL, CURLOPT_DEBUGDATA, CURLOPT_VERBOSE, 1L, 0L },
};

/* libcurl's default data for the write and read callbacks are the stdio streams. */
static void *default_data(CURLoption data) {
    if (data == CURLOPT_WRITEDATA) return stdout;
    if (data == CURLOPT_READDATA) return stdin;
    return NULL;
}

CURLcode km_set_callback(km_easy *e, CURLoption function, int mode) {
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const struct km_callback_kind *k = &kinds[i];
        if (k->function != function) continue;
        if (mode != KM_CALLBACK_OFF && mode != KM_CALLBACK_VIEWING && mode != KM_CALLBACK_KEEPING) return CURLE_BAD_FUNCTION_ARGUMENT;
        if (mode == KM_CALLBACK_KEEPING && !k->keeping_trampoline) return CURLE_BAD_FUNCTION_ARGUMENT;
        int enabled = mode != KM_CALLBACK_OFF;
        void *trampoline = mode == KM_CALLBACK_KEEPING ? k->keeping_trampoline : k->trampoline;
        CURLcode rc = curl_easy_setopt(e->easy, k->function, enabled ? trampoline : NULL);
        if (!rc) rc = curl_easy_setopt(e->easy, k->data, enabled ? (void *) e : default_data(k->data));
        if (!rc && k->enabler) rc = curl_easy_setopt(e->easy, k->enabler, enabled ? k->enabled : k->disabled);
        return rc;
    }
    return CURLE_UNKNOWN_OPTION;
}
