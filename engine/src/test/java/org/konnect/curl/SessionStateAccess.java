package org.konnect.curl;

/** Test access to a WebSocket's session state (package-private in the engine). */
public final class SessionStateAccess {
    private SessionStateAccess() {}

    /** Where the session of {@code ws} stands. */
    public static String of(WebSocket ws) {
        return ws.sessionState();
    }
}
