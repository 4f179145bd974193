package org.konnect.curl.samples;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.HttpVersion;
import org.konnect.curl.ReadCallback;
import org.konnect.curl.RequestProtocol;
import org.konnect.curl.WriteCallback;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.testservers.LoopbackHttpServer;

/**
 * An actor uploads data it produces piece by piece, and the interim-update protocol carries
 * the conversation between libcurl and the actor:
 *
 * <ol>
 *   <li>The actor sends {@code Process(upload)} to the {@link MultiActor}: a chunked
 *       {@code PUT} ({@code CURLOPT_UPLOAD} with no size, so HTTP/1.1 chunked encoding) whose
 *       {@code READFUNCTION} has nothing to send yet.</li>
 *   <li>The read callback returns {@link ReadCallback#PAUSE}: libcurl stops sending, and the
 *       request raises an interim update ({@code hasUpdate()}), which the MultiActor answers
 *       with {@code Update(NeedMore)}.</li>
 *   <li>The actor produces the next piece, hands it to the request, resumes the transfer with
 *       {@link ConfigHandle#pause}{@code (PAUSE_CONT)} (thread-safe) and sends {@code Process}
 *       again. libcurl calls the read callback, which drains the piece (several calls for a
 *       large piece) and pauses again when it is empty: back to step 2.</li>
 *   <li>When the actor has nothing more to produce it says so; the read callback returns 0,
 *       libcurl ends the chunked body, and the MultiActor answers with {@code Completed}.</li>
 * </ol>
 *
 * The loopback server's {@code /echo} sends the body back; the sample checks that the echo
 * equals what was produced. Usage: {@code StreamingUpload [--short] [--trace]}; exit status 0
 * when the echo matches, 1 when not (or on a failure), 2 for bad arguments.
 */
public final class StreamingUpload {
    static final String USAGE = String.join("\n",
            "usage: StreamingUpload [--short] [--trace]",
            "  an actor PUTs data it produces piece by piece (chunked) to an embedded server's /echo",
            "  --short  fewer, smaller pieces",
            "  --trace  print stack traces of errors");

    private StreamingUpload() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the sample, printing to {@code out}; returns the exit status. */
    public static int run(String[] args, PrintStream out) {
        boolean shortRun = false, trace = false;
        for (String a : args) {
            switch (a) {
                case "--short": shortRun = true; break;
                case "--trace": trace = true; break;
                case "-h": case "--help": out.println(USAGE); return 0;
                default:
                    out.println("error: unknown argument " + a);
                    out.println(USAGE);
                    return 2;
            }
        }
        int[] sizes = shortRun ? new int[] {100, 70_000, 5} : new int[] {64, 1_000, 20_000, 150_000, 5, 400_000, 3_000};
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            String url = server.url("/echo");
            out.println("StreamingUpload: PUT " + url + ", chunked: the body is produced piece by piece");
            CompletableFuture<UploadResult> done = new CompletableFuture<>();
            ActorSystem<Uploader.Msg> system = ActorSystem.create(Uploader.create(url, sizes, out, done), "streaming-upload",
                    ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.log-dead-letters = off")
                            .withFallback(ConfigFactory.load()));
            try {
                UploadResult outcome = done.get(60, TimeUnit.SECONDS);
                return report(outcome, out);
            } finally {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            return fail(e.getCause(), trace, out);
        } catch (TimeoutException e) {
            return fail(new IllegalStateException("the upload did not end within 60 s"), trace, out);
        } catch (Exception e) {
            return fail(e, trace, out);
        }
    }

    private static int fail(Throwable e, boolean trace, PrintStream out) {
        out.println("error: " + (e instanceof CurlError || e.getMessage() == null ? String.valueOf(e.getMessage())
                : e.getClass().getSimpleName() + ": " + e.getMessage()));
        if (trace) e.printStackTrace(out);
        return 1;
    }

