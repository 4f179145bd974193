package org.konnect.curl.testservers;

import java.lang.reflect.InvocationTargetException;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Selects the tests of a feature that only some libcurl versions have by the libcurl the test JVM
 * actually loads, so that a pass on the system's libcurl and one on libcurl 8 each run what applies
 * to them, and nothing shows up as skipped. Registered for every module whose tests have the
 * testkit on their class path ({@code META-INF/services}).
 *
 * <ul>
 *   <li>{@code @Tag("websocket")}: runs only where {@code org.konnect.curl.WebSocket.isSupported()};</li>
 *   <li>{@code @Tag("without-websocket")}: runs only where it is not (the refusal's tests).</li>
 * </ul>
 * The decision is checked by an untagged test (the engine's {@code WebSocketSupportTest}), which
 * fails when detection and the library's version and protocols disagree: a broken detection cannot
 * quietly swap the feature's tests for the refusal's.
 */
public final class LibcurlFeatureFilter implements PostDiscoveryFilter {
    /** Tests of the WebSocket feature. */
    public static final String WEBSOCKET = "websocket";
    /** Tests of the refusal where the loaded libcurl has no WebSocket support. */
    public static final String WITHOUT_WEBSOCKET = "without-websocket";
    private static final TestTag NEEDS = TestTag.create(WEBSOCKET);
    private static final TestTag WITHOUT = TestTag.create(WITHOUT_WEBSOCKET);
    private Boolean webSocket;

    /** Created by the JUnit launcher. */
    public LibcurlFeatureFilter() {
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        boolean needs = descriptor.getTags().contains(NEEDS);
        boolean without = descriptor.getTags().contains(WITHOUT);
        if (!needs && !without) return FilterResult.included("no libcurl feature tag");
        boolean supported = webSocketSupported();
        if (needs && !supported) return FilterResult.excluded("the loaded libcurl has no WebSocket support");
        if (without && supported) return FilterResult.excluded("the loaded libcurl supports WebSockets");
        return FilterResult.included(supported ? "the loaded libcurl supports WebSockets" : "the loaded libcurl has no WebSockets");
    }

    /** The engine's answer, found at run time (the test servers cannot depend on the engine); loads the library once. */
    private boolean webSocketSupported() {
        if (webSocket == null) {
            try {
                webSocket = (Boolean) Class.forName("org.konnect.curl.WebSocket").getMethod("isSupported").invoke(null);
            } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
                throw new IllegalStateException("tests tagged " + WEBSOCKET + " need org.konnect.curl.WebSocket on the class path", e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("WebSocket.isSupported() failed", e.getCause());
            }
        }
        return webSocket;
    }
}
