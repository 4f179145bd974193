/*
 * The callback views: what a write, header, debug or read callback gets is a direct ByteBuffer
 * over Java-owned memory, never over libcurl's. Each multi has two windows, each a buffer from
 * ByteBuffer.allocateDirect that the GC frees only once no view, slice or duplicate of it is
 * reachable: a view that user code keeps past its callback may later show other bytes, but never
 * freed memory, and a write into a kept view of the read window lands in that Java memory, not in
 * libcurl's heap. libcurl's bytes are copied into the window before the write, header and debug
 * upcalls; for the read callback the bytes Java wrote are copied out into libcurl's buffer once it
 * has returned their count. A window grows when a bigger chunk comes (a new buffer; the old one
 * lives on while a kept view refers to it) and is never shrunk. The view handed to Java is one
 * reused buffer object per window, re-pointed for each upcall (no allocation where
 * java.nio.Buffer's fields can be set) to exactly the callback's bytes and emptied afterwards: a
 * read-only one for the data libcurl hands over, a writable one for the read callback.
 */
#include "konnect.h"

#include <string.h>

/* The first size of a window: libcurl's default write chunk (CURL_MAX_WRITE_SIZE). */
#define KM_WINDOW_INITIAL (16 * 1024)

static void set_view(JNIEnv *env, jobject b, jlong address, jint capacity, jint limit, jint position, jint mark) {
    (*env)->SetLongField(env, b, km_fid_buffer_address, address);
    (*env)->SetIntField(env, b, km_fid_buffer_capacity, capacity);
    (*env)->SetIntField(env, b, km_fid_buffer_limit, limit);
    (*env)->SetIntField(env, b, km_fid_buffer_position, position);
    (*env)->SetIntField(env, b, km_fid_buffer_mark, mark);
}

/* ByteBuffer.allocateDirect(capacity), or NULL with an exception pending (OutOfMemoryError). */
static jobject allocate_direct(JNIEnv *env, jint capacity) {
    jclass cls = (*env)->FindClass(env, "java/nio/ByteBuffer");
    if (!cls) return NULL;
    jmethodID mid = (*env)->GetStaticMethodID(env, cls, "allocateDirect", "(I)Ljava/nio/ByteBuffer;");
    jobject memory = mid ? (*env)->CallStaticObjectMethod(env, cls, mid, capacity) : NULL;
    (*env)->DeleteLocalRef(env, cls);
    if (memory && (*env)->ExceptionCheck(env)) memory = NULL;
    return memory;
}

/*
 * A second buffer object over `memory`: asReadOnlyBuffer() or duplicate(). Either keeps `memory`
 * reachable (its attachment), and so do the slices and duplicates made of it; `memory` itself is
 * never re-pointed, so its address and capacity stay what the allocation made.
 */
static jobject view_of(JNIEnv *env, jobject memory, int readonly) {
    jclass cls = (*env)->GetObjectClass(env, memory);
    jmethodID mid = cls ? (*env)->GetMethodID(env, cls, readonly ? "asReadOnlyBuffer" : "duplicate", "()Ljava/nio/ByteBuffer;") : NULL;
    jobject view = mid ? (*env)->CallObjectMethod(env, memory, mid) : NULL;
    if (cls) (*env)->DeleteLocalRef(env, cls);
    if (view && (*env)->ExceptionCheck(env)) view = NULL;
    return view;
}

/* A new direct buffer of at least `need` bytes, with its view: 0, or -1 with an exception pending. */
static int fresh_buffer(JNIEnv *env, size_t need, int readonly, jobject *memory, jobject *view, char **base) {
    if (need > INT32_MAX) {
        jclass oom = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
        if (oom) (*env)->ThrowNew(env, oom, "konnect-curl: a callback chunk larger than 2 GiB");
        return -1;
    }
    *memory = allocate_direct(env, (jint) need);
    if (!*memory) return -1;
    *view = view_of(env, *memory, readonly);
    *base = (*env)->GetDirectBufferAddress(env, *memory);
    if (!*view || !*base) {
        (*env)->DeleteLocalRef(env, *memory);
        if (*view) (*env)->DeleteLocalRef(env, *view);
        return -1;
    }
    return 0;
}

