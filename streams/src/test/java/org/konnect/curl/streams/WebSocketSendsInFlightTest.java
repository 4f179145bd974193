package org.konnect.curl.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.konnect.curl.WebSocketMessage;
import org.konnect.curl.actors.MultiActor;

/**
 * The flow hands the MultiActor up to {@link WebSocketStage#SENDS_IN_FLIGHT} messages before the
 * first is on the socket, and one more for each {@code Sent}: a probe stands in for the
 * MultiActor, so no session connects and this runs on every libcurl.
 */
class WebSocketSendsInFlightTest extends MultiActorFixture {
    @Test
    void atMostSixteenSendsWaitAndEachSentLetsTheNextOneGo() {
        TestProbe<MultiActor.Command> curl = testKit.createTestProbe();
        List<WebSocketMessage> messages = new ArrayList<>();
        for (int i = 0; i < 40; i++) messages.add(WebSocketMessage.text("m" + i));
        Source.from(messages).via(CurlWebSocket.flow(curl.getRef(), "ws://127.0.0.1:9/")).runWith(Sink.ignore(), materializer);

        List<MultiActor.Send> sends = new ArrayList<>();
        while (sends.size() < WebSocketStage.SENDS_IN_FLIGHT) {
            MultiActor.Command c = curl.receiveMessage(Duration.ofSeconds(10));
            if (c instanceof MultiActor.Send s) sends.add(s);
        }
        for (int i = 0; i < sends.size(); i++) assertEquals("m" + i, sends.get(i).message().text(), "in order");
        curl.expectNoMessage(Duration.ofMillis(300));   // the 17th waits for a Sent

        MultiActor.Send first = sends.get(0);
        first.replyTo().tell(new MultiActor.Sent(first.session(), first.message()));
        assertEquals("m16", curl.expectMessageClass(MultiActor.Send.class, Duration.ofSeconds(10)).message().text());
        curl.expectNoMessage(Duration.ofMillis(300));
    }
}
