package org.konnect.curl.bench;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * The harness's side channel to a contender process that lives across rounds: one line per
 * command on its stdin, {@code run} (one measured run, answered by a {@code BENCH run} line) or
 * {@code quit}. The end of input means quit too, so a harness that dies leaves no process behind.
 */
final class RoundCommands {
    private RoundCommands() {}

    /** Waits for the next command: true for {@code run}, false for {@code quit} or the end of input. */
    static boolean next(BufferedReader in) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            String command = line.trim();
            if (command.equals("run")) return true;
            if (command.equals("quit")) return false;
            if (!command.isEmpty()) System.err.println("worker: unknown command '" + command + "' (run or quit)");
        }
        return false;
    }
}
