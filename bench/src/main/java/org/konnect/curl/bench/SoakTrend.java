package org.konnect.curl.bench;

import java.util.List;

/**
 * The trend of one soak series: its least-squares line over a window of samples, the change
 * that line predicts over the window, and whether that change is small enough to call flat.
 *
 * <p>Flat: the line moves by at most 5 % of the series' mean over the window, or by at most a
 * small absolute amount (16 MiB of RSS, 16 descriptors, 4 threads, 16 native objects), because
 * fds and native objects follow the transfers in flight and RSS the allocator's peaks, which
 * wobble from sample to sample under a steady load.
 *
 * @param slopePerHour the line's slope, in the series' unit per hour
 * @param change the line's change from the first to the last sample of the window
 */
record SoakTrend(String series, int samples, double mean, double min, double max, double slopePerHour, double change,
                 boolean flat) {

    static SoakTrend of(String series, List<SoakSample> window) {
        int n = window.size();
        double sx = 0;
        double sy = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (SoakSample s : window) {
            double y = s.value(series);
            sx += s.elapsedSeconds() / 3600;
            sy += y;
            min = Math.min(min, y);
            max = Math.max(max, y);
        }
        double mx = sx / n;
        double my = sy / n;
        double sxy = 0;
        double sxx = 0;
        for (SoakSample s : window) {
            double dx = s.elapsedSeconds() / 3600 - mx;
            sxy += dx * (s.value(series) - my);
            sxx += dx * dx;
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double hours = n < 2 ? 0 : (window.get(n - 1).elapsedSeconds() - window.get(0).elapsedSeconds()) / 3600;
        double change = slope * hours;
        boolean flat = Math.abs(change) <= Math.max(0.05 * Math.abs(my), floor(series));
        return new SoakTrend(series, n, my, min, max, slope, change, flat);
    }

    /** The absolute change that still counts as flat, in the series' unit. */
    static double floor(String series) {
        return switch (series) {
            case "rss_kb" -> 16 * 1024;
            case "threads" -> 4;
            default -> 16;
        };
    }
}
