package org.konnect.curl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A MIME structure for {@link CurlOpt#MIMEPOST}: the parts of an HTTP {@code multipart/form-data}
 * POST, or of a mail sent over SMTP (libcurl makes it {@code multipart/mixed}; the mail's own
 * headers go in {@link CurlOpt#HTTPHEADER}). An immutable value: the native layer builds libcurl's
 * {@code curl_mime} from it when the option is set, on the transfer's handle, and frees it with
 * the handle's other kept values.
 *
 * <pre>{@code
 * h.setopt(CurlOpt.MIMEPOST, Mime.of(
 *         Mime.Part.text("Hello").type("text/plain; charset=utf-8"),
 *         Mime.Part.data(pdf).type("application/pdf").filename("report.pdf").encoder("base64")));
 * }</pre>
 *
 * @param parts the parts, in order
 */
public record Mime(List<Part> parts) {
    /**
     * @param parts the parts, in order (copied)
     * @throws NullPointerException if {@code parts} or one of them is {@code null}
     */
    public Mime {
        parts = List.copyOf(parts);
    }

    /**
     * A structure of these parts.
     *
     * @param parts the parts, in order
     * @return the structure
     */
    public static Mime of(Part... parts) {
        return new Mime(List.of(parts));
    }

    /**
     * One part: its data, and optionally a form field name, a content type, a file name, a
     * transfer encoder ({@code "base64"}, {@code "quoted-printable"}, {@code "7bit"},
     * {@code "8bit"}, {@code "binary"}) and header lines of its own. Immutable: each
     * {@code with}-style method returns a new part.
     */
    public static final class Part {
        private final byte[] data;
        private final String name;
        private final String type;
        private final String filename;
        private final String encoder;
        private final List<String> headers;

        private Part(byte[] data, String name, String type, String filename, String encoder, List<String> headers) {
            this.data = data;
            this.name = name;
            this.type = type;
            this.filename = filename;
            this.encoder = encoder;
            this.headers = headers;
        }

        /**
         * A part holding {@code data} (copied).
         *
         * @param data the part's content
         * @return the part, with nothing else set
         */
        public static Part data(byte[] data) {
            return new Part(data.clone(), null, null, null, null, List.of());
        }

        /**
         * A part holding {@code text} in UTF-8.
         *
         * @param text the part's content
         * @return the part, with nothing else set
         */
        public static Part text(String text) {
            return new Part(text.getBytes(StandardCharsets.UTF_8), null, null, null, null, List.of());
        }

        /**
         * {@code curl_mime_name}: the form field's name (HTTP).
         *
         * @param name the name
         * @return a copy of this part with the name
         */
        public Part name(String name) {
            return new Part(data, checked("name", name), type, filename, encoder, headers);
        }

        /**
         * {@code curl_mime_type}: the content type, e.g. {@code "text/plain; charset=utf-8"}.
         *
         * @param type the content type
         * @return a copy of this part with the type
         */
        public Part type(String type) {
            return new Part(data, name, checked("type", type), filename, encoder, headers);
        }

        /**
         * {@code curl_mime_filename}: the remote file name, which makes the part an attachment.
         *
         * @param filename the file name
         * @return a copy of this part with the file name
         */
        public Part filename(String filename) {
            return new Part(data, name, type, checked("filename", filename), encoder, headers);
        }

        /**
         * {@code curl_mime_encoder}: the transfer encoding libcurl applies to the data; one it
         * does not know makes {@link ConfigHandle#setopt} throw.
         *
         * @param encoder e.g. {@code "base64"}
         * @return a copy of this part with the encoder
         */
        public Part encoder(String encoder) {
            return new Part(data, name, type, filename, checked("encoder", encoder), headers);
        }

        /**
         * {@code curl_mime_headers}: header lines of the part's own, e.g. {@code "Content-ID: <1>"}.
         *
         * @param headers the lines, without line ends (copied)
         * @return a copy of this part with these headers instead of any earlier
         */
        public Part headers(List<String> headers) {
            List<String> copy = List.copyOf(headers);
            copy.forEach(h -> checked("header", h));
            return new Part(data, name, type, filename, encoder, copy);
        }

        /**
         * The content.
         *
         * @return a copy of the data
         */
        public byte[] data() {
            return data.clone();
        }

        /** @return the form field name, or {@code null} */
        public String name() {
            return name;
        }

        /** @return the content type, or {@code null} */
        public String type() {
            return type;
        }

        /** @return the file name, or {@code null} */
        public String filename() {
            return filename;
        }

        /** @return the transfer encoder, or {@code null} */
        public String encoder() {
            return encoder;
        }

        /** @return the part's own header lines */
        public List<String> headers() {
            return headers;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Part p && Arrays.equals(data, p.data) && Objects.equals(name, p.name) && Objects.equals(type, p.type)
                    && Objects.equals(filename, p.filename) && Objects.equals(encoder, p.encoder) && headers.equals(p.headers);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(data), name, type, filename, encoder, headers);
        }

        @Override
        public String toString() {
            return "Part[" + data.length + " bytes" + (name == null ? "" : ", name=" + name) + (type == null ? "" : ", type=" + type)
                    + (filename == null ? "" : ", filename=" + filename) + (encoder == null ? "" : ", encoder=" + encoder)
                    + (headers.isEmpty() ? "" : ", headers=" + headers) + "]";
        }

        private static String checked(String what, String value) {
            Objects.requireNonNull(value, what);
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("MIME part " + what + " contains a NUL character, which libcurl cannot take");
            }
            return value;
        }

        /** The native layer's encoding (mime.c): name, data, type, filename, encoder, then the headers. */
        byte[][] encode() {
            List<byte[]> fields = new ArrayList<>(5 + headers.size());
            fields.add(cString(name));
            fields.add(data);
            fields.add(cString(type));
            fields.add(cString(filename));
            fields.add(cString(encoder));
            headers.forEach(h -> fields.add(cString(h)));
            return fields.toArray(new byte[0][]);
        }

        private static byte[] cString(String s) {
            if (s == null) return null;
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            return Arrays.copyOf(utf8, utf8.length + 1);
        }
    }

    /** One {@link Part#encode()} per part, for the native layer. */
    byte[][][] encode() {
        byte[][][] out = new byte[parts.size()][][];
        for (int i = 0; i < out.length; i++) out[i] = parts.get(i).encode();
        return out;
    }
}
