package org.konnect.curl.testservers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Line-by-line I/O for the small text-protocol servers (DICT, Gopher, Telnet, RTSP): ISO-8859-1, CR LF. */
final class TextLines {
    private static final int MAX_LINE = 8 * 1024;

    private TextLines() {}

    /**
     * Reads one line, byte by byte so that nothing after it is consumed.
     *
     * @return the line without its CR LF (or bare LF), or {@code null} if the peer closed first
     */
    static String read(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) return null;
            if (line.size() >= MAX_LINE) throw new IOException("line longer than " + MAX_LINE + " bytes");
            line.write(b);
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Writes {@code text} as ISO-8859-1 and flushes. */
    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
