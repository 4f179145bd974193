package org.konnect.curl.testservers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Bodies encoded as an HTTP {@code Content-Encoding} chain, for {@code /encoded}: each step
 * encodes the output of the one before, as a server applies the codings listed in the header.
 * Steps: {@code gzip} (in one or more members), {@code deflate} (zlib-wrapped, RFC 1950),
 * {@code rawdeflate} (a bare RFC 1951 stream, which some servers send as {@code deflate}) and
 * {@code identity}.
 */
final class EncodedBodies {
    private EncodedBodies() {
    }

    /** The header value a step is sent as: {@code rawdeflate} is a kind of {@code deflate}. */
    static String headerName(String step) {
        return step.equals("rawdeflate") ? "deflate" : step;
    }

    /** {@code body} encoded by {@code step}; {@code members} gzip members share the body evenly. */
    static byte[] encode(String step, byte[] body, int members) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try {
            switch (step) {
                case "gzip":
                    int per = Math.max(1, (body.length + members - 1) / members);
                    int at = 0;
                    do {
                        int n = Math.min(per, body.length - at);
                        try (OutputStream gzip = new GZIPOutputStream(wire)) {
                            gzip.write(body, at, n);
                        }
                        at += n;
                    } while (at < body.length);
                    break;
                case "deflate":
                case "rawdeflate":
                    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, step.equals("rawdeflate"));
                    try (OutputStream out = new DeflaterOutputStream(wire, deflater)) {
                        out.write(body);
                    } finally {
                        deflater.end();
                    }
                    break;
                case "identity":
                    return body;
                default:
                    throw new IllegalArgumentException("unknown step " + step + " (gzip, deflate, rawdeflate, identity)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return wire.toByteArray();
    }
}
