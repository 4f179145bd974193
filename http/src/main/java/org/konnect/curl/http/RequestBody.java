package org.konnect.curl.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * What a request sends: nothing, bytes in memory, a file, or a stream of bytes. Bytes are sent
 * as {@code CURLOPT_POSTFIELDS}, which libcurl can send again (a 307 or 308 redirect, a Digest
 * challenge); a file and a stream are read through the read callback, chunked unless their length
 * is known, and cannot be sent twice: a redirect that needs the body again fails the request with
 * a clear error, and such requests are never retried.
 */
public sealed interface RequestBody permits RequestBody.Empty, RequestBody.Bytes, RequestBody.FromFile, RequestBody.Streamed {

    /**
     * The body's length, if known.
     *
     * @return the length in bytes, or -1 for a stream of unknown length
     */
    long contentLength();

    /**
     * Whether the body can be sent more than once (for a retry).
     *
     * @return true for no body and for bytes
     */
    default boolean isReplayable() {
        return false;
    }

    /** No body. */
    enum Empty implements RequestBody {
        /** The one empty body. */
        INSTANCE;

        @Override
        public long contentLength() {
            return 0;
        }

        @Override
        public boolean isReplayable() {
            return true;
        }
    }

    /**
     * Bytes in memory.
     *
     * @param data the bytes
     */
    record Bytes(ByteString data) implements RequestBody {
        /**
         * Checks the field.
         *
         * @param data the bytes
         */
        public Bytes {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public long contentLength() {
            return data.length();
        }

        @Override
        public boolean isReplayable() {
            return true;
        }
    }

    /**
     * A file, read while the request is sent; its length is taken when the request starts.
     *
     * @param file the file
     */
    record FromFile(Path file) implements RequestBody {
        /**
         * Checks the field.
         *
         * @param file the file
         */
        public FromFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public long contentLength() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of the request body " + file, e);
            }
        }
    }

    /**
     * A stream of bytes, materialized once when the request starts; back-pressured by libcurl's
     * read callback (the source is pulled while less than a window waits unsent).
     *
     * @param source the bytes
     * @param contentLength the length if known (sent as {@code Content-Length}), else -1 (chunked)
     */
    record Streamed(org.apache.pekko.stream.javadsl.Source<ByteString, ?> source, long contentLength) implements RequestBody {
        /**
         * Checks the fields.
         *
         * @param source the bytes
         * @param contentLength -1 or the length
         * @throws IllegalArgumentException if {@code contentLength} is below -1
         */
        public Streamed {
            Objects.requireNonNull(source, "source");
            if (contentLength < -1) {
                throw new IllegalArgumentException("contentLength must be -1 (unknown) or the length: " + contentLength);
            }
        }
    }

    /**
     * No body.
     *
     * @return the empty body
     */
    static RequestBody empty() {
        return Empty.INSTANCE;
    }

    /**
     * Bytes.
     *
     * @param data the bytes (copied)
     * @return the body
     */
    static RequestBody of(byte[] data) {
        return new Bytes(ByteString.fromArray(data));
    }

    /**
     * A string in UTF-8.
     *
     * @param text the text
     * @return the body
     */
    static RequestBody of(String text) {
        return new Bytes(ByteString.fromString(text, StandardCharsets.UTF_8));
    }

    /**
     * A file.
     *
     * @param file the file
     * @return the body
     */
    static RequestBody ofFile(Path file) {
        return new FromFile(file);
    }

    /**
     * A stream of unknown length (sent chunked over HTTP/1.1).
     *
     * @param source the bytes
     * @return the body
     */
    static RequestBody ofSource(org.apache.pekko.stream.javadsl.Source<ByteString, ?> source) {
        return new Streamed(source, -1);
    }

    /**
     * A stream of known length.
     *
     * @param source the bytes
     * @param contentLength how many it gives
     * @return the body
     */
    static RequestBody ofSource(org.apache.pekko.stream.javadsl.Source<ByteString, ?> source, long contentLength) {
        return new Streamed(source, contentLength);
    }
}
