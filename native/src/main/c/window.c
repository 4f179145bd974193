/*
 * The callback views: direct ByteBuffers of each multi handle, re-pointed at libcurl's buffer for
 * each upcall (no copy; no allocation where java.nio.Buffer's fields can be set), so that no Java
 * code can reach past the callback's bytes and a kept reference sees nothing afterwards. A
 * read-only window serves the data libcurl hands over (write, header, debug): libcurl holds that
 * data as const and may pass read-only memory (8.14 does, to the header callback), where a write
 * from Java would crash the JVM; only the read callback's window, which Java fills, is writable.
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

/* buffer.asReadOnlyBuffer(): a read-only view of the same memory, or NULL with an exception pending. */
static jobject read_only(JNIEnv *env, jobject buffer) {
    jclass cls = (*env)->GetObjectClass(env, buffer);
    jmethodID mid = cls ? (*env)->GetMethodID(env, cls, "asReadOnlyBuffer", "()Ljava/nio/ByteBuffer;") : NULL;
    jobject view = mid ? (*env)->CallObjectMethod(env, buffer, mid) : NULL;
    if (cls) (*env)->DeleteLocalRef(env, cls);
    (*env)->DeleteLocalRef(env, buffer);
    return view;
}

/* Returns 0, or -1 with an exception pending. Without Buffer's fields there is no window. */
int km_window_open(JNIEnv *env, km_window *w, int readonly) {
    w->readonly = readonly;
    if (!km_fid_buffer_address) return 0;
    /* Capacity 1 to be created; emptied to 0 at once (the idle state). */
    jobject local = (*env)->NewDirectByteBuffer(env, km_empty_view, 1);
    if (local && readonly) local = read_only(env, local);
    if (!local) return -1;
    w->buffer = (*env)->NewGlobalRef(env, local);
    (*env)->DeleteLocalRef(env, local);
    if (!w->buffer) return -1;
    km_live_inc();
    set_view(env, w->buffer, (jlong) (intptr_t) km_empty_view, 0, 0, 0, -1);
    return 0;
}

void km_window_close(JNIEnv *env, km_window *w) {
    if (w->buffer) {
        (*env)->DeleteGlobalRef(env, w->buffer);
        w->buffer = NULL;
        km_live_dec();
    }
}

/*
 * Points the window at libcurl's buffer: capacity = limit = len, position 0, no mark, so no
 * Java code can reach past it (clear() included). An enclosing upcall's view is saved first.
 */
jobject km_window_enter(JNIEnv *env, km_window *w, void *ptr, size_t len, km_view_state *saved) {
    if (!w->buffer) {
        /* Fallback where Buffer's fields are absent: one short-lived buffer per call. */
        jobject b = (*env)->NewDirectByteBuffer(env, ptr, (jlong) len);
        return b && w->readonly ? read_only(env, b) : b;
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
