package org.konnect.curl.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.SinkRef;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.konnect.curl.HttpVersion;

/**
 * Every message of the module through the serializer the module's reference.conf binds
 * (Jackson CBOR), as remoting would: serialize, deserialize by serializer id and manifest, compare.
 */
class ClusterMessagesSerializationTest {
    private static ActorTestKit kit;
    private static Serialization serialization;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = cluster\n"
                + "pekko.remote.artery.canonical.port = 0\npekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                + "pekko.loglevel = WARNING"));
        serialization = SerializationExtension.get(kit.system());
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    private static Object roundTrip(Object message) {
        Serializer serializer = serialization.findSerializerFor(message);
        assertEquals("org.apache.pekko.serialization.jackson.JacksonCborSerializer", serializer.getClass().getName(),
                message.getClass() + " is serialized by " + serializer.getClass());
        byte[] bytes = serialization.serialize(message).get();
        String manifest = Serializers.manifestFor(serializer, message);
        return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
    }

    private static TransferDescription description() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("TIMEOUT_MS", 5000);   // an Integer: comes back as a Long either way
        options.put("CURLOPT_USERAGENT", "crawler/1");
        options.put("MAXFILESIZE_LARGE", 1L << 40);
        return new TransferDescription("http://127.0.0.1:8080/echo?x=1", "PUT",
                List.of(new Header("X-A", "1"), new Header("X-A", "2"), new Header("Accept", "*/*")),
                new byte[] {0, 1, (byte) 0xff, 10, 13}, options, true, true);
    }

    @Test
    void aTransferDescriptionKeepsItsHeaderOrderRepeatsBodyAndOptions() {
        TransferDescription d = description();
        TransferDescription back = (TransferDescription) roundTrip(d);
        assertEquals(d, back);
        assertEquals(List.of("TIMEOUT_MS", "CURLOPT_USERAGENT", "MAXFILESIZE_LARGE"), List.copyOf(back.options().keySet()));
        assertEquals(5000L, back.options().get("TIMEOUT_MS"));
        assertEquals(1L << 40, back.options().get("MAXFILESIZE_LARGE"));
        assertArrayEquals(d.body(), back.body());
        assertTrue(back.idempotent() && back.retryOnNodeLoss());
    }

    @Test
    void theEntitysAndRequestersCommandsCarryTheirActorRefs() {
        TestProbe<TransferReply> probe = kit.createTestProbe();
        OriginEntity.Run run = new OriginEntity.Run("r-1", description(), probe.getRef());
        assertEquals(run, roundTrip(run));
        assertEquals(new OriginEntity.Drain(), roundTrip(new OriginEntity.Drain()));
        TestProbe<OriginEntity.State> state = kit.createTestProbe();
        assertEquals(new OriginEntity.GetState(state.getRef()), roundTrip(new OriginEntity.GetState(state.getRef())));
        OriginEntity.State drained = new OriginEntity.State("http://h:80", "pekko://s@127.0.0.1:2552", 3, true);
        assertEquals(drained, roundTrip(drained));
        ClusterCurl.Execute execute = new ClusterCurl.Execute("r-2", TransferDescription.post("https://h/x", new byte[3]), probe.getRef());
        assertEquals(execute, roundTrip(execute));
        for (OriginEntity.Streamed which : OriginEntity.Streamed.values()) {
            OriginEntity.Run streamed = new OriginEntity.Run("r-3", description(), probe.getRef(), which);
            OriginEntity.Run streamedBack = (OriginEntity.Run) roundTrip(streamed);
            assertEquals(streamed, streamedBack);
            assertEquals(which, streamedBack.streamed());
        }
    }

    /** The body's SourceRef crosses inside the reply (Pekko's Jackson stream module) and still streams. */
    @Test
    void aStreamingReplyCarriesItsSourceRef() throws Exception {
        SourceRef<ByteString> ref = Source.from(List.of(ByteString.fromString("streamed "), ByteString.fromString("body")))
                .runWith(StreamRefs.sourceRef(), kit.system());
        TransferReply.Streaming streaming = new TransferReply.Streaming("r-4", ref, "pekko://s@127.0.0.1:2552");
        TransferReply.Streaming back = (TransferReply.Streaming) roundTrip(streaming);
        assertEquals("r-4", back.requestId());
        assertEquals("pekko://s@127.0.0.1:2552", back.node());
        List<ByteString> body = back.body().getSource().runWith(Sink.seq(), kit.system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("streamed body", body.stream().map(ByteString::utf8String).reduce("", String::concat));
    }

    /** The upload's SinkRef crosses inside the reply and still takes a body. */
    @Test
    void anUploadingReplyCarriesItsSinkRef() throws Exception {
        Pair<SinkRef<ByteString>, CompletionStage<List<ByteString>>> sink = StreamRefs.<ByteString>sinkRef()
                .toMat(Sink.seq(), Keep.both()).run(kit.system());
        TransferReply.Uploading uploading = new TransferReply.Uploading("r-5", sink.first(), "pekko://s@127.0.0.1:2552");
        TransferReply.Uploading back = (TransferReply.Uploading) roundTrip(uploading);
        assertEquals("r-5", back.requestId());
        Source.from(List.of(ByteString.fromString("up"), ByteString.fromString("loaded"))).runWith(back.body().getSink(), kit.system());
        List<ByteString> got = sink.second().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("uploaded", got.stream().map(ByteString::utf8String).reduce("", String::concat));
    }

    @Test
    void repliesKeepTheirFields() {
        TestProbe<OriginEntity.Command> entity = kit.createTestProbe();
        TransferReply.Accepted accepted = new TransferReply.Accepted("r-1", "pekko://s@127.0.0.1:2552", entity.getRef());
        assertEquals(accepted, roundTrip(accepted));

        TransferSummary info = new TransferSummary(200, "http://127.0.0.1:8080/x", HttpVersion.HTTP_2, 5, 7,
                Duration.ofNanos(1_234_000), Duration.ofMillis(3), Duration.ofSeconds(1, 5000), 0);
        TransferReply.Completed completed = new TransferReply.Completed("r-1", 200,
                List.of(new Header("Set-Cookie", "a=1"), new Header("Set-Cookie", "b=2")), new byte[] {1, 2, 3}, info,
                "pekko://s@127.0.0.1:2552");
        TransferReply.Completed back = (TransferReply.Completed) roundTrip(completed);
        assertEquals(completed, back);
        assertEquals(List.of("a=1", "b=2"), back.header("set-cookie"));
        assertEquals(Duration.ofSeconds(1, 5000), back.info().totalTime());

        TransferReply.Failed failed = new TransferReply.Failed("r-1", TransferReply.Cause.CURL, "CURLE_COULDNT_CONNECT", 7,
                "CURLE_COULDNT_CONNECT (7): connection refused", "pekko://s@127.0.0.1:2552");
        assertEquals(failed, roundTrip(failed));
        TransferReply.Failed lost = TransferReply.Failed.ownerLost("r-2", "http://h:80", "pekko://s@127.0.0.1:2553", false);
        assertEquals(lost, roundTrip(lost));
        TransferReply.Failed notAccepted = TransferReply.Failed.notAccepted("r-3", "http://h:80", Duration.ofSeconds(1));
        assertEquals(notAccepted, roundTrip(notAccepted));
    }

    @Test
    void aDescriptionRefusesWhatCannotCrossOrCannotRun() {
        assertThrows(IllegalArgumentException.class, () -> TransferDescription.get("no-scheme/path"));
        assertThrows(IllegalArgumentException.class, () -> TransferDescription.of("get", "http://h/", null));
        assertThrows(IllegalArgumentException.class, () -> TransferDescription.get("http://h/").withOption("TIMEOUT", 1.5));
        assertThrows(IllegalArgumentException.class, () -> TransferDescription.get("http://h/").withHeader("X-A", "1\r\nX-B: 2"));
        assertEquals("http://h:80", TransferDescription.get("HTTP://H/x").origin());
        assertTrue(TransferDescription.get("http://h/").idempotent());
        assertTrue(!TransferDescription.post("http://h/", new byte[0]).idempotent());
    }
}
