/*
 * CURLOPT_MIMEPOST: a curl_mime built from the parts of an org.konnect.curl.Mime and kept on the
 * easy handle's keepalive list (easy.c), which frees it when the option is replaced or unset and
 * when the handle is reset or cleaned up. libcurl copies every name, type, file name, encoder,
 * header and data buffer given to a part, so nothing from Java outlives the call.
 */
#include "konnect.h"

#include <stdlib.h>

/* The fields of one part, in the order org.konnect.curl.Mime encodes them; headers follow. */
enum { PART_NAME, PART_DATA, PART_TYPE, PART_FILENAME, PART_ENCODER, PART_HEADERS };

typedef CURLcode (*part_string_setter)(curl_mimepart *part, const char *value);

/* Sets one NUL-terminated string field of a part; an absent (null) field is left unset. */
static CURLcode set_string(JNIEnv *env, curl_mimepart *part, jobjectArray fields, jsize index, part_string_setter set) {
    jbyteArray value = (*env)->GetObjectArrayElement(env, fields, index);
    if (!value) return CURLE_OK;
    jbyte *bytes = (*env)->GetByteArrayElements(env, value, NULL);
    CURLcode rc = bytes ? set(part, (const char *) bytes) : CURLE_OUT_OF_MEMORY;
    if (bytes) (*env)->ReleaseByteArrayElements(env, value, bytes, JNI_ABORT);
    (*env)->DeleteLocalRef(env, value);
    return rc;
}

static CURLcode set_data(JNIEnv *env, curl_mimepart *part, jobjectArray fields) {
    jbyteArray data = (*env)->GetObjectArrayElement(env, fields, PART_DATA);
    if (!data) return CURLE_BAD_FUNCTION_ARGUMENT;
    jsize n = (*env)->GetArrayLength(env, data);
    jbyte *bytes = (*env)->GetByteArrayElements(env, data, NULL);
    /* An empty part still needs a (non-NULL) pointer: NULL would mean "no data" to libcurl. */
    CURLcode rc = bytes ? curl_mime_data(part, n > 0 ? (const char *) bytes : "", (size_t) n) : CURLE_OUT_OF_MEMORY;
    if (bytes) (*env)->ReleaseByteArrayElements(env, data, bytes, JNI_ABORT);
    (*env)->DeleteLocalRef(env, data);
    return rc;
}

/* The part's own header lines, handed over to libcurl, which frees them with the part. */
static CURLcode set_headers(JNIEnv *env, curl_mimepart *part, jobjectArray fields) {
    jsize n = (*env)->GetArrayLength(env, fields);
    if (n <= PART_HEADERS) return CURLE_OK;
    struct curl_slist *list = NULL;
    for (jsize i = PART_HEADERS; i < n; i++) {
        jbyteArray line = (*env)->GetObjectArrayElement(env, fields, i);
        jbyte *bytes = line ? (*env)->GetByteArrayElements(env, line, NULL) : NULL;
        struct curl_slist *grown = bytes ? curl_slist_append(list, (const char *) bytes) : NULL;
        if (bytes) (*env)->ReleaseByteArrayElements(env, line, bytes, JNI_ABORT);
        if (line) (*env)->DeleteLocalRef(env, line);
        if (!grown) { curl_slist_free_all(list); return CURLE_OUT_OF_MEMORY; }
        list = grown;
    }
    /* With a part (never NULL here) libcurl always takes the list, even over an earlier one. */
    return curl_mime_headers(part, list, 1);
}

static CURLcode add_part(JNIEnv *env, curl_mime *mime, jobjectArray fields) {
    curl_mimepart *part = curl_mime_addpart(mime);
    if (!part) return CURLE_OUT_OF_MEMORY;
    CURLcode rc = set_data(env, part, fields);
    if (!rc) rc = set_string(env, part, fields, PART_NAME, curl_mime_name);
    if (!rc) rc = set_string(env, part, fields, PART_TYPE, curl_mime_type);
    if (!rc) rc = set_string(env, part, fields, PART_FILENAME, curl_mime_filename);
    if (!rc) rc = set_string(env, part, fields, PART_ENCODER, curl_mime_encoder);
    if (!rc) rc = set_headers(env, part, fields);
    return rc;
}

/*
 * parts: one byte[][] per part (see the PART_* indexes), or null to unset the option. Returns 0,
 * or KM_CURLE: the code of the curl_mime_* call or of the setopt that refused, CURLE_OUT_OF_MEMORY
 * when an allocation fails. On failure the handle keeps the option's previous value.
 */
jint km_easy_set_mime(JNIEnv *env, jclass cls, jlong ep, jint option, jobjectArray parts) {
    (void) cls;
    km_easy *e = km_easy_enter(env, ep);
    if (!parts) {
        CURLcode rc = curl_easy_setopt(e->easy, (CURLoption) option, (curl_mime *) NULL);
        if (!rc) km_easy_drop_kept(e, (CURLoption) option);
        return KM_CURLE_RESULT(rc);
    }
    curl_mime *mime = curl_mime_init(e->easy);
    if (!mime) return KM_CURLE(CURLE_OUT_OF_MEMORY);
    CURLcode rc = CURLE_OK;
    jsize n = (*env)->GetArrayLength(env, parts);
    for (jsize i = 0; i < n && !rc; i++) {
        jobjectArray fields = (*env)->GetObjectArrayElement(env, parts, i);
        rc = fields ? add_part(env, mime, fields) : CURLE_BAD_FUNCTION_ARGUMENT;
        if (fields) (*env)->DeleteLocalRef(env, fields);
    }
    km_keepalive *k = rc ? NULL : calloc(1, sizeof *k);
    if (!rc && !k) rc = CURLE_OUT_OF_MEMORY;
    if (!rc) rc = curl_easy_setopt(e->easy, (CURLoption) option, mime);
    if (rc) {
        curl_mime_free(mime);
        free(k);
        return KM_CURLE(rc);
    }
    k->option = (CURLoption) option;
    k->mime = mime;
    km_live_inc();
    km_easy_keep(e, k);
    return 0;
}
