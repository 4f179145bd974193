package org.konnect.curl.http;

import java.net.URI;
import org.konnect.curl.HttpVersion;

/**
 * The head of the final response: what an exchange knows before its body.
 *
 * @param status the status code
 * @param reason the reason phrase (empty over HTTP/2, which has none)
 * @param version the HTTP version of the status line
 * @param headers the header fields, in order
 * @param uri the URI that answered, after the redirects followed
 */
record ResponseHead(int status, String reason, HttpVersion version, HttpHeaders headers, URI uri) {}
