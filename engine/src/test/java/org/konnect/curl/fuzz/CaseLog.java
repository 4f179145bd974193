package org.konnect.curl.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * What one case did, step by step, to print when a check fails: the setopt sequence, the hooks and
 * callbacks that ran, the actions they took. Values are shortened; the log keeps its last lines.
 */
final class CaseLog {
    private static final int KEPT = 400;
    private final List<String> lines = new ArrayList<>();
    private final String name;
    private final java.io.PrintStream trace;
    private int dropped;

    /** A log of the case {@code name}; with a {@code trace}, each line is written there at once too. */
    CaseLog(String name, java.io.PrintStream trace) {
        this.name = name;
        this.trace = trace;
    }

    void add(String line) {
        if (trace != null) trace.println(name + ": " + line);
        if (lines.size() == KEPT) {
            lines.remove(0);
            dropped++;
        }
        lines.add(line);
    }

    /** A value as the log shows it: type and a short form. */
    static String show(Object v) {
        if (v == null) return "null";
        String s;
        if (v instanceof byte[]) s = "byte[" + ((byte[]) v).length + "]";
        else if (v instanceof String[]) s = "String[" + ((String[]) v).length + "]" + java.util.Arrays.toString((String[]) v);
        else s = String.valueOf(v);
        if (s.length() > 80) s = s.substring(0, 80) + "...(" + s.length() + " chars)";
        return v.getClass().getSimpleName() + ":" + printable(s);
    }

    /** Control characters and surrogates as escapes, so that a logged value stays on its line and encodes. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            boolean control = ch < 0x20 || ch >= 0x7f && ch < 0xa0 || ch == 0x2028 || ch == 0x2029;
            if (control || Character.isSurrogate(ch)) b.append(String.format("\\u%04x", (int) ch));
            else b.append(ch);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (dropped > 0) b.append("    (").append(dropped).append(" earlier lines dropped)\n");
        for (String line : lines) b.append("    ").append(line).append('\n');
        return b.toString();
    }
}
