package org.konnect.curl.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.HeaderCallback;
import org.konnect.curl.actors.MultiActor;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackMailServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.LoopbackSshServer;
import org.konnect.curl.testservers.NoNativeLeaks;

/** Uploads as Sinks: HTTP PUT and POST, an HTTP download piped into an SFTP upload, an SMTP body, upstream failure. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class CurlSinkTest extends MultiActorFixture {
    final LoopbackHttpServer http;

    CurlSinkTest(LoopbackHttpServer http) {
        this.http = http;
    }

    /** 300 chunks of 10,000 bytes as a chunked PUT: the server echoes the method and the length it received. */
    @Test
    void aChunkedPutSendsEveryByte() throws Exception {
        AtomicReference<String> received = new AtomicReference<>();
        TransferInfo info = Source.range(0, 299).map(i -> ByteString.fromArray(new byte[10_000]))
                .runWith(CurlSink.upload(curl(), http.url("/echo"), echoHeader("X-Body-Length", received)), materializer)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(200, info.responseCode());
        // libcurl 7.88 counts the chunked framing as uploaded bytes too (3,002,405 here); 8.14 does not.
        assertTrue(info.bytesUploaded() >= 3_000_000, "uploaded " + info.bytesUploaded());
        assertEquals("3000000", received.get());
    }

    @Test
    void aPostWithAKnownLength() throws Exception {
        AtomicReference<String> method = new AtomicReference<>();
        byte[] body = "name=konnect&kind=stream".getBytes(StandardCharsets.US_ASCII);
        TransferInfo info = Source.single(ByteString.fromArray(body))
                .runWith(CurlSink.upload(curl(), http.url("/echo"), h -> {
                    h.setopt(CurlOpt.POST, true);
                    h.setopt(CurlOpt.POSTFIELDSIZE_LARGE, (long) body.length);
                    echoHeader("X-Method", method).accept(h);
                }), materializer).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(200, info.responseCode());
        assertEquals(body.length, info.bytesUploaded());
        assertEquals("POST", method.get());
    }

    /** An HTTP download piped straight into an SFTP upload: the file on the SSH server is the HTTP body. */
    @Test
    void anHttpDownloadPipedIntoAnSftpUpload(@TempDir Path dir) throws Exception {
        try (LoopbackSshServer ssh = LoopbackSshServer.start()) {
            ActorRef<MultiActor.Command> c = curl();
            CompletionStage<TransferInfo> uploaded = CurlSource.download(c, http.url("/bytes/2000000"))
                    .runWith(CurlSink.upload(c, ssh.sftpUrl("/piped.bin"), h -> {
                        h.setopt(CurlOpt.USERNAME, LoopbackSshServer.USER);
                        h.setopt(CurlOpt.PASSWORD, LoopbackSshServer.PASSWORD);
                        h.setopt(CurlOpt.byName("SSH_HOST_PUBLIC_KEY_SHA256"), ssh.hostKeySha256());
                    }), materializer);
            TransferInfo info = uploaded.toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals("sftp", info.scheme());
            CurlSourceTest.assertPattern(ByteString.fromArray(Files.readAllBytes(ssh.root().resolve("piped.bin"))), 2_000_000);
        }
    }

    @Test
    void anSmtpMailBodyFromASource() throws Exception {
        try (LoopbackMailServer mail = LoopbackMailServer.start()) {
            List<String> lines = List.of("From: <sender@example.test>\r\n", "To: <rcpt@example.test>\r\n", "Subject: streamed\r\n",
                    "\r\n", "A body that came from a stream.\r\n");
            TransferInfo info = Source.from(lines).map(ByteString::fromString)
                    .runWith(CurlSink.upload(curl(), mail.url(LoopbackMailServer.Protocol.SMTP, "client.example.test"), h -> {
                        h.setopt("MAIL_FROM", "<sender@example.test>");
                        h.setopt("MAIL_RCPT", List.of("<rcpt@example.test>"));
                    }), materializer).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(250, info.responseCode(), "the reply to the end of DATA");
            assertEquals(1, mail.received().size());
            assertEquals("streamed", mail.received().get(0).getSubject());
        }
    }

    /** Upstream fails after some chunks: the transfer is cancelled and the materialized value fails with upstream's failure. */
    @Test
    void anUpstreamFailureCancelsTheUpload() throws Exception {
        IllegalStateException boom = new IllegalStateException("upstream broke");
        CompletionStage<TransferInfo> info = Source.range(0, 9).map(i -> {
            if (i == 5) throw boom;
            return ByteString.fromArray(new byte[1000]);
        }).runWith(CurlSink.upload(curl(), http.url("/echo")), materializer);
        try {
            info.toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw new AssertionError("the upload completed");
        } catch (ExecutionException e) {
            assertSame(boom, e.getCause());
        }
        assertTrue(http.awaitActiveConnections(0, Duration.ofSeconds(10)), "the cancelled upload's connection is still open");
    }

    /** Captures one response header's value into {@code into}. */
    private static java.util.function.Consumer<ConfigHandle> echoHeader(String name, AtomicReference<String> into) {
        String prefix = name.toLowerCase(java.util.Locale.ROOT) + ":";
        return h -> h.setopt(CurlOpt.HEADERFUNCTION, (HeaderCallback) (ByteBuffer data) -> {
            byte[] line = new byte[data.remaining()];
            data.get(line);
            String text = new String(line, StandardCharsets.ISO_8859_1);
            if (text.toLowerCase(java.util.Locale.ROOT).startsWith(prefix)) into.set(text.substring(prefix.length()).trim());
            return line.length;
        });
    }
}
