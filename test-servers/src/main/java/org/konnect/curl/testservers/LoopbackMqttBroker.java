package org.konnect.curl.testservers;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.moquette.interception.messages.InterceptSubscribeMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An MQTT broker (Moquette) on {@code 127.0.0.1}, in memory only: no
 * persistence, anonymous clients allowed, no telemetry sent anywhere, no WebSocket or TLS port.
 *
 * <p>It records every message a client publishes ({@link #awaitPublished}) and can publish a
 * message of its own to a topic as soon as a client subscribes to it ({@link #publishOnSubscribe}),
 * which lets a subscriber that is still connecting be sure to receive it.
 *
 * <p>Clients connect to a relay on an ephemeral port, which passes bytes unchanged but holds back
 * each CONNACK until the broker is ready for the client's next packet ({@code MqttConnackGate}:
 * Moquette 0.17 drops a SUBSCRIBE that follows CONNACK too quickly).
 */
public final class LoopbackMqttBroker implements AutoCloseable {
    /** A message as the broker received it from a client. */
    public record Message(String topic, byte[] payload, String clientId) {}

    private static final String OWN_CLIENT_ID = "loopback-mqtt-broker";

    private final Server server = new Server();
    private final int brokerPort;
    private final MqttConnackGate gate;
    private final BlockingQueue<Message> published = new LinkedBlockingQueue<>();
    private final Map<String, byte[]> onSubscribe = new ConcurrentHashMap<>();

    private LoopbackMqttBroker(int brokerPort) throws IOException {
        this.brokerPort = brokerPort;
        this.gate = new MqttConnackGate(brokerPort);
    }

    /**
     * Starts a broker.
     *
     * @return the started broker
     * @throws UncheckedIOException if it cannot listen
     */
    public static LoopbackMqttBroker start() {
        LoopbackMqttBroker broker;
        try {
            broker = new LoopbackMqttBroker(freePort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the loopback MQTT broker's relay", e);
        }
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, String.valueOf(broker.brokerPort));
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false"); // it would report to a remote server
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.BUFFER_FLUSH_MS_PROPERTY_NAME, String.valueOf(BrokerConstants.IMMEDIATE_BUFFER_FLUSH));
        try {
            broker.server.startServer(new MemoryConfig(p), List.of(broker.new Recorder()));
        } catch (IOException e) {
            broker.gate.close();
            throw new UncheckedIOException("cannot start the loopback MQTT broker", e);
        }
        return broker;
    }

    /**
     * A port nothing listens on now. Moquette can bind port 0, but its {@code getPort()} learns the
     * bound port from a listener that runs later on the acceptor's thread, after {@code startServer}
     * returned, so it may still say 0: the port is chosen here instead.
     */
    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1}))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    /** Sees the clients' messages and subscriptions. Moquette calls it on a thread of its own. */
    private final class Recorder extends AbstractInterceptHandler {
        @Override
        public String getID() {
            return "loopback-recorder";
        }

        @Override
        public void onConnect(InterceptConnectMessage m) {
            gate.connected(m.getClientID());
        }

        @Override
        public void onPublish(InterceptPublishMessage m) {
            if (OWN_CLIENT_ID.equals(m.getClientID())) return;
            ByteBuf b = m.getPayload();
            byte[] payload = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), payload);
            published.add(new Message(m.getTopicName(), payload, m.getClientID()));
        }

        @Override
        public void onSubscribe(InterceptSubscribeMessage m) {
            // Moquette tells interceptors after it has stored the subscription and sent SUBACK.
            byte[] payload = onSubscribe.remove(m.getTopicFilter());
            if (payload != null) publish(m.getTopicFilter(), payload);
        }

        @Override
        public void onSessionLoopError(Throwable error) {
            // a client's broken session is that client's test's business
        }
    }

    /**
     * The port clients connect to.
     *
     * @return the bound port
     */
    public int port() {
        return gate.port();
    }

    /**
     * {@code "mqtt://127.0.0.1:PORT/" + topic}.
     *
     * @param topic the topic (its levels separated by {@code /})
     * @return the URL libcurl publishes to or subscribes to
     */
    public String url(String topic) {
        return "mqtt://127.0.0.1:" + port() + "/" + topic;
    }

    /**
     * Publishes {@code payload} to {@code topic} with QoS 0, not retained, to the current subscribers.
     *
     * @param topic the topic
     * @param payload the message
     */
    public void publish(String topic, byte[] payload) {
        server.internalPublish(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_MOST_ONCE).retained(false)
                .payload(Unpooled.copiedBuffer(payload)).build(), OWN_CLIENT_ID);
    }

    /**
     * Publishes {@code payload} once, as soon as a client subscribes to exactly {@code topic}.
     *
     * @param topic the topic filter the subscription must name
     * @param payload the message
     */
    public void publishOnSubscribe(String topic, byte[] payload) {
        onSubscribe.put(topic, payload.clone());
    }

    /**
     * The next message a client published, in the order the broker received them.
     *
     * @param timeout how long to wait for one
     * @return the message
     * @throws AssertionError if none arrived in time
     * @throws InterruptedException if interrupted while waiting
     */
    public Message awaitPublished(Duration timeout) throws InterruptedException {
        Message m = published.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (m == null) throw new AssertionError("no message published to the broker within " + timeout);
        return m;
    }

    /** Stops the broker: closes its port and every client connection. */
    @Override
    public void close() {
        gate.close();
        server.stopServer();
    }
}