    private static int report(UploadResult o, PrintStream out) {
        Echo echo = o.echo();
        out.printf(Locale.ROOT,
                "<- Completed: HTTP %d; libcurl sent %,d bytes (the body in chunked framing) in %d read callback call(s), %d pause(s)%n",
                echo.status(), echo.uploaded(), echo.reads(), echo.pauses());
        if (echo.status() == 200 && Arrays.equals(o.produced(), echo.body())) {
            out.printf(Locale.ROOT, "echo verified: the server sent back exactly the %,d bytes produced in %d pieces%n",
                    o.produced().length, o.pieces());
            return 0;
        }
        out.printf(Locale.ROOT, "error: the echo differs: produced %,d bytes, the server returned %,d (HTTP %d)%n",
                o.produced().length, echo.body().length, echo.status());
        return 1;
    }

    // ---- the request ----------------------------------------------------------------------

    /** The interim update: the read callback has sent everything it had and asks for piece {@code piece}. */
    record NeedMore(int piece, long handedToLibcurl) {}

    /** The final result: what the server echoed and how the upload went. */
    record Echo(int status, long uploaded, byte[] body, int reads, int pauses) {}

    /**
     * A chunked PUT whose body arrives piece by piece. The producer (another thread: the
     * uploader actor) calls {@link #supply} or {@link #finish} then {@link #resume}; the read
     * callback and the hooks run on the MultiActor's thread. Their shared state is guarded by
     * {@code this}.
     */
    static final class PieceByPieceUpload implements RequestProtocol<NeedMore, Echo> {
        private final String url;
        private final ByteArrayOutputStream echo = new ByteArrayOutputStream();   // MultiActor thread only
        private volatile ConfigHandle handle;
        // guarded by this
        private ByteBuffer piece = ByteBuffer.allocate(0);
        private boolean finished;
        private boolean wantsMore;
        private int asked;
        private long handedOver;
        private int reads, pauses;

        PieceByPieceUpload(String url) {
            this.url = url;
        }

