package org.konnect.curl.testservers;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a whole request body without blocking, copying each chunk's bytes as it arrives.
 *
 * <p>A chunk's buffer is valid only until the chunk is released. {@code Content.Source.asByteBufferAsync}
 * can hand back a view of such a buffer, which HTTP/2 then reuses for later frames before the
 * response is written: {@code /echo} over h2c sent back garbage of the right length (about one
 * echo in two hundred under load).
 */
final class CopiedRequestBody {
    private final Request request;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final CompletableFuture<ByteBuffer> body = new CompletableFuture<>();

    private CopiedRequestBody(Request request) {
        this.request = request;
    }

    /** The body of {@code request}, in a heap buffer of its own; completed when the last chunk arrived. */
    static CompletableFuture<ByteBuffer> of(Request request) {
        CopiedRequestBody reader = new CopiedRequestBody(request);
        reader.readAvailable();
        return reader.body;
    }

    private void readAvailable() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this::readAvailable);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                body.completeExceptionally(chunk.getFailure());
                return;
            }
            ByteBuffer data = chunk.getByteBuffer();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            copy.write(bytes, 0, bytes.length);
            chunk.release();
            if (chunk.isLast()) {
                body.complete(ByteBuffer.wrap(copy.toByteArray()));
                return;
            }
        }
    }
}
