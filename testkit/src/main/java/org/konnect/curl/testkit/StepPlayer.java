package org.konnect.curl.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.konnect.curl.ChunkCallback;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlOpt;
import org.konnect.curl.HeaderCallback;
import org.konnect.curl.ReadCallback;
import org.konnect.curl.WriteCallback;
import org.konnect.curl.XferInfoCallback;
import org.konnect.curl.jni.LibcurlConstants;
import org.konnect.curl.testkit.ScriptedTransfer.Wait;

/**
 * Plays a transfer's steps through the callbacks its request registered, as libcurl calls them,
 * until the transfer has to wait (a delay, a stall, a pause), fails, or its script ends. What a
 * callback returns is judged as libcurl judges it, and a failure carries the {@code CURLE_*} code
 * libcurl would give. On the stand-in's thread only.
 */
final class StepPlayer {
    /** Read callback calls in one go before the stand-in reads its mailbox again (an endless upload must not hold it). */
    private static final int READS_PER_TURN = 64;

    /** What playing needs from the stand-in. */
    interface Host {
        /** A callback of {@code t} ran: a pending Process may get its update now. */
        void touched(ScriptedTransfer t);

        /** {@code t} failed; answered now if a Process waits, else at the next one. */
        void failed(ScriptedTransfer t, CurlError error);

        /** {@code t}'s steps are all played: it completes at the pending or the next Process. */
        void scriptEnded(ScriptedTransfer t);

        /** Wake {@code t}'s wait named {@code token} after {@code delay} of the scheduler's clock (now, for null). */
        void wakeAfter(ScriptedTransfer t, long token, Duration delay);
    }

    private final Host host;

    StepPlayer(Host host) {
        this.host = host;
    }

    /** Plays from {@code t.next} until a wait, a failure or the end. */
    void play(ScriptedTransfer t) {
        int reads = 0;
        while (!t.ended && t.wait == Wait.NONE) {
            if (t.next >= t.steps.size()) {
                t.wait = Wait.FINISHED;
                host.scriptEnded(t);
                return;
            }
            Step step = t.steps.get(t.next);
            if (step instanceof Step.Headers h) {
                headers(t, h);
            } else if (step instanceof Step.Chunk c) {
                chunk(t, c.bytes());
            } else if (step instanceof Step.ReadUpload) {
                if (reads >= READS_PER_TURN) {
                    host.wakeAfter(t, t.await(Wait.BUSY), null);
                    return;
                }
                reads += readUpload(t, READS_PER_TURN - reads);
            } else if (step instanceof Step.Progress) {
                progress(t);
            } else if (step instanceof Step.Delay d) {
                t.next++;
                t.elapsed = t.elapsed.plus(d.duration());
                host.wakeAfter(t, t.await(Wait.DELAY), d.duration());
            } else if (step instanceof Step.Stall) {
                stall(t, Wait.STALL);
            } else if (step instanceof Step.StallUntilTimeout) {
                stallUntilTimeout(t);
            } else if (step instanceof Step.Fail f) {
                t.next++;
                fail(t, new CurlError(f.code(), f.detail(), null));
            }
        }
    }

    /** A wait of {@code t} ended (its delay passed, its timeout came, its turn came back). */
    void wake(ScriptedTransfer t) {
        Wait was = t.wait;
        t.wait = Wait.NONE;
        if (was == Wait.TIMEOUT) {
            long timeout = t.timeoutMillis();
            t.elapsed = t.elapsed.compareTo(Duration.ofMillis(timeout)) < 0 ? Duration.ofMillis(timeout) : t.elapsed;
            fail(t, new CurlError(LibcurlConstants.CURLE_OPERATION_TIMEDOUT, "Operation timed out after " + timeout
                    + " milliseconds with " + t.bodyBytes + " bytes received", null));
            return;
        }
        play(t);
    }

    /** The test released {@code t}: past its stall now, or past the next one. */
    void release(ScriptedTransfer t) {
        if (t.wait == Wait.STALL || t.wait == Wait.TIMEOUT) {
            t.next++;
            t.await(Wait.NONE);   // a timeout still scheduled is now stale
            play(t);
        } else {
            t.stallPermits++;
        }
    }

