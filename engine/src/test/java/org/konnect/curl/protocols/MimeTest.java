package org.konnect.curl.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.BodyPart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.Curl;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.Mime;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackMailServer;
import org.konnect.curl.testservers.LoopbackMailServer.Protocol;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/** CURLOPT_MIMEPOST from a {@link Mime}: a mail with an attachment over SMTP, and an HTTP multipart form POST. */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class MimeTest {
    @AutoClose
    final LoopbackMailServer mail = MailFixtures.server();
    final LoopbackHttpServer http;
    final byte[] attachment = new byte[40_000];

    MimeTest(LoopbackHttpServer http) {
        this.http = http;
        new Random(7).nextBytes(attachment);
    }

    @Test
    void mailsATextAndAnAttachment() throws Exception {
        Mime mime = Mime.of(
                Mime.Part.text("Hello Bob,\r\nthe report is attached.\r\n").type("text/plain; charset=utf-8"),
                Mime.Part.data(attachment).type("application/octet-stream").filename("report.bin").encoder("base64"));
        CollectingTransfer.Result r = OwnerLoop.result(new CollectingTransfer(mail.url(Protocol.SMTP, "client.example.test"), h -> {
            h.setopt("MAIL_FROM", "<alice@example.test>");
            h.setopt("MAIL_RCPT", List.of("<bob@example.test>"));
            // Over SMTP the top-level headers of the mail are HTTPHEADER's.
            h.setopt(CurlOpt.HTTPHEADER, List.of("From: Alice <alice@example.test>", "To: Bob <bob@example.test>",
                    "Subject: The report"));
            h.setopt(CurlOpt.MIMEPOST, mime);
        }, CurlInfo.RESPONSE_CODE));
        assertEquals(250, r.info(CurlInfo.RESPONSE_CODE));

        List<MimeMessage> inbox = mail.inbox("bob");
        assertEquals(1, inbox.size());
        MimeMessage m = inbox.get(0);
        assertEquals("The report", m.getSubject());
        assertTrue(m.isMimeType("multipart/mixed"), m.getContentType());
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertEquals(2, parts.getCount());
        BodyPart text = parts.getBodyPart(0);
        assertTrue(text.isMimeType("text/plain"), text.getContentType());
        assertEquals("Hello Bob,\r\nthe report is attached.\r\n", text.getContent());
        BodyPart file = parts.getBodyPart(1);
        assertEquals("report.bin", file.getFileName());
        assertEquals(Part.ATTACHMENT, file.getDisposition());
        assertEquals("base64", file.getHeader("Content-Transfer-Encoding")[0]);
        try (InputStream decoded = file.getInputStream()) {
            assertArrayEquals(attachment, decoded.readAllBytes());
        }
    }

    @Test
    void postsAMultipartForm() throws Exception {
        Mime form = Mime.of(
                Mime.Part.text("Konnect").name("project"),
                Mime.Part.data(attachment).name("upload").filename("data.bin").type("application/octet-stream")
                        .headers(List.of("X-Part: second")));
        CollectingTransfer.Result r =
                OwnerLoop.result(new CollectingTransfer(http.url("/echo"), h -> h.setopt(CurlOpt.MIMEPOST, form), CurlInfo.RESPONSE_CODE));
        assertEquals(200, r.info(CurlInfo.RESPONSE_CODE));

        // The echoed body is the multipart request body; its first line is the boundary.
        String body = new String(r.body(), StandardCharsets.ISO_8859_1);
        String boundary = body.substring(2, body.indexOf("\r\n"));
        MimeMultipart parts = new MimeMultipart(new ByteArrayDataSource(r.body(), "multipart/form-data; boundary=" + boundary));
        assertEquals(2, parts.getCount());
        assertEquals("form-data; name=\"project\"", parts.getBodyPart(0).getHeader("Content-Disposition")[0]);
        assertEquals("Konnect", new String(parts.getBodyPart(0).getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        BodyPart upload = parts.getBodyPart(1);
        assertEquals("form-data; name=\"upload\"; filename=\"data.bin\"", upload.getHeader("Content-Disposition")[0]);
        assertEquals("second", upload.getHeader("X-Part")[0]);
        assertArrayEquals(attachment, upload.getInputStream().readAllBytes());
    }

    @Test
    void aLaterMimeReplacesAnEarlierOne() throws Exception {
        CollectingTransfer.Result r = OwnerLoop.result(new CollectingTransfer(http.url("/echo"), h -> {
            h.setopt(CurlOpt.MIMEPOST, Mime.of(Mime.Part.text("first").name("a")));
            h.setopt(CurlOpt.MIMEPOST, Mime.of(Mime.Part.text("second").name("b")));
        }));
        String body = r.text();
        assertTrue(body.contains("name=\"b\"\r\n\r\nsecond\r\n"), body);
        assertFalse(body.contains("first"), body);
    }

    @Test
    void unsettingMimePostSendsNoForm() {
        CollectingTransfer.Result r = OwnerLoop.result(new CollectingTransfer(http.url("/echo"), h -> {
            h.setopt(CurlOpt.MIMEPOST, Mime.of(Mime.Part.text("gone").name("a")));
            h.unsetopt(CurlOpt.MIMEPOST);
        }));
        assertEquals(0, r.body().length, r.text());
    }

    @Test
    void anEncoderLibcurlDoesNotKnowIsRefused() {
        // setopt throws inside configureHandle, which fails the transfer with that as the cause.
        var e = OwnerLoop.failure(new CollectingTransfer(http.url("/echo"),
                h -> h.setopt(CurlOpt.MIMEPOST, Mime.of(Mime.Part.text("x").name("a").encoder("rot13")))));
        IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(cause.getMessage().contains("CURLOPT_MIMEPOST") && cause.getMessage().contains("CURLE_BAD_FUNCTION_ARGUMENT"),
                cause.getMessage());
    }

    @Test
    void theNativeMimeIsCountedAndFreed() {
        long[] counts = new long[4];
        CollectingTransfer.Result r = OwnerLoop.result(new CollectingTransfer(http.url("/echo"), h -> {
            counts[0] = Curl.liveNativeObjects();
            h.setopt(CurlOpt.MIMEPOST, Mime.of(Mime.Part.text("first").name("a"), Mime.Part.text("more").name("b")));
            counts[1] = Curl.liveNativeObjects();
            h.setopt(CurlOpt.MIMEPOST, Mime.of(Mime.Part.text("second").name("a")));
            counts[2] = Curl.liveNativeObjects();
            // A part libcurl refuses: the half-built structure is freed, the option keeps its value.
            assertThrows(IllegalArgumentException.class,
                    () -> h.setopt(CurlOpt.MIMEPOST, Mime.of(Mime.Part.text("x").name("c"), Mime.Part.text("y").encoder("rot13"))));
            counts[3] = Curl.liveNativeObjects();
        }));
        assertEquals(counts[0] + 1, counts[1], "one kept curl_mime, whatever its parts");
        assertEquals(counts[1], counts[2], "the replaced curl_mime is freed");
        assertEquals(counts[2], counts[3], "nothing is kept from a refused one");
        assertTrue(r.text().contains("name=\"a\"\r\n\r\nsecond\r\n"), r.text());
        assertEquals(0, Curl.liveNativeObjects(), "freed with the handle, when the transfer's Multi closed");
    }

    @Test
    void aMimeIsAValue() {
        byte[] data = {1, 2, 3};
        Mime.Part part = Mime.Part.data(data).name("n");
        data[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, part.data(), "the part copied its data");
        assertEquals(Mime.of(Mime.Part.data(new byte[] {1, 2, 3}).name("n")), Mime.of(part));
        assertThrows(IllegalArgumentException.class, () -> part.type("text/plain\0x"));
        var e = OwnerLoop.failure(new CollectingTransfer(http.url("/echo"), h -> h.setopt(CurlOpt.MIMEPOST, "not a Mime")));
        assertEquals("CURLOPT_MIMEPOST expects a Mime, got java.lang.String",
                assertInstanceOf(IllegalArgumentException.class, e.getCause()).getMessage());
    }
}
