package org.konnect.curl.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.Multi;
import org.konnect.curl.Outcome;
import org.konnect.curl.Request;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.testservers.HostileHttpServer;
import org.konnect.curl.testservers.HttpFault;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * The fault matrix: every {@link HttpFault} of the hostile server, requested once through the
 * engine's {@link Request} and once through the curl tool with the same options, on the same
 * libcurl. The engine must fail with the {@code CURLE_*} the tool exits with (or, where it
 * deliberately differs, with its own documented code), and leave no socket open and no native
 * object alive.
 */
@ExtendWith(NoNativeLeaks.class)
class FaultMatrixTest {
    /** How long connections may take to close on the server's side once the client has closed them. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /** Beyond a case's own timeout: a client that does not end within it is a hang. */
    private static final Duration HANG = Duration.ofSeconds(30);

    /** One client's answer: a {@code CURLcode} and, on success, the body length. */
    private record Answer(int code, long bodyBytes, String message) {
        String name() {
            return CurlError.nameOf(code);
        }
    }

    /** A {@link Request} that also asks for and decodes compressed bodies, as the tool's {@code --compressed}. */
    private static final class Compressed implements RequestProtocol<Void, Request.Response> {
        private final Request request;

        Compressed(Request request) {
            this.request = request;
        }

        @Override
        public void configureHandle(ConfigHandle handle) {
            request.configureHandle(handle);
            handle.setopt(CurlOpt.ACCEPT_ENCODING, "");
        }

        @Override
        public Request.Response completed(GetInfoHandle info) {
            return request.completed(info);
        }

        @Override
        public void failed(CurlError error) {
            request.failed(error);
        }
    }

    /** Otherwise the matrix would compare the engine with the tool on two different libraries. */
    @Test
    void theToolRunsOnTheEnginesLibcurl() throws Exception {
        assertEquals(Curl.version().split(" ")[0], CurlTool.libcurl());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HttpFault.class)
    void theEngineAnswersAsTheToolDoes(HttpFault fault) throws Exception {
        FaultCase c = FaultCase.of(fault);
        try (HostileHttpServer server = HostileHttpServer.start()) {
            assertEquals(List.of(), OwnSockets.on(server.port()), "sockets open before the case");

            Answer engine = viaEngine(server.url(fault), c);
            assertAllClosed(server, "engine", 0);
            checkRequests(fault, server.requestHeads(), "engine");
            server.clearRequestHeads();

            int acceptedBefore = server.acceptedConnections();
            Answer tool = viaTool(server.url(fault), c);
            assertAllClosed(server, "tool", acceptedBefore);
            checkRequests(fault, server.requestHeads(), "tool");

            String both = fault + ": engine " + engine.name() + " (" + engine.message() + "), tool " + tool.name();
            if (c.expected() instanceof FaultCase.Expected.AsTheTool same) {
                assertEquals(tool.name(), engine.name(), both);
                if (same.name() != null) {
                    assertEquals(same.name(), engine.name(), both);
                } else {
                    assertNotEquals(0, engine.code(), both);
                }
                if (engine.code() == 0) {
                    assertEquals(tool.bodyBytes(), engine.bodyBytes(), both + ": body bytes");
                }
            } else if (c.expected() instanceof FaultCase.Expected.Differs differs) {
                assertEquals(differs.engine(), engine.name(), both + "; " + differs.why());
                assertEquals(differs.tool(), tool.name(), both + "; " + differs.why());
            }
        }
    }

