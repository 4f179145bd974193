/**
 * Pekko Streams over every protocol libcurl speaks, through a
 * {@link org.konnect.curl.actors.MultiActor}'s messages.
 *
 * <ul>
 *   <li>{@link org.konnect.curl.streams.CurlSource}: a download as a
 *       {@code Source<ByteString, CompletionStage<TransferInfo>>}. Demand drives the transfer:
 *       with no demand the write callback pauses it and the connection stops reading.</li>
 *   <li>{@link org.konnect.curl.streams.CurlSink}: an upload as a
 *       {@code Sink<ByteString, CompletionStage<TransferInfo>>}. The read callback pauses while
 *       upstream has nothing to give.</li>
 *   <li>{@link org.konnect.curl.streams.CurlFlow}: many transfers at once, with bounded
 *       parallelism.</li>
 * </ul>
 *
 * <p>The materialized value is a {@link org.konnect.curl.streams.TransferInfo}, read with
 * {@code getinfo} when the transfer ends. A failed transfer fails the stream with its
 * {@link org.konnect.curl.CurlError}. Cancelling downstream, or failing upstream, cancels the
 * transfer.
 */
package org.konnect.curl.streams;
