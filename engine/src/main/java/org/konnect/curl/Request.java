package org.konnect.curl;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A ready-made {@link RequestProtocol}: fetches one URL (any protocol libcurl speaks) into a
 * destination — memory, an {@link OutputStream} or a file — and returns a {@link Response}.
 * It has no interim updates. Defaults: connect timeout 10 s, total timeout 5 min, redirects
 * followed (at most 10, to http/https only, credentials never sent to another host), TLS peer
 * and host verified against the system's CA store (libcurl's defaults, never switched off), and
 * for {@code sftp:} and {@code scp:} URLs the SSH host key checked against
 * {@code ~/.ssh/known_hosts} ({@link #withKnownHosts}, {@link #withHostKeySha256}), which libcurl
 * does not do by default. A {@code Request} describes one transfer: make a new one for each.
 */
public final class Request implements RequestProtocol<Void, Request.Response> {
    /**
     * What the transfer returned. {@code body} is set for {@link #toMemory} only.
     *
     * @param responseCode {@code CURLINFO_RESPONSE_CODE}: the last response code (0 if none)
     * @param bodyBytes the number of body bytes written to the destination
     * @param contentType {@code CURLINFO_CONTENT_TYPE}, or {@code null}
     * @param effectiveUrl {@code CURLINFO_EFFECTIVE_URL}: the last URL used, after redirects
     * @param httpVersion {@code CURLINFO_HTTP_VERSION}: the HTTP version used
     * @param totalTime {@code CURLINFO_TOTAL_TIME_T}: the whole transfer's time
     * @param connectionReused whether the transfer reused a connection
     *        ({@code CURLINFO_NUM_CONNECTS} was 0)
     * @param body the body, for {@link #toMemory}; {@code null} otherwise
     */
    public record Response(int responseCode, long bodyBytes, String contentType, String effectiveUrl,
                           HttpVersion httpVersion, Duration totalTime, boolean connectionReused, byte[] body) {
        /**
         * A short description, without the body.
         *
         * @return the response code, the body size and the effective URL
         */
        @Override
        public String toString() {
            return "Response[" + responseCode + ", " + bodyBytes + " bytes, " + effectiveUrl + "]";
        }
    }

    private interface Sink {
        void write(ByteBuffer data) throws IOException;

        default void close() throws IOException {}
    }

    private final String url;
    /** {@link Origin#of} the URL, computed once: a router asks for it at every message. */
    private final String origin;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final Target target;
    private final String username;
    private final String password;
    private final HostKeyCheck hostKeyCheck;
    private final long maxBodyBytes;
    private Sink sink;
    private byte[] memory;
    private int memorySize;
    private long bodyBytes;

    /**
     * The URL's origin, for routers that keep an origin on one multi handle.
     *
     * @return {@link Origin#of} the URL, or {@code null} for a URL without {@code scheme://}
     */
    @Override
    public String origin() {
        return origin;
    }

    /** The default of {@link #withMaxBodyBytes}: 1 GiB of decoded body. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1L << 30;

    private enum Kind { MEMORY, STREAM, FILE }

    private record Target(Kind kind, OutputStream stream, Path file) {}

    /**
     * How an SSH host key is checked: against a known_hosts file ({@code null}: the user's), or,
     * when {@code sha256} is set, by its fingerprint alone.
     */
    private record HostKeyCheck(Path knownHosts, String sha256) {
        static final HostKeyCheck DEFAULT = new HostKeyCheck(null, null);

        Path knownHostsOrDefault() {
            return knownHosts != null ? knownHosts : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        }
    }

    private Request(String url, Target target, Duration connectTimeout, Duration timeout, String username, String password,
                    HostKeyCheck hostKeyCheck, long maxBodyBytes) {
        this.url = Objects.requireNonNull(url, "url");
        this.origin = Origin.of(url);
        this.target = target;
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.username = username;
        this.password = password;
        this.hostKeyCheck = hostKeyCheck;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Fetches {@code url} into memory: {@link Response#body()}.
     *
     * @param url the URL ({@code CURLOPT_URL})
     * @return a new request with the default timeouts and no credentials
     */
    public static Request toMemory(String url) {
        return new Request(url, new Target(Kind.MEMORY, null, null), Duration.ofSeconds(10), Duration.ofMinutes(5), null, null,
                HostKeyCheck.DEFAULT, DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * Fetches {@code url} into {@code out} (not closed by the request). {@code out} is written on
     * the multi's owner thread; a write that throws fails the transfer.
     *
     * @param url the URL ({@code CURLOPT_URL})
     * @param out the destination of the body
     * @return a new request with the default timeouts and no credentials
     */
    public static Request toStream(String url, OutputStream out) {
        return new Request(url, new Target(Kind.STREAM, Objects.requireNonNull(out, "out"), null),
                Duration.ofSeconds(10), Duration.ofMinutes(5), null, null, HostKeyCheck.DEFAULT,
                DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * Fetches {@code url} into {@code file} (created or truncated). The file is opened when the
     * transfer starts and closed when it ends.
     *
     * @param url the URL ({@code CURLOPT_URL})
     * @param file the destination of the body
     * @return a new request with the default timeouts and no credentials
     */
    public static Request toFile(String url, Path file) {
        return new Request(url, new Target(Kind.FILE, null, Objects.requireNonNull(file, "file")),
                Duration.ofSeconds(10), Duration.ofMinutes(5), null, null, HostKeyCheck.DEFAULT,
                DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * The same request with another connect timeout ({@code CURLOPT_CONNECTTIMEOUT_MS}).
     *
     * @param connectTimeout the longest time the connection phase may take (default 10 s)
     * @return a new request; this one is unchanged
     */
    public Request withConnectTimeout(Duration connectTimeout) {
        return new Request(url, target, connectTimeout, timeout, username, password, hostKeyCheck, maxBodyBytes);
    }

    /**
     * The same request with another total timeout ({@code CURLOPT_TIMEOUT_MS}).
     *
     * @param timeout the longest time the whole transfer may take (default 5 min)
     * @return a new request; this one is unchanged
     */
    public Request withTimeout(Duration timeout) {
        return new Request(url, target, connectTimeout, timeout, username, password, hostKeyCheck, maxBodyBytes);
    }

    /**
     * The same request with credentials ({@code CURLOPT_USERNAME}/{@code CURLOPT_PASSWORD}).
     * They are sent to the URL's host only, never to another host a redirect leads to.
     *
     * @param username the user name
     * @param password the password
     * @return a new request; this one is unchanged
     */
    public Request withCredentials(String username, String password) {
        return new Request(url, target, connectTimeout, timeout, Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"), hostKeyCheck, maxBodyBytes);
    }

    /**
     * The same request with another cap on the decoded body ({@link ConfigHandle#maxBodyBytes}):
     * a body that would grow past it fails the transfer at once with {@code CURLE_FILESIZE_EXCEEDED}
     * (unlike {@code CURLOPT_MAXFILESIZE_LARGE}, it counts what the write callback receives, so a
     * compressed body is capped after decoding).
     *
     * @param maxBodyBytes the most body bytes to accept (default {@link #DEFAULT_MAX_BODY_BYTES});
     *        {@link Long#MAX_VALUE} for no cap
     * @return a new request; this one is unchanged
     * @throws IllegalArgumentException if {@code maxBodyBytes} is negative
     */
    public Request withMaxBodyBytes(long maxBodyBytes) {
        if (maxBodyBytes < 0) throw new IllegalArgumentException("withMaxBodyBytes: " + maxBodyBytes + " is negative");
        return new Request(url, target, connectTimeout, timeout, username, password, hostKeyCheck, maxBodyBytes);
    }

    /**
     * The same request checking an SSH server's host key against another known_hosts file
     * ({@code CURLOPT_SSH_KNOWNHOSTS}) than {@code ~/.ssh/known_hosts}. For {@code sftp:} and
     * {@code scp:} URLs: the transfer fails with {@code CURLE_PEER_FAILED_VERIFICATION} unless
     * the file lists the host (as {@code [host]:port} for a port other than 22) with the key it
     * presents. Ignored when a fingerprint is given ({@link #withHostKeySha256}).
     *
     * @param knownHosts an OpenSSH known_hosts file
     * @return a new request; this one is unchanged
     */
    public Request withKnownHosts(Path knownHosts) {
        return new Request(url, target, connectTimeout, timeout, username, password,
                new HostKeyCheck(Objects.requireNonNull(knownHosts, "knownHosts"), hostKeyCheck.sha256()), maxBodyBytes);
    }

    /**
     * The same request accepting exactly the SSH host key with this SHA-256 fingerprint
     * ({@code CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256}), instead of a known_hosts file, for
     * {@code sftp:} and {@code scp:} URLs. Any other key fails the transfer with
     * {@code CURLE_PEER_FAILED_VERIFICATION}.
     *
     * @param fingerprint the base64 SHA-256 of the key blob, as {@code ssh-keygen -l} shows it
     *        ({@code SHA256:...}); the prefix and {@code =} padding may be left out
     * @return a new request; this one is unchanged
     * @throws IllegalArgumentException if {@code fingerprint} is not 32 bytes in base64
     */
    public Request withHostKeySha256(String fingerprint) {
        return new Request(url, target, connectTimeout, timeout, username, password,
                new HostKeyCheck(hostKeyCheck.knownHosts(), sha256Fingerprint(fingerprint)), maxBodyBytes);
    }

    /** libcurl compares the fingerprint as unpadded base64 text; a SHA-256 is 43 characters of it. */
    private static String sha256Fingerprint(String fingerprint) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        String b64 = fingerprint.startsWith("SHA256:") ? fingerprint.substring("SHA256:".length()) : fingerprint;
        while (b64.endsWith("=")) b64 = b64.substring(0, b64.length() - 1);
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            digest = null;
        }
        if (digest == null || digest.length != 32 || b64.length() != 43) {
            throw new IllegalArgumentException("not a base64 SHA-256 fingerprint: " + fingerprint);
        }
        return b64;
    }

    /**
     * The URL this request fetches.
     *
     * @return the URL as given
     */
    public String url() {
        return url;
    }

    /**
     * Sets the URL, the timeouts, the redirect policy, the credentials if any, for an SSH URL the
     * host-key check, and a {@link WriteCallback} into the destination, which it opens.
     *
     * @param handle the transfer's easy handle
     * @throws UncheckedIOException if the destination file cannot be opened
     */
    @Override
    public void configureHandle(ConfigHandle handle) {
        handle.setopt(CurlOpt.URL, url);
        handle.setopt(CurlOpt.CONNECTTIMEOUT_MS, connectTimeout.toMillis());
        handle.setopt(CurlOpt.TIMEOUT_MS, timeout.toMillis());
        handle.setopt(CurlOpt.FOLLOWLOCATION, true);
        handle.setopt(CurlOpt.MAXREDIRS, 10);
        handle.setopt(CurlOpt.REDIR_PROTOCOLS_STR, "http,https");
        handle.setopt(CurlOpt.UNRESTRICTED_AUTH, false);
        handle.maxBodyBytes(maxBodyBytes);
        if (username != null) {
            handle.setopt(CurlOpt.USERNAME, username);
            handle.setopt(CurlOpt.PASSWORD, password);
        }
        if (isSsh(url)) {
            // Only for SSH URLs: a libcurl built without SSH refuses the SSH options. Redirects
            // (http and https only) never lead to an SSH URL.
            if (hostKeyCheck.sha256() != null) {
                handle.setopt(CurlOpt.byName("SSH_HOST_PUBLIC_KEY_SHA256"), hostKeyCheck.sha256());
            } else {
                handle.setopt(CurlOpt.byName("SSH_KNOWNHOSTS"), hostKeyCheck.knownHostsOrDefault().toString());
            }
        }
        sink = openSink();
        handle.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) this::write);
    }

    private static boolean isSsh(String url) {
        return url.regionMatches(true, 0, "sftp://", 0, 7) || url.regionMatches(true, 0, "scp://", 0, 6);
    }

    private Sink openSink() {
        switch (target.kind()) {
            case MEMORY:
                memory = new byte[16 * 1024];
                return data -> {
                    int n = data.remaining();
                    if (memorySize + n > memory.length) {
                        memory = Arrays.copyOf(memory, Math.max(memory.length * 2, memorySize + n));
                    }
                    data.get(memory, memorySize, n);
                    memorySize += n;
                };
            case STREAM: {
                byte[] scratch = new byte[16 * 1024];
                return data -> {
                    while (data.hasRemaining()) {
                        int n = Math.min(scratch.length, data.remaining());
                        data.get(scratch, 0, n);
                        target.stream().write(scratch, 0, n);
                    }
                };
            }
            default: {
                FileChannel channel;
                try {
                    channel = FileChannel.open(target.file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open " + target.file() + " for " + url, e);
                }
                return new Sink() {
                    @Override
                    public void write(ByteBuffer data) throws IOException {
                        while (data.hasRemaining()) channel.write(data);
                    }

                    @Override
                    public void close() throws IOException {
                        channel.close();
                    }
                };
            }
        }
    }

    private int write(ByteBuffer data) {
        int n = data.remaining();
        try {
            sink.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the body of " + url, e);
        }
        bodyBytes += n;
        return n;
    }

    /**
     * Closes the destination and builds the {@link Response} from the transfer info.
     *
     * @param info the finished transfer's info
     * @return the response
     * @throws UncheckedIOException if the destination cannot be closed
     */
    @Override
    public Response completed(GetInfoHandle info) {
        closeSink();
        Integer connects = info.getinfo(CurlInfo.NUM_CONNECTS);
        return new Response(info.getinfo(CurlInfo.RESPONSE_CODE), bodyBytes, info.getinfo(CurlInfo.CONTENT_TYPE),
                info.getinfo(CurlInfo.EFFECTIVE_URL), info.getinfo(CurlInfo.HTTP_VERSION),
                info.getinfo(CurlInfo.TOTAL_TIME_T), connects != null && connects == 0,
                target.kind() == Kind.MEMORY ? Arrays.copyOf(memory, memorySize) : null);
    }

    /**
     * Closes the destination; a failure to close is added to {@code error} as suppressed.
     *
     * @param error the failure
     */
    @Override
    public void failed(CurlError error) {
        try {
            closeSink();
        } catch (UncheckedIOException e) {
            error.addSuppressed(e);
        }
    }

    private void closeSink() {
        if (sink == null) return;
        try {
            sink.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the destination of " + url, e);
        } finally {
            sink = null;
        }
    }

    /**
     * A short description naming the URL.
     *
     * @return {@code Request[<url>]}
     */
    @Override
    public String toString() {
        return "Request[" + url + "]";
    }
}
