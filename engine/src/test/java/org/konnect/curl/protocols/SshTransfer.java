package org.konnect.curl.protocols;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.Multi;
import org.konnect.curl.Outcome;
import org.konnect.curl.ReadCallback;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;

/**
 * Test request for SFTP and SCP: one URL, options set by {@code configure}, the body collected
 * as the result; and the helpers that drive it on the calling (owner) thread.
 */
final class SshTransfer implements RequestProtocol<Void, byte[]> {
    private final String url;
    private final Consumer<ConfigHandle> configure;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    SshTransfer(String url, Consumer<ConfigHandle> configure) {
        this.url = url;
        this.configure = configure;
    }

    @Override
    public void configureHandle(ConfigHandle h) {
        h.setopt(CurlOpt.URL, url);
        h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
            int n = data.remaining();
            byte[] chunk = new byte[n];
            data.get(chunk);
            body.write(chunk, 0, n);
            return n;
        });
        configure.accept(h);
    }

    @Override
    public byte[] completed(GetInfoHandle info) {
        return body.toByteArray();
    }

    /** A read callback that uploads {@code content}. */
    static ReadCallback uploading(byte[] content) {
        int[] offset = {0};
        return (ByteBuffer buffer) -> {
            int n = Math.min(buffer.remaining(), content.length - offset[0]);
            buffer.put(content, offset[0], n);
            offset[0] += n;
            return n;
        };
    }

    /** Runs {@code request} on {@code multi} until it is done; its result, or the failure as thrown. */
    static <R> R run(Multi multi, RequestProtocol<?, R> request) {
        CompletableFuture<? extends Outcome<?, R>> f = multi.process(request).toCompletableFuture();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!f.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError(new TimeoutException(request + " not done after 30 s"));
            multi.perform(Math.max(1, Math.min(100, left / 1_000_000)));
        }
        Outcome<?, R> outcome = f.join();
        if (!(outcome instanceof Outcome.Final<?, R> done)) throw new AssertionError("expected a final outcome, got " + outcome);
        return done.result();
    }

    /** Runs {@code request} on {@code multi}, which must fail it; the CurlError it fails with. */
    static CurlError failure(Multi multi, RequestProtocol<?, ?> request) {
        try {
            run(multi, request);
        } catch (CompletionException e) {
            if (e.getCause() instanceof CurlError error) return error;
            throw new AssertionError("expected a CurlError, got " + e.getCause(), e.getCause());
        }
        throw new AssertionError("expected " + request + " to fail, but it completed");
    }
}
