package org.konnect.curl.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.konnect.curl.ConfigHandle;
import org.konnect.curl.CurlOpt;

/**
 * A random sequence of {@code setopt}, {@code setopt} by name, {@code unsetopt} and
 * {@code maxBodyBytes} calls over libcurl's whole option table, with values that fit and values
 * that do not. Each call either succeeds or throws what {@link ConfigHandle} documents, naming
 * the option; a value whose type does not fit must be refused.
 */
final class SetoptSteps {
    /** Every option of the loaded libcurl's table, those Java cannot set included. */
    static final List<CurlOpt> ALL = CurlOpt.all();

    private final FuzzCase c;
    private final OptionValues values;

    SetoptSteps(FuzzCase c, OptionValues values) {
        this.c = c;
        this.values = values;
    }

    void run(ConfigHandle h, Random r, int steps) {
        for (int i = 0; i < steps; i++) {
            int roll = r.nextInt(100);
            CurlOpt option = ALL.get(r.nextInt(ALL.size()));
            if (roll < 55) setopt(h, option, values.fitting(option, r), false);
            else if (roll < 75) setopt(h, option, values.misfit(option, r), false);
            else if (roll < 82) setopt(h, option, values.fitting(option, r), true);
            else if (roll < 93) unsetopt(h, option);
            else if (roll < 96) unknownName(h, r);
            else maxBodyBytes(h, r);
        }
    }

    /** One setopt, checked; by name when {@code byName} (the name in one of its spellings). */
    void setopt(ConfigHandle h, CurlOpt option, Object value, boolean byName) {
        boolean fits = OptionValues.fits(option, value);
        String call = (byName ? "setopt(\"" + spelling(option) + "\", " : "setopt(" + option + ", ") + CaseLog.show(value) + ")";
        try {
            if (byName) h.setopt(spelling(option), value);
            else h.setopt(option, value);
            c.log.add(call + " ok");
            if (option.name().equals("RESOLVE")) c.batch.dnsCacheChanged = true;
            if (!fits) c.problem(call + " accepted a value of a type " + option.kind() + " does not take");
        } catch (IllegalArgumentException e) {
            c.log.add(call + " -> IAE " + shorten(e.getMessage()));
            if (e.getMessage() == null || !e.getMessage().contains(option.toString())) {
                c.problem(call + " threw an IllegalArgumentException that does not name the option: " + e);
            }
        } catch (Throwable t) {
            c.problem(call + " threw " + t + " (expected success or an IllegalArgumentException)", t);
        }
    }

    private String spelling(CurlOpt option) {
        switch (c.rnd.nextInt(4)) {
            case 0: return option.name();
            case 1: return option.toString();
            case 2: return option.toString().toLowerCase(Locale.ROOT);
            default: return "CurlOpt_" + option.name().toLowerCase(Locale.ROOT);
        }
    }

    private void unsetopt(ConfigHandle h, CurlOpt option) {
        try {
            h.unsetopt(option);
            c.log.add("unsetopt(" + option + ") ok");
            if (option.kind() == CurlOpt.Kind.UNSUPPORTED) c.problem("unsetopt(" + option + ") of an unsupported option succeeded");
        } catch (IllegalArgumentException e) {
            c.log.add("unsetopt(" + option + ") -> IAE " + shorten(e.getMessage()));
            if (option.kind() != CurlOpt.Kind.UNSUPPORTED || !e.getMessage().contains(option.toString())) {
                c.problem("unsetopt(" + option + ") threw " + e);
            }
        } catch (Throwable t) {
            c.problem("unsetopt(" + option + ") threw " + t, t);
        }
    }

    private void unknownName(ConfigHandle h, Random r) {
        String[] names = {"NO_SUCH_OPTION", "", "CURLOPT_", "url ", "CURLOPT_URLX", Values.junk(r, 10)};
        String name = names[r.nextInt(names.length)];
        try {
            h.setopt(name, 1L);
            c.problem("setopt(\"" + name + "\") of an unknown option succeeded");
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().contains("unknown libcurl option")) c.problem("setopt(\"" + name + "\") threw " + e);
        } catch (Throwable t) {
            c.problem("setopt(\"" + name + "\") threw " + t, t);
        }
    }

    private void maxBodyBytes(ConfigHandle h, Random r) {
        long max = Values.longValue(r);
        try {
            h.maxBodyBytes(max);
            c.log.add("maxBodyBytes(" + max + ") ok");
            if (max < 0) c.problem("maxBodyBytes(" + max + ") accepted a negative cap");
        } catch (IllegalArgumentException e) {
            if (max >= 0) c.problem("maxBodyBytes(" + max + ") threw " + e);
        } catch (Throwable t) {
            c.problem("maxBodyBytes(" + max + ") threw " + t, t);
        }
    }

    private static String shorten(String s) {
        return s == null || s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }
}
