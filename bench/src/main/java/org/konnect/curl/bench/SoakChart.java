package org.konnect.curl.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws soak.png: one panel per series (RSS, fds, threads, native objects) against minutes,
 * each from zero so that a flat line looks flat, with the least-squares line of the window
 * after the warm-up dashed over it.
 */
final class SoakChart {
    private static final int W = 1400;
    private static final int H = 900;
    private static final Color LINE = new Color(0x1f, 0x77, 0xb4);
    private static final Color FIT = new Color(0xd6, 0x27, 0x28);
    private static final Color WARMUP = new Color(0xf0, 0xf0, 0xf0);

    private SoakChart() {}

    static void draw(List<SoakSample> samples, double warmupSeconds, List<SoakTrend> trends, String title, String subtitle,
                     Path file) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 24));
        g.drawString(title, 40, 42);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        g.setColor(new Color(0x44, 0x44, 0x44));
        g.drawString(subtitle, 40, 68);

        int panelW = (W - 120) / 2;
        int panelH = (H - 150) / 2;
        for (int i = 0; i < SoakSample.SERIES.size(); i++) {
            int x = 60 + (i % 2) * (panelW + 40);
            int y = 100 + (i / 2) * (panelH + 20);
            panel(g, samples, warmupSeconds, SoakSample.SERIES.get(i), trends.get(i), x, y, panelW, panelH);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void panel(Graphics2D g, List<SoakSample> samples, double warmupSeconds, String series, SoakTrend trend,
                              int x0, int y0, int w, int h) {
        boolean rss = series.equals("rss_kb");
        double scale = rss ? 1024 : 1;   // RSS in MiB
        int left = x0 + 60;
        int top = y0 + 34;
        int right = x0 + w - 10;
        int bottom = y0 + h - 40;
        double last = samples.get(samples.size() - 1).elapsedSeconds() / 60;
        double maxX = last > 0 ? last : 1;
        double peak = 1;
        for (SoakSample s : samples) peak = Math.max(peak, s.value(series) / scale);
        double stepY = niceCeiling(peak * 1.15 / 5);
        double maxY = stepY * Math.ceil(peak * 1.15 / stepY);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.setColor(Color.BLACK);
        String name = switch (series) {
            case "rss_kb" -> "RSS (MiB)";
            case "fds" -> "open file descriptors";
            case "threads" -> "threads";
            default -> "native objects";
        };
        g.drawString(name, x0 + 10, y0 + 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        String verdict = String.format(Locale.ROOT, "slope %+.1f/h, %+.1f over the window: %s", trend.slopePerHour() / scale,
                trend.change() / scale, trend.flat() ? "flat" : "NOT flat");
        FontMetrics fm = g.getFontMetrics();
        g.setColor(trend.flat() ? new Color(0x2c, 0x80, 0x2c) : FIT);
        g.drawString(verdict, right - fm.stringWidth(verdict), y0 + 20);

        int warmRight = px(warmupSeconds / 60, maxX, left, right);
        g.setColor(WARMUP);
        g.fillRect(left, top, Math.max(0, warmRight - left), bottom - top);
        g.setColor(new Color(0x99, 0x99, 0x99));
        if (warmRight - left > 60) g.drawString("warm-up", left + 6, top + 16);
        for (double v = 0; v <= maxY + 1e-9; v += stepY) {
            int y = py(v, maxY, top, bottom);
            g.setColor(new Color(0xe0, 0xe0, 0xe0));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%,.0f", v);
            g.drawString(label, left - 8 - fm.stringWidth(label), y + 5);
        }
        double stepX = niceCeiling(maxX / 6);
        for (double m = 0; m <= maxX + 1e-9; m += stepX) {
            int x = px(m, maxX, left, right);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, m == Math.rint(m) ? "%.0f" : "%.1f", m);
            g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 18);
        }
        g.drawString("minutes", right - fm.stringWidth("minutes"), bottom + 34);
        g.setColor(Color.BLACK);
        g.drawLine(left, top, left, bottom);
        g.drawLine(left, bottom, right, bottom);

        g.setColor(LINE);
        g.setStroke(new BasicStroke(2f));
        for (int i = 1; i < samples.size(); i++) {
            SoakSample a = samples.get(i - 1);
            SoakSample b = samples.get(i);
            g.drawLine(px(a.elapsedSeconds() / 60, maxX, left, right), py(a.value(series) / scale, maxY, top, bottom),
                    px(b.elapsedSeconds() / 60, maxX, left, right), py(b.value(series) / scale, maxY, top, bottom));
        }
        // The fitted line over the window: through the window's mean at its mean time.
        List<SoakSample> window = samples.stream().filter(s -> s.elapsedSeconds() >= warmupSeconds).toList();
        if (window.size() >= 2) {
            double meanT = window.stream().mapToDouble(SoakSample::elapsedSeconds).average().orElse(0) / 3600;
            double t1 = window.get(0).elapsedSeconds() / 3600;
            double t2 = window.get(window.size() - 1).elapsedSeconds() / 3600;
            double y1 = (trend.mean() + trend.slopePerHour() * (t1 - meanT)) / scale;
            double y2 = (trend.mean() + trend.slopePerHour() * (t2 - meanT)) / scale;
            g.setColor(FIT);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f));
            g.drawLine(px(t1 * 60, maxX, left, right), py(y1, maxY, top, bottom), px(t2 * 60, maxX, left, right),
                    py(y2, maxY, top, bottom));
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v - 1e-9) return m * p;
        }
        return 10 * p;
    }

    private static int px(double minutes, double maxX, int left, int right) {
        return left + (int) Math.round(minutes / maxX * (right - left));
    }

    private static int py(double v, double maxY, int top, int bottom) {
        return bottom - (int) Math.round(v / maxY * (bottom - top));
    }
}
