/*
 * Transfer callbacks: libcurl calls these C trampolines, which upcall into the multi's
 * org.konnect.curl.jni.NativeCallbacks object with the transfer's slot and a ByteBuffer
 * view of libcurl's own buffer (no copy; no allocation where java.nio.Buffer.address can be
 * re-pointed). A Java exception left pending by an upcall is taken, kept on the handle for
 * the Java side, and the transfer is aborted the way libcurl defines for that callback.
 */
#include "konnect.h"

char km_empty_view[1];

static void set_view(JNIEnv *env, jobject b, jlong address, jint capacity, jint limit, jint position, jint mark) {
    (*env)->SetLongField(env, b, km_fid_buffer_address, address);
    (*env)->SetIntField(env, b, km_fid_buffer_capacity, capacity);
    (*env)->SetIntField(env, b, km_fid_buffer_limit, limit);
    (*env)->SetIntField(env, b, km_fid_buffer_position, position);
    (*env)->SetIntField(env, b, km_fid_buffer_mark, mark);
}

/*
 * Points the window at libcurl's buffer: capacity = limit = len, position 0, no mark, so no
 * Java code can reach past it (clear() included). An enclosing upcall's view is saved first.
 */
jobject km_window_enter(JNIEnv *env, km_window *w, void *ptr, size_t len, km_view_state *saved) {
    if (!w->buffer) {
        /* Fallback where Buffer's fields are absent: one short-lived buffer per call. */
        return (*env)->NewDirectByteBuffer(env, ptr, (jlong) len);
    }
    jobject b = w->buffer;
    if (w->depth++ > 0) {
        saved->address = (*env)->GetLongField(env, b, km_fid_buffer_address);
        saved->capacity = (*env)->GetIntField(env, b, km_fid_buffer_capacity);
        saved->limit = (*env)->GetIntField(env, b, km_fid_buffer_limit);
        saved->position = (*env)->GetIntField(env, b, km_fid_buffer_position);
        saved->mark = (*env)->GetIntField(env, b, km_fid_buffer_mark);
    }
    set_view(env, b, (jlong) (intptr_t) ptr, (jint) len, (jint) len, 0, -1);
    return b;
}

/* Restores the enclosing view, or empties the window: a kept reference sees 0 bytes. */
void km_window_leave(JNIEnv *env, km_window *w, jobject view, const km_view_state *saved) {
    if (!w->buffer) {
        if (view) (*env)->DeleteLocalRef(env, view);
        return;
    }
    if (--w->depth > 0) {
        set_view(env, w->buffer, saved->address, saved->capacity, saved->limit, saved->position, saved->mark);
    } else {
        set_view(env, w->buffer, (jlong) (intptr_t) km_empty_view, 0, 0, 0, -1);
    }
}

/* Returns 1 when the upcall left an exception pending; it is moved onto the handle. */
int km_upcall_failed(JNIEnv *env, km_easy *e) {
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

/* Data upcalls share one shape: view the buffer, call Java, restore the view, check. */
static jint data_upcall(km_easy *e, int kind, jmethodID mid, void *ptr, size_t len, int *failed) {
    km_multi *m = e->multi;
    JNIEnv *env = m->env;
    *failed = 1;
    if (m->closing || len > INT32_MAX) return 0;
    km_view_state saved;
    jobject view = km_window_enter(env, &m->windows[kind], ptr, len, &saved);
    if (!view) { km_upcall_failed(env, e); return 0; }
    m->data_upcalls++;
    jint r = (*env)->CallIntMethod(env, m->callbacks, mid, e->slot, view, (jint) len);
    int pending = km_upcall_failed(env, e);
    km_window_leave(env, &m->windows[kind], view, &saved);
    *failed = pending;
    return r;
}

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
    size_t len = size * nmemb;
    int failed;
    jint r = data_upcall(userdata, KM_CB_WRITE, km_mid_on_write, ptr, len, &failed);
    if (failed) return len == 0 ? 1 : 0;   /* a short count is CURLE_WRITE_ERROR */
    if (r == (jint) CURL_WRITEFUNC_PAUSE) return CURL_WRITEFUNC_PAUSE;
    return r < 0 ? (len == 0 ? 1 : 0) : (size_t) r;
}

