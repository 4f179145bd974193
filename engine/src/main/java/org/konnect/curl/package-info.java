/**
 * libcurl's multi interface for the JVM, without Pekko: a {@link org.konnect.curl.Multi} owns
 * one multi handle and runs any number of transfers on the thread that opened it; a transfer is
 * a {@link org.konnect.curl.RequestProtocol} (configure with {@code setopt}, interim updates,
 * a result from {@code getinfo}); failures are {@link org.konnect.curl.CurlError}s.
 *
 * <p>Options and infos are typed ({@link org.konnect.curl.CurlOpt}, {@link org.konnect.curl.CurlInfo})
 * and reach every option the installed libcurl knows; callbacks see copies of libcurl's bytes in
 * memory the JVM owns.
 * The package-private classes hold the transfer lifecycle and the JNI boundary; the
 * repository's {@code docs/architecture.md} describes them.
 */
package org.konnect.curl;