    private static Answer viaEngine(String url, FaultCase c) {
        Request request = Request.toMemory(url).withTimeout(c.timeout());
        if (c.credentials()) request = request.withCredentials(FaultCase.USER, FaultCase.PASSWORD);
        if (c.maxBodyBytes() > 0) request = request.withMaxBodyBytes(c.maxBodyBytes());
        RequestProtocol<Void, Request.Response> protocol = c.compressed() ? new Compressed(request) : request;
        try (Multi multi = Multi.open()) {
            CompletableFuture<Outcome<Void, Request.Response>> stage = multi.process(protocol).toCompletableFuture();
            long deadline = System.nanoTime() + c.timeout().plus(HANG).toNanos();
            while (!stage.isDone()) {
                assertTrue(System.nanoTime() < deadline, "the engine's transfer did not end: " + url);
                multi.perform(Duration.ofMillis(200));
            }
            try {
                Request.Response r = ((Outcome.Final<Void, Request.Response>) stage.join()).result();
                return new Answer(0, r.bodyBytes(), "completed, HTTP " + r.responseCode());
            } catch (CompletionException e) {
                CurlError error = (CurlError) e.getCause();
                assertFalse(error.isCancelled(), error.getMessage());
                return new Answer(error.code(), -1, error.getMessage());
            }
        }
    }

    /** The same request as {@link #viaEngine}: Request's redirect policy and connect timeout, and the case's options. */
    private static Answer viaTool(String url, FaultCase c) throws Exception {
        List<String> args = new ArrayList<>(List.of("-s", "-o", "/dev/null", "-w", "%{size_download}",
                "-L", "--proto-redir", "=http,https", "--connect-timeout", "10",
                "--max-time", String.format(Locale.ROOT, "%.3f", c.timeout().toMillis() / 1000.0)));
        if (c.credentials()) args.addAll(List.of("-u", FaultCase.USER + ":" + FaultCase.PASSWORD));
        if (c.compressed()) args.add("--compressed");
        if (c.maxBodyBytes() > 0) args.addAll(List.of("--max-filesize", Long.toString(c.maxBodyBytes())));
        args.add(url);
        CurlTool.Result r = CurlTool.run(args, c.timeout().plus(HANG));
        return new Answer(r.exitCode(), r.exitCode() == 0 ? Long.parseLong(r.stdout()) : -1, "exit " + r.exitCode());
    }

    /** The client has closed its side: the server must have closed every connection, and no socket of this process may be left. */
    private static void assertAllClosed(HostileHttpServer server, String client, int acceptedBefore) {
        assertTrue(server.acceptedConnections() > acceptedBefore, client + ": no connection reached the server");
        assertTrue(server.awaitNoOpenConnections(CLOSE_WAIT),
                client + ": " + server.openConnections() + " connection(s) still open on the server");
        assertEquals(List.of(), OwnSockets.on(server.port()), client + ": sockets left open");
    }

    /** What the server saw, for the faults whose point is in the requests. */
    private static void checkRequests(HttpFault fault, List<String> heads, String client) {
        switch (fault) {
            // Request stops after MAXREDIRS 10 redirects, the tool after its default of 50.
            case REDIRECT_LOOP -> assertEquals(client.equals("engine") ? 11 : 51, heads.size(), client + ": requests");
            case REDIRECT_TO_FILE -> assertEquals(1, heads.size(), client + ": requests");
            case REDIRECT_TO_OTHER_HOST_WITH_CREDENTIALS -> {
                assertEquals(2, heads.size(), client + ": requests");
                String basic = "authorization: basic " + Base64.getEncoder().encodeToString(
                        (FaultCase.USER + ":" + FaultCase.PASSWORD).getBytes(StandardCharsets.UTF_8)).toLowerCase(Locale.ROOT);
                String first = heads.get(0).toLowerCase(Locale.ROOT);
                String second = heads.get(1).toLowerCase(Locale.ROOT);
                assertTrue(first.contains(basic), client + ": the credentials go to the first host: " + heads.get(0));
                assertTrue(second.contains("host: localhost:"), client + ": the redirect went to localhost: " + heads.get(1));
                assertFalse(second.contains("authorization:"), client + ": credentials sent to another host: " + heads.get(1));
            }
            default -> assertFalse(heads.isEmpty(), client + ": no request reached the server");
        }
    }
}
