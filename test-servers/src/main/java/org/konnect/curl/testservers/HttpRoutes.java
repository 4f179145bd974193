package org.konnect.curl.testservers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** The endpoints of {@link LoopbackHttpServer}, as one non-blocking Jetty core handler. */
final class HttpRoutes extends Handler.Abstract {

    /** Piece size used when a /bytes request gives no {@code chunk} parameter. */
    private static final int DEFAULT_PIECE = PatternBytes.MAX_PIECE;
    private static final int DRIP_PIECE = 1024;
    private static final long DRIP_DELAY_MS = 20;

    private final AtomicLong requests;
    private final TransferGauge transfers;

    HttpRoutes(AtomicLong requests, TransferGauge transfers) {
        this.requests = requests;
        this.transfers = transfers;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        requests.incrementAndGet();
        String path = request.getHttpURI().getPath();
        if (path == null) {
            path = "/";
        }
        try {
            if (path.startsWith("/bytes/")) {
                bytes(request, response, callback, path.substring("/bytes/".length()));
            } else if (path.equals("/echo")) {
                echo(request, response, callback);
            } else if (path.equals("/digest")) {
                digest(request, response, callback);
            } else if (path.startsWith("/slow-read/")) {
                slowRead(request, response, callback, parseLength(path.substring("/slow-read/".length())));
            } else if (path.startsWith("/status/")) {
                status(request, response, callback, path.substring("/status/".length()));
            } else if (path.equals("/protocol")) {
                text(request, response, callback, 200, request.getConnectionMetaData().getProtocol());
            } else if (path.equals("/redirect")) {
                redirect(request, response, callback);
            } else if (path.startsWith("/gzip-zeros/")) {
                gzipZeros(response, callback, path.substring("/gzip-zeros/".length()));
            } else if (path.startsWith("/encoded/")) {
                encoded(request, response, callback, path.substring("/encoded/".length()));
            } else if (path.equals("/loop")) {
                loop(response, callback);
            } else if (path.startsWith("/drip/")) {
                drip(request, response, callback, path.substring("/drip/".length()));
            } else {
                text(request, response, callback, 404, "not found");
            }
        } catch (BadRequest e) {
            text(request, response, callback, 400, e.getMessage());
        }
        return true;
    }

    private void bytes(Request request, Response response, Callback callback, String arg) {
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (!head && !HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            text(request, response, callback, 405, "method not allowed");
            return;
        }
        long n = parseLength(arg);
        Fields query = Request.extractQueryParameters(request);
        int chunk = (int) Math.min(PatternBytes.MAX_PIECE, optionalNumber(query, "chunk", DEFAULT_PIECE));
        long delayMs = optionalNumber(query, "delayMs", 0);
        if (chunk < 1) {
            throw new BadRequest("chunk must be positive");
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, n);
        if (head) {
            response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            return;
        }
        stream(request, response, callback, n, chunk, delayMs);
    }