    /** {@code ConfigHandle.pause(bitmask)}: the new pause state; a direction resumed goes on. */
    void pause(ScriptedTransfer t, int bitmask) {
        t.pauseBits = bitmask;
        if ((t.wait == Wait.RECV_PAUSED && !t.recvPaused()) || (t.wait == Wait.SEND_PAUSED && !t.sendPaused())) {
            t.await(Wait.NONE);
            play(t);
        }
    }

    private void stall(ScriptedTransfer t, Wait kind) {
        if (t.stallPermits > 0) {
            t.stallPermits--;
            t.next++;
        } else {
            t.await(kind);
        }
    }

    private void stallUntilTimeout(ScriptedTransfer t) {
        long timeout = t.timeoutMillis();
        if (timeout == 0 || t.stallPermits > 0) {
            stall(t, Wait.STALL);
            return;
        }
        Duration left = Duration.ofMillis(timeout).minus(t.elapsed);
        host.wakeAfter(t, t.await(Wait.TIMEOUT), left.isNegative() ? Duration.ZERO : left);
    }

    private void fail(ScriptedTransfer t, CurlError error) {
        t.wait = Wait.FINISHED;
        host.failed(t, error);
    }

    private void headers(ScriptedTransfer t, Step.Headers h) {
        if (t.recvPaused()) {
            t.await(Wait.RECV_PAUSED);
            return;
        }
        t.next++;
        t.status = h.status();
        t.headersSent = true;
        t.received();
        String statusLine = Script.statusLineVersion(t.script.responseVersion()) + " " + h.status()
                + (t.script.responseVersion() == org.konnect.curl.HttpVersion.HTTP_2
                || t.script.responseVersion() == org.konnect.curl.HttpVersion.HTTP_3 ? "" : " " + reason(h.status()));
        if (!header(t, statusLine)) return;
        for (String line : h.lines()) {
            String name = line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(line.indexOf(':') + 1).trim();
            if (name.equals("content-type")) t.contentType = value;
            if (name.equals("content-length")) {
                try {
                    t.contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    t.contentLength = -1;
                }
            }
            if (!header(t, line)) return;
        }
        header(t, "");
    }

    /** One header line to the header callback; false when the transfer failed. */
    private boolean header(ScriptedTransfer t, String line) {
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        t.headerBytes += bytes.length;
        Object callback = t.recorded.option(CurlOpt.HEADERFUNCTION);
        if (callback == null) return true;
        ByteBuffer view = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        int r;
        try {
            r = ((HeaderCallback) callback).header(view);
        } catch (Throwable e) {
            fail(t, new CurlError(LibcurlConstants.CURLE_WRITE_ERROR, "Failed writing header (the header callback threw " + e + ")", e));
            return false;
        } finally {
            view.limit(0);   // as a real view is emptied once the call returns
        }
        if (r != bytes.length) {
            fail(t, new CurlError(LibcurlConstants.CURLE_WRITE_ERROR, "Failed writing header (the header callback took " + r
                    + " of " + bytes.length + " bytes)", null));
            return false;
        }
        host.touched(t);
        return !t.ended;
    }

    private void chunk(ScriptedTransfer t, byte[] bytes) {
        if (t.recvPaused()) {
            t.await(Wait.RECV_PAUSED);
            return;
        }
        t.received();
        Object callback = t.recorded.option(CurlOpt.WRITEFUNCTION);
        int n = bytes.length;
        if (n == 0) {   // libcurl never calls a write callback with no data
            t.next++;
            return;
        }
        long cap = t.recorded.maxBodyBytes();
        if (n > cap - t.bodyBytes) {
            fail(t, new CurlError(LibcurlConstants.CURLE_FILESIZE_EXCEEDED, "the body would exceed the " + cap
                    + " bytes this transfer accepts (ConfigHandle.maxBodyBytes; " + t.bodyBytes + " bytes taken so far)", null));
            return;
        }
        if (callback == null) {   // libcurl would write it to stdout: here it is dropped
            t.next++;
            t.bodyBytes += n;
            return;
        }
        ByteBuffer view = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        int r;
        try {
            // A ChunkCallback keeps what it gets: an array of its own, as the engine's native layer hands it.
            r = callback instanceof ChunkCallback keeps ? keeps.write(bytes.clone()) : ((WriteCallback) callback).write(view);
        } catch (Throwable e) {
            fail(t, new CurlError(LibcurlConstants.CURLE_WRITE_ERROR, "Failure writing output to destination (the write callback"
                    + " threw " + e + ")", e));
            return;
        } finally {
            view.limit(0);
        }
        if (r == WriteCallback.PAUSE) {   // libcurl keeps the chunk and hands it over again once resumed
            t.pauseBits |= org.konnect.curl.ConfigHandle.PAUSE_RECV;
            t.await(Wait.RECV_PAUSED);
            host.touched(t);
            return;
        }
        if (r != n) {
            fail(t, new CurlError(LibcurlConstants.CURLE_WRITE_ERROR, "Failure writing output to destination, passed " + n
                    + " returned " + r, null));
            return;
        }
        t.next++;
        t.bodyBytes += n;
        host.touched(t);
    }

