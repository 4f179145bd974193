package org.konnect.curl.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The arithmetic of interleaved rounds: every round runs every contender once, in an order
 * rotated by one each round, so that no contender always runs first (on a cold page cache, a
 * freshly started nginx) or always right after the same neighbour. Ratios are taken within a
 * round, against that round's ceiling, so that a drift of the machine across the run (another
 * process, thermal limits, nginx's own caches) moves the ceiling and the contender together.
 */
final class Rounds {
    /** The cbench designs; the faster of the two in a round is that round's ceiling, {@code c}. */
    static final List<String> C_DESIGNS = List.of("c-epoll", "c-poll");

    private Rounds() {}

    /** Round {@code round}'s order: the contenders starting at index {@code round mod n}. */
    static List<String> rotation(List<String> contenders, int round) {
        int n = contenders.size();
        List<String> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) order.add(contenders.get(Math.floorMod(round + i, n)));
        return order;
    }

    static boolean isC(String contender) {
        return C_DESIGNS.contains(contender);
    }

    /** A median with the min-max spread beside it, of the values that are there (NaN: none). */
    record Summary(double median, double min, double max, int n) {
        static Summary of(List<Double> values) {
            double[] v = values.stream().filter(d -> d != null && !d.isNaN()).mapToDouble(Double::doubleValue).toArray();
            if (v.length == 0) return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
            Arrays.sort(v);
            int n = v.length;
            double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
            return new Summary(median, v[0], v[n - 1], n);
        }
    }

    /**
     * Each round's value of {@code contender} over that round's value of {@code reference}
     * (NaN where either is missing): per-round ratios, for the median and its spread.
     */
    static List<Double> ratios(List<Double> contender, List<Double> reference) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < contender.size(); i++) {
            Double a = contender.get(i), b = i < reference.size() ? reference.get(i) : null;
            r.add(a == null || b == null || a.isNaN() || b.isNaN() || b == 0 ? Double.NaN : a / b);
        }
        return r;
    }

    /** Per round, the larger of the C designs' values there are (NaN where none ran): the ceiling. */
    static List<Double> ceiling(List<List<Double>> designs, int rounds) {
        List<Double> c = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            double best = Double.NaN;
            for (List<Double> d : designs) {
                Double v = i < d.size() ? d.get(i) : null;
                if (v != null && !v.isNaN() && (Double.isNaN(best) || v > best)) best = v;
            }
            c.add(best);
        }
        return c;
    }
}