/* Replaces the window's buffer with one of at least `need` bytes: 0, or -1 with an exception pending. */
static int grow(JNIEnv *env, km_window *w, size_t need) {
    size_t size = w->capacity ? w->capacity : need;
    while (size < need && size <= INT32_MAX / 2) size *= 2;
    if (size < need) size = need;
    jobject memory, view;
    char *base;
    if (fresh_buffer(env, size, w->readonly, &memory, &view, &base) != 0) return -1;
    jobject memory_ref = (*env)->NewGlobalRef(env, memory);
    jobject view_ref = memory_ref ? (*env)->NewGlobalRef(env, view) : NULL;
    (*env)->DeleteLocalRef(env, memory);
    (*env)->DeleteLocalRef(env, view);
    if (!view_ref) {
        if (memory_ref) (*env)->DeleteGlobalRef(env, memory_ref);
        return -1;
    }
    /* Upcalls still running hold local refs to the old view, which keeps the old memory alive. */
    km_window_close(env, w);
    w->memory = memory_ref;
    w->view = view_ref;
    km_live_inc();
    km_live_inc();
    set_view(env, w->view, (jlong) (intptr_t) base, 0, 0, 0, -1);
    w->base = base;
    w->capacity = size;
    return 0;
}

/* Returns 0, or -1 with an exception pending. Allocated at once, so that a multi's count of native objects is fixed. */
int km_window_open(JNIEnv *env, km_window *w, int readonly) {
    memset(w, 0, sizeof *w);
    w->readonly = readonly;
    return km_fid_buffer_address ? grow(env, w, KM_WINDOW_INITIAL) : 0;
}

void km_window_close(JNIEnv *env, km_window *w) {
    if (w->view) { (*env)->DeleteGlobalRef(env, w->view); km_live_dec(); }
    if (w->memory) { (*env)->DeleteGlobalRef(env, w->memory); km_live_dec(); }
    w->view = w->memory = NULL;
    w->base = NULL;
    w->capacity = 0;
}

/*
 * The view for one upcall, over `len` bytes of the window placed after those of the upcalls still
 * running (an unpause inside a callback nests one): libcurl's bytes copied in, unless Java is to
 * fill them. Capacity = limit = len, position 0, no mark, so no Java code reaches past them
 * (clear() included). Returns a local ref, or NULL with an exception pending.
 */
jobject km_window_enter(JNIEnv *env, km_window *w, const void *ptr, size_t len, km_view_state *s) {
    if (!km_fid_buffer_address) {
        /* Fallback where Buffer's fields are absent: a new buffer per call, as safe, not as cheap. */
        jobject memory;
        if (fresh_buffer(env, len, w->readonly, &memory, &s->view, &s->bytes) != 0) return NULL;
        (*env)->DeleteLocalRef(env, memory);   /* the view keeps it alive */
        if (w->readonly && len) memcpy(s->bytes, ptr, len);
        return s->view;
    }
    size_t need = w->used + len;
    if (need > w->capacity && grow(env, w, need) != 0) return NULL;
    jobject view = (*env)->NewLocalRef(env, w->view);
    if (!view) return NULL;
    s->view = view;
    s->offset = w->used;
    s->bytes = w->base + w->used;
    if (w->depth > 0) {
        s->address = (*env)->GetLongField(env, view, km_fid_buffer_address);
        s->capacity = (*env)->GetIntField(env, view, km_fid_buffer_capacity);
        s->limit = (*env)->GetIntField(env, view, km_fid_buffer_limit);
        s->position = (*env)->GetIntField(env, view, km_fid_buffer_position);
        s->mark = (*env)->GetIntField(env, view, km_fid_buffer_mark);
    }
    if (w->readonly && len) memcpy(s->bytes, ptr, len);
    set_view(env, view, (jlong) (intptr_t) s->bytes, (jint) len, (jint) len, 0, -1);
    w->used = need;
    w->depth++;
    return view;
}

/*
 * After the upcall: the first `count` bytes Java wrote go to `out` (libcurl's buffer, for the
 * read callback), then the enclosing upcall's view is restored, or the view emptied: a kept
 * reference to the view itself sees 0 bytes.
 */
void km_window_leave(JNIEnv *env, km_window *w, km_view_state *s, void *out, size_t count) {
    if (out && count) memcpy(out, s->bytes, count);
    if (!km_fid_buffer_address) {
        (*env)->DeleteLocalRef(env, s->view);
        return;
    }
    w->depth--;
    w->used = s->offset;
    if (w->depth > 0) {
        set_view(env, s->view, s->address, s->capacity, s->limit, s->position, s->mark);
    } else {
        set_view(env, s->view, (jlong) (intptr_t) (s->bytes - s->offset), 0, 0, 0, -1);
    }
    (*env)->DeleteLocalRef(env, s->view);
}
