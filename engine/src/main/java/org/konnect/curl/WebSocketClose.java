package org.konnect.curl;

/**
 * How a {@link WebSocket} ended cleanly: the status code and reason of the close frame the server
 * sent, either first or in answer to the application's {@link WebSocket#close}.
 *
 * @param code the close frame's status code ({@link #NO_STATUS}, 1005, when it had none)
 * @param reason its reason, empty when it had none
 * @param byServer whether the server started the closing handshake
 */
public record WebSocketClose(int code, String reason, boolean byServer) {
    /** 1000: the purpose of the connection is fulfilled. */
    public static final int NORMAL = 1000;
    /** 1001: an endpoint goes away (the engine sends it when a session is cancelled). */
    public static final int GOING_AWAY = 1001;
    /** 1005: the close frame carried no status code (never sent). */
    public static final int NO_STATUS = 1005;
    /** 1009: a message was too big to process (the engine sends it past {@link WebSocket.Builder#maxMessageBytes}). */
    public static final int MESSAGE_TOO_BIG = 1009;
}
