/*
 * curl_easy_header: a response header's value, for the engine's own content decoding (the
 * Content-Encoding of the body it is handed undecoded). The function came with libcurl 7.83 and
 * Konnect runs on older versions too, so it is looked up at load time, never linked by name.
 * libcurl documents it as fine to call from inside its callbacks, for the headers received so
 * far; request -1 is the last request of the transfer, the one whose body is arriving.
 */
#define _GNU_SOURCE
#include "konnect.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef CURLHcode (*km_header_fn)(CURL *, const char *, size_t, unsigned int, int, struct curl_header **);

static km_header_fn header_fn;

void km_headers_init(void) {
    /* RTLD_NEXT: this library's own dependencies, libcurl among them (RTLD_DEFAULT would miss a
     * libcurl loaded as a dependency of a library that System.load opened without RTLD_GLOBAL). */
    km_header_fn fn = (km_header_fn) dlsym(RTLD_NEXT, "curl_easy_header");
    /* A libcurl built without the header API has the function, answering CURLHE_NOT_BUILT_IN. */
    header_fn = fn && fn(NULL, NULL, 0, 0, 0, NULL) == CURLHE_BAD_ARGUMENT ? fn : NULL;
}

jboolean km_header_api(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return header_fn ? JNI_TRUE : JNI_FALSE;
}

/*
 * out[0] = the value of the response header `name` (NUL-terminated bytes) as sent by the server
 * in the last request's header block, every instance joined with ", " as HTTP defines for lists;
 * null when the response has none. KM_CURLE(CURLE_NOT_BUILT_IN) without the header API.
 */
jint km_easy_header(JNIEnv *env, jclass cls, jlong ep, jbyteArray name, jobjectArray out) {
    (void) cls;
    if (!header_fn) return KM_CURLE(CURLE_NOT_BUILT_IN);
    jbyte *cname = (*env)->GetByteArrayElements(env, name, NULL);
    if (!cname) return KM_ERRNO(ENOMEM);
    CURL *easy = KM_EASY(ep)->easy;
    struct curl_header *h = NULL;
    CURLHcode rc = header_fn(easy, (const char *) cname, 0, CURLH_HEADER, -1, &h);
    size_t amount = rc == CURLHE_OK ? h->amount : 0, total = 0;
    char *joined = NULL;
    for (size_t i = 0; rc == CURLHE_OK && i < amount; i++) {
        /* Each call clobbers the struct of the previous one: copy the value out at once. */
        if (i > 0) rc = header_fn(easy, (const char *) cname, i, CURLH_HEADER, -1, &h);
        if (rc != CURLHE_OK) break;
        size_t len = strlen(h->value);
        char *grown = realloc(joined, total + (i > 0 ? 2 : 0) + len + 1);
        if (!grown) { rc = CURLHE_OUT_OF_MEMORY; break; }
        joined = grown;
        if (i > 0) { memcpy(joined + total, ", ", 2); total += 2; }
        memcpy(joined + total, h->value, len + 1);
        total += len;
    }
    (*env)->ReleaseByteArrayElements(env, name, cname, JNI_ABORT);
    jint result = 0;
    if (rc == CURLHE_OK && joined) {
        jbyteArray bytes = km_bytes_of(env, joined);
        if (bytes) (*env)->SetObjectArrayElement(env, out, 0, bytes);
        else result = KM_ERRNO(ENOMEM);
    } else if (rc == CURLHE_OUT_OF_MEMORY) {
        result = KM_ERRNO(ENOMEM);
    } else if (rc != CURLHE_OK && rc != CURLHE_MISSING && rc != CURLHE_NOHEADERS) {
        /* CURLHcode has no domain of its own at the boundary: any other answer is a misuse. */
        result = KM_CURLE(CURLE_BAD_FUNCTION_ARGUMENT);
    }
    free(joined);
    return result;
}
