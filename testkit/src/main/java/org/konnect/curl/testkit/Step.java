package org.konnect.curl.testkit;

import java.time.Duration;
import java.util.List;

/** One step of a {@link Script}: what "libcurl" does next for the transfer, played by the {@link StepPlayer}. */
sealed interface Step {
    /** The response head: the status line and {@code lines}, then the empty line, one header callback call each. */
    record Headers(int status, List<String> lines) implements Step {
        @Override
        public String toString() {
            return "headers " + status + (lines.isEmpty() ? "" : " " + lines);
        }
    }

    /** Body bytes, handed to the write callback in one call. */
    record Chunk(byte[] bytes) implements Step {
        @Override
        public String toString() {
            return "chunk of " + bytes.length + " B";
        }
    }

    /** The request body, read from the read callback until it ends the body. */
    record ReadUpload() implements Step {
        @Override
        public String toString() {
            return "read the upload";
        }
    }

    /** One call of the progress callback with the counts so far. */
    record Progress() implements Step {
        @Override
        public String toString() {
            return "progress";
        }
    }

    /** Nothing happens for {@code duration} of the actor system's clock (Pekko's ManualTime in tests). */
    record Delay(Duration duration) implements Step {
        @Override
        public String toString() {
            return "delay " + duration;
        }
    }

    /** Nothing happens until the test releases the transfer ({@link RecordedRequest#release()}). */
    record Stall() implements Step {
        @Override
        public String toString() {
            return "stall";
        }
    }

    /** Nothing happens until the request's own TIMEOUT(_MS) has passed on the clock: then CURLE_OPERATION_TIMEDOUT. */
    record StallUntilTimeout() implements Step {
        @Override
        public String toString() {
            return "stall until the request's timeout";
        }
    }

    /** The transfer fails with {@code code} and libcurl-style {@code detail}. */
    record Fail(int code, String detail) implements Step {
        @Override
        public String toString() {
            return "fail " + org.konnect.curl.CurlError.nameOf(code) + " (" + detail + ")";
        }
    }
}
