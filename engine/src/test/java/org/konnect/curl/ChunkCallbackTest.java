package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.konnect.curl.jni.LibcurlConstants;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * A {@link ChunkCallback} gets each chunk of the body in a new array of its own, filled by the
 * native layer straight from libcurl's buffer: the arrays a callback keeps stay intact after the
 * transfer and after later ones on the same multi; a chunk answered PAUSE comes again in another
 * array; a decoded body reaches it piece by piece; its failures end the transfer as a
 * {@link WriteCallback}'s do. (The arrays are JNI local references, which NoNativeLeaks does not
 * count; {@code -Xcheck:jni} found none left over.)
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class ChunkCallbackTest {
    private static final int BODY = 1 << 20;
    private final LoopbackHttpServer http;

    ChunkCallbackTest(LoopbackHttpServer http) {
        this.http = http;
    }

    /**
     * Keeps every chunk it takes. With {@code pauseEvery} n > 0, every n-th call answers PAUSE
     * (the next call, libcurl's second delivery, is taken) and the update resumes the transfer.
     */
    private static final class Keeper implements RequestProtocol<Integer, List<byte[]>>, ChunkCallback {
        final List<byte[]> kept = new ArrayList<>();
        final List<byte[]> refused = new ArrayList<>();
        private final String url;
        private final int pauseEvery;
        private final Consumer<ConfigHandle> configure;
        private ConfigHandle handle;
        private int calls;
        private int views;
        private boolean paused;

        Keeper(String url, int pauseEvery, Consumer<ConfigHandle> configure) {
            this.url = url;
            this.pauseEvery = pauseEvery;
            this.configure = configure;
        }

        @Override
        public void configureHandle(ConfigHandle h) {
            handle = h;
            h.setopt(CurlOpt.URL, url);
            h.setopt(CurlOpt.WRITEFUNCTION, this);
            configure.accept(h);
        }

        @Override
        public int write(byte[] chunk) {
            calls++;
            if (pauseEvery > 0 && calls % pauseEvery == 0) {
                refused.add(chunk);
                paused = true;
                return PAUSE;
            }
            kept.add(chunk);
            return chunk.length;
        }

        /** Counts the chunks that came as views (decoded pieces): the native layer's own arrays never do. */
        @Override
        public int write(ByteBuffer data) {
            views++;
            return ChunkCallback.super.write(data);
        }

        @Override
        public boolean hasUpdate() {
            return paused;
        }

        @Override
        public Integer getUpdate() {
            paused = false;
            handle.pause(ConfigHandle.PAUSE_CONT);   // libcurl hands the kept chunk over again, maybe right here
            return refused.size();
        }

        @Override
        public List<byte[]> completed(GetInfoHandle info) {
            return kept;
        }
    }

    /** Processes {@code request} until it completes, through its updates. */
    private static List<byte[]> run(Multi multi, Keeper request) {
        while (true) {
            Outcome<Integer, List<byte[]>> outcome = Drive.until(multi, multi.process(request));
            if (outcome instanceof Outcome.Final<Integer, List<byte[]>> done) return done.result();
        }
    }

    private static byte[] joined(List<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] c : chunks) out.writeBytes(c);
        return out.toByteArray();
    }

    private static void assertDistinct(List<byte[]> arrays) {
        Set<byte[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (byte[] a : arrays) assertTrue(seen.add(a), "an array was handed over twice");
    }

    @ParameterizedTest(name = "http2={0}")
    @ValueSource(booleans = {false, true})
    void eachChunkIsAnArrayOfItsOwnThatStaysIntact(boolean http2) {
        try (Multi multi = Multi.open()) {
            Keeper first = new Keeper(http.url("/bytes/" + BODY), 0, h -> {
                if (http2) h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_2_PRIOR_KNOWLEDGE);
            });
            List<byte[]> chunks = run(multi, first);
            assertSame(first.kept, chunks);
            assertEquals(0, first.views, "chunks copied through a view");
            assertTrue(chunks.size() >= BODY / (16 * 1024), "libcurl's chunks are at most 16 KiB: " + chunks.size());
            for (byte[] c : chunks) assertTrue(c.length > 0 && c.length <= 16 * 1024, "a chunk of " + c.length);
            assertDistinct(chunks);
            byte[] snapshot = joined(chunks);
            assertArrayEquals(LoopbackHttpServer.pattern(BODY), snapshot);
            // Another transfer on the same multi and handle pool: nothing writes the kept arrays again.
            Keeper second = new Keeper(http.url("/bytes/" + BODY / 2), 0, h -> {});
            assertEquals(BODY / 2, joined(run(multi, second)).length);
            assertArrayEquals(snapshot, joined(chunks));
            for (byte[] c : second.kept) assertFalse(first.kept.stream().anyMatch(k -> k == c), "an array came back");
        }
    }

    @Test
    void aChunkAnsweredPauseComesAgainInAnotherArray() {
        try (Multi multi = Multi.open()) {
            Keeper pausing = new Keeper(http.url("/bytes/" + BODY), 3, h -> {});
            List<byte[]> chunks = run(multi, pausing);
            assertArrayEquals(LoopbackHttpServer.pattern(BODY), joined(chunks));
            assertTrue(pausing.refused.size() > 5, "paused " + pausing.refused.size() + " times");
            List<byte[]> all = new ArrayList<>(chunks);
            all.addAll(pausing.refused);
            assertDistinct(all);
        }
    }

    @Test
    void anEmptyBodyMakesNoChunks() {
        try (Multi multi = Multi.open()) {
            assertEquals(0, run(multi, new Keeper(http.url("/bytes/0"), 0, h -> {})).size());
        }
    }

    /** Past the budget each chunk is answered PAUSE for the loop and comes again in the next perform, in a new array. */
    @Test
    void chunksThatYieldToTheIterationBudgetComeAgainWhole() {
        try (Multi multi = Multi.open(MultiOptions.DEFAULTS.withIterationBudget(java.time.Duration.ofNanos(1)))) {
            Keeper yielding = new Keeper(http.url("/bytes/" + BODY), 0, h -> {});
            List<byte[]> chunks = run(multi, yielding);
            assertArrayEquals(LoopbackHttpServer.pattern(BODY), joined(chunks));
            assertDistinct(chunks);
            assertEquals(0, yielding.views);
        }
    }

    @Test
    void aDecodedBodyArrivesPieceByPiece() {
        try (Multi multi = Multi.open()) {
            Keeper decoded = new Keeper(http.url("/encoded/" + BODY), 0, h -> h.setopt(CurlOpt.ACCEPT_ENCODING, ""));
            List<byte[]> chunks = run(multi, decoded);
            assertArrayEquals(LoopbackHttpServer.pattern(BODY), joined(chunks));
            assertDistinct(chunks);
            assertEquals(chunks.size(), decoded.views, "the decoder's pieces come as views, each copied once");
        }
    }

    @Test
    void failuresEndTheTransferAsAWriteCallbacksDo() {
        try (Multi multi = Multi.open()) {
            IllegalStateException thrown = new IllegalStateException("the chunk callback threw");
            CurlError threw = Drive.failure(multi, multi.process(new Exchange(http.url("/bytes/100000"),
                    h -> h.setopt(CurlOpt.WRITEFUNCTION, (ChunkCallback) chunk -> {
                        throw thrown;
                    }))));
            assertSame(thrown, threw.getCause(), String.valueOf(threw));
            CurlError shortCount = Drive.failure(multi, multi.process(new Exchange(http.url("/bytes/100000"),
                    h -> h.setopt(CurlOpt.WRITEFUNCTION, (ChunkCallback) chunk -> chunk.length - 1))));
            assertEquals(LibcurlConstants.CURLE_WRITE_ERROR, shortCount.code(), String.valueOf(shortCount));
            CurlError capped = Drive.failure(multi, multi.process(new Exchange(http.url("/bytes/100000"), h -> {
                h.setopt(CurlOpt.WRITEFUNCTION, (ChunkCallback) chunk -> chunk.length);
                h.maxBodyBytes(50_000);
            })));
            assertEquals(LibcurlConstants.CURLE_FILESIZE_EXCEEDED, capped.code(), String.valueOf(capped));
        }
    }

    /** Something that is a HeaderCallback as well as a ChunkCallback, set as the header callback: views, as for any. */
    private static final class Both implements HeaderCallback, ChunkCallback {
        final List<String> lines = new ArrayList<>();

        @Override
        public int header(ByteBuffer data) {
            int n = data.remaining();
            lines.add(StandardCharsets.ISO_8859_1.decode(data).toString());
            return n;
        }

        @Override
        public int write(byte[] chunk) {
            return chunk.length;
        }
    }

    @Test
    void onlyTheWriteFunctionTakesChunksThatAreKept() {
        Both both = new Both();
        try (Multi multi = Multi.open()) {
            Exchange.Result r = Drive.result(multi, multi.process(new Exchange(http.url("/bytes/1000"),
                    h -> h.setopt(CurlOpt.HEADERFUNCTION, both))));
            assertEquals(200, r.code());
            assertEquals(1000, r.body().length);   // the Exchange's own write callback, a WriteCallback
        }
        assertTrue(both.lines.get(0).startsWith("HTTP/1.1 200"), String.valueOf(both.lines));
    }
}
