package org.konnect.curl.http;

import java.util.Objects;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A response's body: all of it in memory ({@link Strict}), or a back-pressured stream that can be
 * run once ({@link Streamed}).
 */
public sealed interface ResponseBody permits ResponseBody.Strict, ResponseBody.Streamed {

    /**
     * The body as a source: the bytes of a strict body, or the stream itself.
     *
     * @return a source of the body's bytes
     */
    Source<ByteString, NotUsed> source();

    /**
     * The whole body, received before the response was handed over.
     *
     * @param bytes the body (decoded when the client decodes content)
     */
    record Strict(ByteString bytes) implements ResponseBody {
        /**
         * Checks the field.
         *
         * @param bytes the body
         */
        public Strict {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public Source<ByteString, NotUsed> source() {
            return bytes.isEmpty() ? Source.empty() : Source.single(bytes);
        }
    }

    /**
     * The body as it arrives. Run it once: demand drives the transfer (with none, libcurl stops
     * reading the connection); cancelling it cancels the transfer. A body not run within the
     * client's {@link HttpClientSettings#bodySubscriptionTimeout()} is discarded (the transfer is
     * cancelled), so that an unread response cannot hold its connection for ever.
     *
     * @param source the bytes; a second run fails
     */
    record Streamed(Source<ByteString, NotUsed> source) implements ResponseBody {
        /**
         * Checks the field.
         *
         * @param source the bytes
         */
        public Streamed {
            Objects.requireNonNull(source, "source");
        }
    }
}