    /** Reads the upload until it ends, pauses, fails or has had {@code budget} calls; returns the calls made. */
    private int readUpload(ScriptedTransfer t, int budget) {
        if (t.sendPaused()) {
            t.await(Wait.SEND_PAUSED);
            return 0;
        }
        Object callback = t.recorded.option(CurlOpt.READFUNCTION);
        long total = t.uploadTotal();
        if (callback == null || (total >= 0 && t.uploadBytes >= total)) {   // nothing (more) to read
            t.next++;
            return 0;
        }
        Long configured = t.recorded.longOption(CurlOpt.UPLOAD_BUFFERSIZE);
        int size = configured == null || configured <= 0 ? ScriptedTransfer.DEFAULT_UPLOAD_BUFFER : (int) (long) configured;
        byte[] space = new byte[size];
        for (int calls = 1; calls <= budget; calls++) {
            int want = total >= 0 ? (int) Math.min(size, total - t.uploadBytes) : size;
            ByteBuffer buffer = ByteBuffer.wrap(space, 0, want).slice();
            int r;
            try {
                r = ((ReadCallback) callback).read(buffer);
            } catch (Throwable e) {
                fail(t, new CurlError(LibcurlConstants.CURLE_ABORTED_BY_CALLBACK, "operation aborted by callback (the read"
                        + " callback threw " + e + ")", e));
                return calls;
            } finally {
                buffer.clear().limit(0);
            }
            if (r == ReadCallback.PAUSE) {
                t.pauseBits |= org.konnect.curl.ConfigHandle.PAUSE_SEND;
                t.await(Wait.SEND_PAUSED);
                host.touched(t);
                return calls;
            }
            if (r == ReadCallback.ABORT) {
                fail(t, new CurlError(LibcurlConstants.CURLE_ABORTED_BY_CALLBACK, "operation aborted by callback", null));
                return calls;
            }
            if (r < 0 || r > want) {
                fail(t, new CurlError(LibcurlConstants.CURLE_READ_ERROR, "read function returned funny value", null));
                return calls;
            }
            if (r == 0) {
                t.next++;
                host.touched(t);
                return calls;
            }
            t.recorded.uploaded(space, 0, r);
            t.uploadBytes += r;
            host.touched(t);
            if (t.ended || t.wait != Wait.NONE) return calls;
            if (total >= 0 && t.uploadBytes >= total) {
                t.next++;
                return calls;
            }
        }
        return budget;
    }

    private void progress(ScriptedTransfer t) {
        t.next++;
        if (!t.progressOn()) return;
        XferInfoCallback callback = (XferInfoCallback) t.recorded.option(CurlOpt.XFERINFOFUNCTION);
        long total = t.uploadTotal();
        int r;
        try {
            r = callback.progress(Math.max(0, t.contentLength), t.bodyBytes, Math.max(0, total), t.uploadBytes);
        } catch (Throwable e) {
            fail(t, new CurlError(LibcurlConstants.CURLE_ABORTED_BY_CALLBACK, "Callback aborted (the progress callback threw " + e
                    + ")", e));
            return;
        }
        if (r != 0) {
            fail(t, new CurlError(LibcurlConstants.CURLE_ABORTED_BY_CALLBACK, "Callback aborted", null));
            return;
        }
        host.touched(t);
    }

    /** The reason phrase of an HTTP/1.x status line. */
    private static String reason(int status) {
        switch (status) {
            case 100: return "Continue";
            case 200: return "OK";
            case 201: return "Created";
            case 204: return "No Content";
            case 206: return "Partial Content";
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 304: return "Not Modified";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 416: return "Range Not Satisfiable";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "Status";
        }
    }
}
