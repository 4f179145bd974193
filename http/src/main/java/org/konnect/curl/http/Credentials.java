package org.konnect.curl.http;

import java.util.Objects;

/**
 * Credentials for an origin, sent the way libcurl sends them ({@code CURLOPT_HTTPAUTH} with
 * {@code CURLOPT_USERNAME}/{@code CURLOPT_PASSWORD}, or {@code CURLOPT_XOAUTH2_BEARER}) and only
 * to that origin, never to another one a redirect leads to.
 */
public sealed interface Credentials permits Credentials.Basic, Credentials.Digest, Credentials.Bearer {

    /**
     * {@code CURLAUTH_BASIC}: sent with the first request.
     *
     * @param user the user name
     * @param password the password
     */
    record Basic(String user, String password) implements Credentials {
        /**
         * Checks the fields.
         *
         * @param user the user name
         * @param password the password
         */
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Basic[" + user + "]";
        }
    }

    /**
     * {@code CURLAUTH_DIGEST}: libcurl's Digest (RFC 7616); the first request draws the server's
     * challenge, libcurl answers it. A body is sent again with the answer, so a Digest request
     * needs a body that can be sent twice (bytes, or none).
     *
     * @param user the user name
     * @param password the password
     */
    record Digest(String user, String password) implements Credentials {
        /**
         * Checks the fields.
         *
         * @param user the user name
         * @param password the password
         */
        public Digest {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Digest[" + user + "]";
        }
    }

    /**
     * {@code CURLAUTH_BEARER}: {@code Authorization: Bearer <token>}.
     *
     * @param token the token
     */
    record Bearer(String token) implements Credentials {
        /**
         * Checks the field.
         *
         * @param token the token
         */
        public Bearer {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "Bearer[...]";
        }
    }

    /**
     * Basic credentials.
     *
     * @param user the user name
     * @param password the password
     * @return the credentials
     */
    static Credentials basic(String user, String password) {
        return new Basic(user, password);
    }

    /**
     * Digest credentials.
     *
     * @param user the user name
     * @param password the password
     * @return the credentials
     */
    static Credentials digest(String user, String password) {
        return new Digest(user, password);
    }

    /**
     * A bearer token.
     *
     * @param token the token
     * @return the credentials
     */
    static Credentials bearer(String token) {
        return new Bearer(token);
    }
}
