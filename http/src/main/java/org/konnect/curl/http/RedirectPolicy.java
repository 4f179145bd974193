package org.konnect.curl.http;

/**
 * Whether redirects are followed, and how many. Followed: 301, 302, 303, 307 and 308 to http and
 * https URLs only ({@code CURLOPT_FOLLOWLOCATION}, {@code CURLOPT_MAXREDIRS},
 * {@code CURLOPT_REDIR_PROTOCOLS_STR}), with RFC 9110's method rules: 301 and 302 turn a POST into
 * a GET without body and keep other methods and their bodies; 303 turns every method but HEAD
 * into a GET without body; 307 and 308 keep the method and the body. libcurl's
 * {@code CURLOPT_POSTREDIR} gives the 301/302 rule; a 303 of a method set with
 * {@code CURLOPT_CUSTOMREQUEST} (PUT, PATCH, DELETE, ...) is followed by the client itself, since
 * libcurl 7.88 and 8.14 both keep the custom method there. Credentials, a custom
 * {@code Authorization} or {@code Cookie} header go to the original origin only (libcurl's rule,
 * tested on both versions; the client's own 303 hop applies it too). More redirects than allowed
 * fail the exchange with {@code CURLE_TOO_MANY_REDIRECTS}; with {@link #none()} a 3xx is the response.
 *
 * @param maxRedirects the most redirects to follow; 0 follows none
 */
public record RedirectPolicy(int maxRedirects) {
    /**
     * Checks the value.
     *
     * @param maxRedirects 0 or more
     * @throws IllegalArgumentException if negative
     */
    public RedirectPolicy {
        if (maxRedirects < 0) throw new IllegalArgumentException("maxRedirects is negative: " + maxRedirects);
    }

    /**
     * No redirect is followed: a 3xx is the response.
     *
     * @return the policy
     */
    public static RedirectPolicy none() {
        return new RedirectPolicy(0);
    }

    /**
     * Follow up to {@code max} redirects.
     *
     * @param max the most to follow
     * @return the policy
     */
    public static RedirectPolicy follow(int max) {
        return new RedirectPolicy(max);
    }

    /** @return whether any redirect is followed */
    public boolean follows() {
        return maxRedirects > 0;
    }
}