        @Override
        public void configureHandle(ConfigHandle h) {
            handle = h;
            h.setopt(CurlOpt.URL, url);
            h.setopt(CurlOpt.UPLOAD, true);                         // PUT; no INFILESIZE: chunked
            h.setopt(CurlOpt.HTTP_VERSION, HttpVersion.HTTP_1_1);
            h.setopt(CurlOpt.HTTPHEADER, new String[] {"Content-Type: text/plain", "Expect:"});   // no 100-continue wait
            h.setopt(CurlOpt.TIMEOUT_MS, 60_000);
            h.setopt(CurlOpt.READFUNCTION, (ReadCallback) this::read);
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                int n = data.remaining();
                byte[] chunk = new byte[n];
                data.get(chunk);
                echo.write(chunk, 0, n);
                return n;
            });
        }

        /** libcurl wants upload data: give what the current piece has left, else pause or end. */
        private synchronized int read(ByteBuffer buffer) {
            reads++;
            if (piece.hasRemaining()) {
                int n = Math.min(buffer.remaining(), piece.remaining());
                ByteBuffer slice = piece.slice();
                slice.limit(n);
                buffer.put(slice);
                piece.position(piece.position() + n);
                handedOver += n;
                return n;
            }
            if (finished) return 0;                                  // end of the body
            wantsMore = true;                                        // seen by hasUpdate() right after
            pauses++;
            return ReadCallback.PAUSE;
        }

        @Override
        public synchronized boolean hasUpdate() {
            return wantsMore;
        }

        @Override
        public synchronized NeedMore getUpdate() {
            wantsMore = false;
            return new NeedMore(++asked, handedOver);
        }

        /** From the producer: the next piece (call {@link #resume} afterwards). */
        synchronized void supply(byte[] next) {
            piece = ByteBuffer.wrap(next);
        }

        /** From the producer: nothing more to send (call {@link #resume} afterwards). */
        synchronized void finish() {
            finished = true;
        }

        /** Unpauses the transfer; {@link ConfigHandle#pause} may be called from any thread. */
        void resume() {
            handle.pause(ConfigHandle.PAUSE_CONT);
        }

        @Override
        public synchronized Echo completed(GetInfoHandle info) {
            return new Echo(info.getinfo(CurlInfo.RESPONSE_CODE), info.getinfo(CurlInfo.SIZE_UPLOAD_T),
                    echo.toByteArray(), reads, pauses);
        }
    }

    // ---- the uploader actor ---------------------------------------------------------------

    /** What the run produced and what came back. */
    record UploadResult(Echo echo, byte[] produced, int pieces) {}

    /** The actor that produces the data and drives the upload. */
    static final class Uploader {
        sealed interface Msg {}

        /** A reply from the MultiActor, adapted. */
        record FromCurl(MultiActor.Reply<NeedMore, Echo> reply) implements Msg {}

        private final ActorContext<Msg> ctx;
        private final ActorRef<MultiActor.Command> curl;
        private final ActorRef<MultiActor.Reply<NeedMore, Echo>> replies;
        private final PieceByPieceUpload upload;
        private final int[] sizes;
        private final PrintStream out;
        private final CompletableFuture<UploadResult> done;
        private final ByteArrayOutputStream produced = new ByteArrayOutputStream();

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Uploader(ActorContext<Msg> ctx, String url, int[] sizes, PrintStream out, CompletableFuture<UploadResult> done) {
            this.ctx = ctx;
            this.sizes = sizes;
            this.out = out;
            this.done = done;
            this.curl = MultiActor.spawn(ctx, "curl");
            this.replies = ctx.messageAdapter((Class) MultiActor.Reply.class,
                    reply -> new FromCurl((MultiActor.Reply<NeedMore, Echo>) reply));
            this.upload = new PieceByPieceUpload(url);
        }

        static Behavior<Msg> create(String url, int[] sizes, PrintStream out, CompletableFuture<UploadResult> done) {
            return Behaviors.setup(ctx -> new Uploader(ctx, url, sizes, out, done).start());
        }

        private Behavior<Msg> start() {
            out.println("-> Process: start the upload with nothing produced yet");
            curl.tell(new MultiActor.Process<>(upload, replies));
            return Behaviors.receive(Msg.class).onMessage(FromCurl.class, m -> onReply(m.reply())).build();
        }

        private Behavior<Msg> onReply(MultiActor.Reply<NeedMore, Echo> reply) {
            if (reply instanceof MultiActor.Update<NeedMore, Echo> update) {
                NeedMore need = update.value();
                out.printf(Locale.ROOT, "<- Update: the read callback paused (%,d bytes handed to libcurl so far); it asks for piece %d%n",
                        need.handedToLibcurl(), need.piece());
                if (need.piece() <= sizes.length) {
                    byte[] piece = produce(need.piece(), sizes[need.piece() - 1]);
                    produced.writeBytes(piece);
                    upload.supply(piece);
                    out.printf(Locale.ROOT, "   produced piece %d: %,d bytes; pause(PAUSE_CONT) and Process again%n",
                            need.piece(), piece.length);
                } else {
                    upload.finish();
                    out.println("   nothing more to produce: the read callback will return 0; pause(PAUSE_CONT) and Process again");
                }
                upload.resume();
                curl.tell(new MultiActor.Process<>(upload, replies));
                return Behaviors.same();
            }
            if (reply instanceof MultiActor.Completed<NeedMore, Echo> completed) {
                done.complete(new UploadResult(completed.result(), produced.toByteArray(), sizes.length));
            } else {
                done.completeExceptionally(((MultiActor.Failed<NeedMore, Echo>) reply).error());
            }
            return Behaviors.stopped();
        }

        /** The "production": a line of text per piece, padded with a readable pattern. */
        private static byte[] produce(int number, int size) {
            String head = "piece " + number + ": ";
            StringBuilder text = new StringBuilder(size).append(head);
            for (int i = 0; text.length() < size; i++) text.append((char) ('a' + (number + i) % 26));
            text.setLength(size);
            if (size > 0) text.setCharAt(size - 1, '\n');
            return text.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }
}