    private void drip(Request request, Response response, Callback callback, String arg) {
        long n = parseLength(arg);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, n);
        if (HttpMethod.HEAD.is(request.getMethod())) {
            response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            return;
        }
        stream(request, response, callback, n, DRIP_PIECE, DRIP_DELAY_MS);
    }

    private void stream(Request request, Response response, Callback callback,
                        long n, int piece, long delayMs) {
        transfers.started();
        PatternSender sender = new PatternSender(response, callback, transfers,
                request.getComponents().getScheduler(), n, piece, delayMs);
        // A client that resets the stream / closes the connection aborts the transfer promptly.
        request.addFailureListener(sender::abort);
        sender.iterate();
    }

    private void echo(Request request, Response response, Callback callback) {
        CopiedRequestBody.of(request).whenComplete((body, failure) -> {
            if (failure != null) {
                callback.failed(failure);
                return;
            }
            HttpFields.Mutable headers = response.getHeaders();
            headers.put("X-Method", request.getMethod());
            headers.put("X-Body-Length", String.valueOf(body.remaining()));
            for (HttpField field : request.getHeaders()) {
                String name = field.getName();
                // Authorization too, so tests can see where credentials were (not) sent.
                if (name.length() >= 2 && name.regionMatches(true, 0, "X-", 0, 2) || name.equalsIgnoreCase("Authorization")) {
                    headers.add("X-Echo-" + name, field.getValue());
                }
            }
            headers.put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            headers.put(HttpHeader.CONTENT_LENGTH, body.remaining());
            response.setStatus(200);
            response.write(true, body, callback);
        });
    }

    /** Reads the whole body and says what it was, in a few bytes: the method, the length, whether it is the pattern. */
    private void digest(Request request, Response response, Callback callback) {
        CopiedRequestBody.of(request).whenComplete((body, failure) -> {
            if (failure != null) {
                callback.failed(failure);
                return;
            }
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            text(request, response, callback, 200, request.getMethod() + " " + bytes.length + " "
                    + (LoopbackHttpServer.isPattern(bytes) ? "pattern" : "other"));
        });
    }

    /** Takes the body one chunk at a time, {@code delayMs} apart, counting what it took; answers its length. */
    private void slowRead(Request request, Response response, Callback callback, long delayMs) {
        new SlowReader(request, response, callback, delayMs).run();
    }

    /** {@code /slow-read}: each run takes one chunk, then asks for the next one {@code delayMs} later. */
    private final class SlowReader implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long delayMs;
        private long taken;

        SlowReader(Request request, Response response, Callback callback, long delayMs) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.delayMs = delayMs;
        }

        @Override
        public void run() {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                callback.failed(chunk.getFailure());
                return;
            }
            int n = chunk.remaining();
            boolean last = chunk.isLast();
            chunk.release();
            taken += n;
            transfers.read(n);
            if (last) {
                text(request, response, callback, 200, "read " + taken);
            } else {
                request.getComponents().getScheduler().schedule(() -> request.demand(this), delayMs, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void status(Request request, Response response, Callback callback, String arg) {
        int code;
        try {
            code = Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            throw new BadRequest("bad status code: " + arg);
        }
        if (code < 200 || code > 599) {
            throw new BadRequest("status code must be 200..599: " + arg);
        }
        if (code == 204 || code == 304) {
            // These responses cannot carry a body.
            response.setStatus(code);
            response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            return;
        }
        text(request, response, callback, code, "status " + code);
    }

    private void redirect(Request request, Response response, Callback callback) {
        String to = Request.extractQueryParameters(request).getValue("to");
        if (to == null || to.isEmpty()) {
            throw new BadRequest("missing 'to' query parameter");
        }
        response.setStatus(302);
        response.getHeaders().put(HttpHeader.LOCATION, to);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    /**
     * {@code n} zero bytes, gzip-encoded ({@code Content-Encoding: gzip}): a body a thousand times
     * larger decoded than on the wire, as a decompression bomb is.
     */
    private static void gzipZeros(Response response, Callback callback, String n) {
        byte[] wire = GzipZeros.of(parseLength(n));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, wire.length);
        response.write(true, ByteBuffer.wrap(wire), callback);
    }

    /**
     * {@code n} pattern bytes encoded by {@code steps} (default {@code gzip}; see
     * {@link EncodedBodies}), sent with {@code Content-Encoding: header} (default: the steps).
     * For faults: {@code members} gzip members, the last {@code truncate} bytes cut off, the byte
     * at {@code corrupt} (or {@code corruptFromEnd} before the last) inverted; the Content-Length
     * is always that of what is sent.
     */
    private static void encoded(Request request, Response response, Callback callback, String n) {
        Fields query = Request.extractQueryParameters(request);
        String steps = query.getValue("steps") == null ? "gzip" : query.getValue("steps");
        int members = (int) Math.max(1, optionalNumber(query, "members", 1));
        byte[] wire = PatternBytes.of((int) Math.min(parseLength(n), Integer.MAX_VALUE - 8));
        StringBuilder names = new StringBuilder();
        try {
            for (String step : steps.split(",")) {
                wire = EncodedBodies.encode(step.trim(), wire, members);
                names.append(names.length() == 0 ? "" : ", ").append(EncodedBodies.headerName(step.trim()));
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        int length = (int) Math.max(0, wire.length - optionalNumber(query, "truncate", 0));
        long corrupt = query.getValue("corruptFromEnd") != null ? length - 1 - optionalNumber(query, "corruptFromEnd", 0)
                : optionalNumber(query, "corrupt", Long.MAX_VALUE);
        if (corrupt >= 0 && corrupt < length) {
            wire[(int) corrupt] ^= (byte) 0xff;
        }
        response.setStatus(200);
        String header = query.getValue("header");
        response.getHeaders().put(HttpHeader.CONTENT_ENCODING, header == null ? names.toString() : header);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        response.write(true, ByteBuffer.wrap(wire, 0, length), callback);
    }

    /** A redirect to itself, for ever: what a client must stop following. */
    private static void loop(Response response, Callback callback) {
        response.setStatus(302);
        response.getHeaders().put(HttpHeader.LOCATION, "/loop");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    private static void text(Request request, Response response, Callback callback, int status, String body) {
        ByteBuffer content = ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, content.remaining());
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? BufferUtil.EMPTY_BUFFER : content, callback);
    }

    private static long parseLength(String arg) {
        try {
            long n = Long.parseLong(arg);
            if (n < 0) {
                throw new BadRequest("negative length: " + arg);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequest("bad length: " + arg);
        }
    }

    private static long optionalNumber(Fields query, String name, long fallback) {
        String value = query.getValue(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n < 0) {
                throw new BadRequest(name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequest("bad " + name.toLowerCase(Locale.ROOT) + ": " + value);
        }
    }

    /** Thrown by argument parsing; turned into a 400 response. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
