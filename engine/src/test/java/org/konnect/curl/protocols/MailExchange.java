package org.konnect.curl.protocols;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.Multi;
import org.konnect.curl.Outcome;
import org.konnect.curl.ReadCallback;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;

/**
 * One SMTP, IMAP or POP3 transfer for the mail tests: the URL, extra options from
 * {@code configure}, and whatever the server sends (a message, a listing) collected in memory.
 * Each run gets a Multi of its own, driven on the calling thread.
 */
final class MailExchange implements RequestProtocol<Void, MailExchange.Result> {
    private static final long TIMEOUT_NANOS = 30_000_000_000L;

    /** The last reply code (250 for SMTP, 0 for IMAP and POP3, which have none) and the bytes received. */
    record Result(int code, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String url;
    private final Consumer<ConfigHandle> configure;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private MailExchange(String url, Consumer<ConfigHandle> configure) {
        this.url = url;
        this.configure = configure;
    }

    /** Runs a transfer that must succeed. */
    static Result run(String url, Consumer<ConfigHandle> configure) {
        try {
            return (Result) ((Outcome.Final<?, ?>) drive(url, configure)).result();
        } catch (CompletionException e) {
            throw new AssertionError("the transfer of " + url + " failed", e.getCause());
        }
    }

    /** Runs a transfer that must fail, and returns its error. */
    static CurlError failure(String url, Consumer<ConfigHandle> configure) {
        try {
            drive(url, configure);
        } catch (CompletionException e) {
            if (e.getCause() instanceof CurlError error) return error;
            throw new AssertionError("expected a CurlError, got " + e.getCause(), e.getCause());
        }
        throw new AssertionError("expected the transfer of " + url + " to fail, but it completed");
    }

    /** Feeds {@code data} to libcurl's upload, as much as each call's buffer holds. */
    static ReadCallback reading(byte[] data) {
        int[] offset = {0};
        return buffer -> {
            int n = Math.min(buffer.remaining(), data.length - offset[0]);
            buffer.put(data, offset[0], n);
            offset[0] += n;
            return n;
        };
    }

    private static Outcome<Void, Result> drive(String url, Consumer<ConfigHandle> configure) {
        try (Multi multi = Multi.open()) {
            CompletableFuture<Outcome<Void, Result>> f = multi.process(new MailExchange(url, configure)).toCompletableFuture();
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (!f.isDone()) {
                if (System.nanoTime() > deadline) throw new AssertionError(new TimeoutException(url + " not done after 30 s"));
                multi.perform(100);
            }
            return f.join();
        }
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        h.setopt(CurlOpt.URL, url);
        h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) this::onBody);
        configure.accept(h);
    }

    private int onBody(ByteBuffer data) {
        int n = data.remaining();
        byte[] chunk = new byte[n];
        data.get(chunk);
        body.write(chunk, 0, n);
        return n;
    }

    @Override
    public Result completed(GetInfoHandle info) {
        return new Result(info.getinfo(CurlInfo.RESPONSE_CODE), body.toByteArray());
    }
}
