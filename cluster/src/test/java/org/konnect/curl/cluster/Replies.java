package org.konnect.curl.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;

/**
 * The replies one probe got for a set of requests: the owners that accepted each, and its final
 * reply, checking the protocol on the way (Accepted before the final, exactly one final per request).
 */
final class Replies {
    final Map<String, List<String>> acceptedBy = new HashMap<>();
    final Map<String, TransferReply.Final> finals = new HashMap<>();

    /** Receives until every one of {@code requestIds} has its final reply. */
    static Replies collect(TestProbe<TransferReply> probe, List<String> requestIds, Duration timeout) {
        Replies replies = new Replies();
        while (!replies.finals.keySet().containsAll(requestIds)) {
            TransferReply reply = probe.receiveMessage(timeout);
            assertTrue(requestIds.contains(reply.requestId()), "a reply for an unknown request: " + reply);
            if (reply instanceof TransferReply.Accepted a) {
                assertNull(replies.finals.get(a.requestId()), "Accepted after the final reply: " + a);
                replies.acceptedBy.computeIfAbsent(a.requestId(), k -> new java.util.ArrayList<>()).add(a.node());
            } else {
                TransferReply.Final f = (TransferReply.Final) reply;
                TransferReply.Final earlier = replies.finals.put(f.requestId(), f);
                assertNull(earlier, "a second final reply: " + f + " after " + earlier);
            }
        }
        return replies;
    }

    TransferReply.Completed completed(String requestId) {
        TransferReply.Final f = finals.get(requestId);
        assertTrue(f instanceof TransferReply.Completed, requestId + ": expected Completed, got " + f);
        return (TransferReply.Completed) f;
    }

    TransferReply.Failed failed(String requestId) {
        TransferReply.Final f = finals.get(requestId);
        assertTrue(f instanceof TransferReply.Failed, requestId + ": expected Failed, got " + f);
        return (TransferReply.Failed) f;
    }

    String owner(String requestId) {
        List<String> nodes = acceptedBy.get(requestId);
        assertEquals(1, nodes == null ? 0 : nodes.size(), requestId + " accepted by " + nodes);
        return nodes.get(0);
    }
}