static size_t header_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
    size_t len = size * nmemb;
    int failed;
    jint r = data_upcall(userdata, KM_CB_HEADER, km_mid_on_header, ptr, len, &failed);
    if (failed) return len == 0 ? 1 : 0;
    return r < 0 ? (len == 0 ? 1 : 0) : (size_t) r;
}

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
    size_t len = size * nmemb;
    int failed;
    jint r = data_upcall(userdata, KM_CB_READ, km_mid_on_read, ptr, len, &failed);
    if (failed) return CURL_READFUNC_ABORT;
    if (r == (jint) CURL_READFUNC_PAUSE || r == (jint) CURL_READFUNC_ABORT) return (size_t) r;
    if (r < 0 || (size_t) r > len) return CURL_READFUNC_ABORT;
    return (size_t) r;
}

static int xferinfo_cb(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
    km_easy *e = clientp;
    km_multi *m = e->multi;
    if (m->closing) return 1;
    JNIEnv *env = m->env;
    jint r = (*env)->CallIntMethod(env, m->callbacks, km_mid_on_xferinfo, e->slot,
                                   (jlong) dltotal, (jlong) dlnow, (jlong) ultotal, (jlong) ulnow);
    if (km_upcall_failed(env, e)) return 1;
    return r;
}

static int debug_cb(CURL *handle, curl_infotype type, char *data, size_t size, void *userptr) {
    (void) handle;
    km_easy *e = userptr;
    km_multi *m = e->multi;
    if (m->closing || size > INT32_MAX) return 0;
    JNIEnv *env = m->env;
    km_view_state saved;
    jobject view = km_window_enter(env, &m->windows[KM_CB_DEBUG], data, size, &saved);
    if (!view) { km_upcall_failed(env, e); return 0; }
    (*env)->CallVoidMethod(env, m->callbacks, km_mid_on_debug, e->slot, (jint) type, view, (jint) size);
    /* libcurl ignores this callback's result; the Java side fails the transfer itself. */
    km_upcall_failed(env, e);
    km_window_leave(env, &m->windows[KM_CB_DEBUG], view, &saved);
    return 0;
}

void km_set_callback(km_easy *e, int kind, int enabled, CURLcode *rc) {
    CURL *h = e->easy;
    switch (kind) {
    case KM_CB_WRITE:
        *rc = curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, enabled ? write_cb : NULL);
        if (!*rc) *rc = curl_easy_setopt(h, CURLOPT_WRITEDATA, enabled ? (void *) e : (void *) stdout);
        break;
    case KM_CB_READ:
        *rc = curl_easy_setopt(h, CURLOPT_READFUNCTION, enabled ? read_cb : NULL);
        if (!*rc) *rc = curl_easy_setopt(h, CURLOPT_READDATA, enabled ? (void *) e : (void *) stdin);
        break;
    case KM_CB_HEADER:
        *rc = curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, enabled ? header_cb : NULL);
        if (!*rc) *rc = curl_easy_setopt(h, CURLOPT_HEADERDATA, enabled ? (void *) e : NULL);
        break;
    case KM_CB_XFERINFO:
        *rc = curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, enabled ? xferinfo_cb : NULL);
        if (!*rc) *rc = curl_easy_setopt(h, CURLOPT_XFERINFODATA, enabled ? (void *) e : NULL);
        /* libcurl calls it only with NOPROGRESS off. */
        if (!*rc) *rc = curl_easy_setopt(h, CURLOPT_NOPROGRESS, enabled ? 0L : 1L);
        break;
    case KM_CB_DEBUG:
        *rc = curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, enabled ? debug_cb : NULL);
        if (!*rc) *rc = curl_easy_setopt(h, CURLOPT_DEBUGDATA, enabled ? (void *) e : NULL);
        /* libcurl calls it only with VERBOSE on. */
        if (!*rc) *rc = curl_easy_setopt(h, CURLOPT_VERBOSE, enabled ? 1L : 0L);
        break;
    default:
        *rc = CURLE_BAD_FUNCTION_ARGUMENT;
    }
}
