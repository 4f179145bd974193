/**
 * Internal API of the native layer: the loader of the packed JNI library and libcurl's
 * constants generated from the headers it is built against. Applications use
 * {@code org.konnect.curl} instead; nothing here is stable.
 */
package org.konnect.curl.jni;
