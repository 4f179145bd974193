/**
 * An HTTP client over a {@link org.konnect.curl.actors.MultiActor}: requests and responses as
 * values ({@link org.konnect.curl.http.HttpRequest}, {@link org.konnect.curl.http.HttpResponse}),
 * {@link org.konnect.curl.http.HttpClient} for code outside actors and
 * {@link org.konnect.curl.http.HttpClientActor}'s messages for code inside, with redirects,
 * cookies, authentication, proxies, UNIX sockets, timeouts, a decoded-body cap, per-origin limits
 * and retries ({@link org.konnect.curl.http.HttpClientSettings}). Each policy is a libcurl option
 * where libcurl has one.
 */
package org.konnect.curl.http;
