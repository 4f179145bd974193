package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.WriteCallback;
import org.konnect.curl.testservers.LoopbackMqttBroker;
import org.konnect.curl.testservers.NoNativeLeaks;

/** MQTT publish and subscribe through an embedded Moquette broker. */
@ExtendWith(NoNativeLeaks.class)
class MqttTest {
    private static LoopbackMqttBroker broker;

    @BeforeAll
    static void start() {
        broker = LoopbackMqttBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void isAProtocolOfThisLibcurl() {
        assertTrue(Curl.protocols().contains("mqtt"), Curl.protocols().toString());
    }

    /** A request with POSTFIELDS publishes them (QoS 0) to the URL's topic. */
    @Test
    void publishReachesTheBroker() throws Exception {
        byte[] payload = "21.5 degrees".getBytes(StandardCharsets.UTF_8);
        OwnerLoop.result(new CollectingTransfer(broker.url("home/kitchen/temp"), h -> h.setopt(CurlOpt.POSTFIELDS, payload)));
        LoopbackMqttBroker.Message m = broker.awaitPublished(Duration.ofSeconds(10));
        assertEquals("home/kitchen/temp", m.topic());
        assertArrayEquals(payload, m.payload());
    }

    /**
     * A GET subscribes to the URL's topic and writes each message received as the rest of its PUBLISH
     * packet: the topic's length (2 bytes, big-endian), the topic and the payload. The subscription
     * lasts until the transfer ends, so the write callback ends it (CURLE_WRITE_ERROR) once one
     * whole message has arrived.
     */
    @Test
    void subscribeReceivesAMessagePublishedThroughTheBroker() {
        String topic = "home/hall/door";
        byte[] payload = "opened".getBytes(StandardCharsets.UTF_8);
        broker.publishOnSubscribe(topic, payload);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(0);
        expected.write(topic.length());
        expected.writeBytes(topic.getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(payload);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CurlError e = OwnerLoop.failure(new CollectingTransfer(broker.url(topic), h -> h.setopt(CurlOpt.WRITEFUNCTION,
                (WriteCallback) data -> {
                    int n = data.remaining();
                    received.writeBytes(CollectingTransfer.bytes(data));
                    return received.size() >= expected.size() ? 0 : n;
                })));
        assertEquals("CURLE_WRITE_ERROR", e.codeName(), e.getMessage());
        assertArrayEquals(expected.toByteArray(), received.toByteArray());
    }
}
