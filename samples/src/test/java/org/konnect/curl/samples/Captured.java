package org.konnect.curl.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A sample's printed output: every sample prints to the {@link PrintStream} its {@code run} is given. */
final class Captured {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    String text() {
        out.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    List<String> lines() {
        return text().lines().toList();
    }

    long count(String regex) {
        return lines().stream().filter(l -> l.matches(regex)).count();
    }
}
