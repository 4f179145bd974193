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
import java.util.Map;
import javax.imageio.ImageIO;

/** Draws results.png: grouped bars of ratio_to_c per workload, and the latency/idle figures beside them. */
final class Chart {
    /** Wide enough for eleven bars per workload group with their labels (the plot is 1350 px of it). */
    private static final int W = 1900, H = 880;
    private static final List<String> WORKLOADS = List.of("small", "small_https", "h2", "bulk", "concurrent");
    private static final Map<String, Color> COLORS = Map.ofEntries(
            Map.entry("c", new Color(0x55, 0x55, 0x55)),
            Map.entry("c-epoll", new Color(0x33, 0x33, 0x33)),
            Map.entry("c-poll", new Color(0x99, 0x99, 0x99)),
            Map.entry("multi", new Color(0x1f, 0x77, 0xb4)),
            Map.entry("multiactor", new Color(0x2c, 0xa0, 0x2c)),
            Map.entry("stream", new Color(0x98, 0xdf, 0x8a)),
            Map.entry("stream-touch", new Color(0x60, 0xc0, 0x50)),
            Map.entry("pekko-http", new Color(0xff, 0x7f, 0x0e)),
            Map.entry("pekko-http-single", new Color(0xff, 0xbb, 0x78)),
            Map.entry("jdk-httpclient", new Color(0xd6, 0x27, 0x28)),
            Map.entry("vertx", new Color(0x94, 0x67, 0xbd)),
            Map.entry("reactor-netty", new Color(0x8c, 0x56, 0x4b)),
            Map.entry("jetty-client", new Color(0xe3, 0x77, 0xc2)),
            Map.entry("apache-async", new Color(0xbc, 0xbd, 0x22)),
            Map.entry("okhttp", new Color(0x17, 0xbe, 0xcf)));
    /** The targets of issues 19 (raised from design.md §6) and 14, drawn as a dashed mark over the bar. */
    private static final Map<String, Double> TARGETS = Map.of("small/multiactor", 0.95, "small/multi", 0.97, "bulk/multiactor", 1.0,
            "stream/stream", 0.90);

    private Chart() {}

    static void draw(List<Harness.Row> rows, List<String[]> wakeups, Path file, String mode, String machine) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 24));
        g.drawString("Konnect Curl benchmark: throughput relative to raw C libcurl multi (c = 1.0)", 40, 42);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        g.setColor(new Color(0x44, 0x44, 0x44));
        g.drawString(("quick".equals(mode) ? "bench/run --quick" : "bench/run (full)")
                + " — medians of the per-round ratios to each round's faster C design, whiskers min-max; " + machine, 40, 68);

        // Plot area.
        int left = 90, top = 110, right = 1440, bottom = 700;
        double max = 1.2;
        for (Harness.Row r : rows) {
            if (WORKLOADS.contains(r.workload) && r.ratio != null) {
                max = Math.max(max, (r.ratioMax != null ? Math.max(r.ratio, r.ratioMax) : r.ratio) * 1.12);
            }
        }
        max = Math.ceil(max * 5) / 5;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics fm = g.getFontMetrics();
        for (double v = 0; v <= max + 1e-9; v += max > 2.5 ? 0.5 : 0.2) {
            int y = y(v, max, top, bottom);
            g.setColor(new Color(0xe4, 0xe4, 0xe4));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.1f", v);
            g.drawString(label, left - 10 - fm.stringWidth(label), y + 5);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, top, left, bottom);
        g.drawLine(left, bottom, right, bottom);
        Graphics2D vertical = (Graphics2D) g.create();
        vertical.rotate(-Math.PI / 2);
        vertical.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        vertical.drawString("ratio to c (ops/s; higher is better)", -(top + bottom) / 2 - 110, 30);
        vertical.dispose();

        List<String> contenders = Harness.CONTENDERS;
        boolean anyPartial = false;
        int groupWidth = (right - left) / WORKLOADS.size();
        int barWidth = (groupWidth - 60) / contenders.size();
        for (int wi = 0; wi < WORKLOADS.size(); wi++) {
            String workload = WORKLOADS.get(wi);
            int gx = left + wi * groupWidth + 30;
            Harness.Row c = find(rows, workload, "c");
            for (int ci = 0; ci < contenders.size(); ci++) {
                String contender = contenders.get(ci);
                Harness.Row r = find(rows, workload, contender);
                int x = gx + ci * barWidth;
                if (r == null || r.ratio == null) {
                    g.setColor(Color.GRAY);
                    g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 12));
                    drawVertical(g, r == null || r.note.startsWith("skipped") ? "skipped" : "failed", x + barWidth / 2 + 4, bottom - 6);
                    continue;
                }
                int y = y(r.ratio, max, top, bottom);
                g.setColor(color(contender));
                g.fillRect(x + 3, y, barWidth - 6, bottom - y);
                if (r.ratioMin != null && r.ratioMax != null) {
                    // the rounds' spread: a whisker from the lowest to the highest per-round ratio
                    int yLow = y(r.ratioMin, max, top, bottom), yHigh = y(r.ratioMax, max, top, bottom), xm = x + barWidth / 2;
                    g.setColor(Color.BLACK);
                    g.drawLine(xm, yLow, xm, yHigh);
                    g.drawLine(xm - 3, yLow, xm + 3, yLow);
                    g.drawLine(xm - 3, yHigh, xm + 3, yHigh);
                    y = Math.min(y, yHigh);
                }
                Double target = TARGETS.get(workload + "/" + contender);
                int labelY = y - 5;
                if (target != null) labelY = Math.min(labelY, y(target, max, top, bottom) - 6);
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                boolean partial = !r.note.isEmpty() && !r.note.startsWith("every");
                if (partial) {
                    // incomplete: hatched over the bar, starred label
                    g.setColor(new Color(255, 255, 255, 150));
                    for (int hy = y + 4; hy < bottom; hy += 8) g.drawLine(x + 3, hy, x + barWidth - 4, hy - 6);
                    anyPartial = true;
                }
                g.setColor(Color.BLACK);
                String label = String.format(Locale.ROOT, r.ratio >= 10 ? "%.0f" : "%.2f", r.ratio) + (partial ? "*" : "");
                FontMetrics bf = g.getFontMetrics();
                g.drawString(label, x + barWidth / 2 - bf.stringWidth(label) / 2, labelY);
                if (target != null) {
                    int ty = y(target, max, top, bottom);
                    g.setColor(Color.BLACK);
                    g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 3f}, 0f));
                    g.drawLine(x - 1, ty, x + barWidth + 1, ty);
                    g.setStroke(new BasicStroke(1f));
                }
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
            FontMetrics gf = g.getFontMetrics();
            int cx = left + wi * groupWidth + groupWidth / 2;
            g.drawString(workload, cx - gf.stringWidth(workload) / 2, bottom + 26);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            gf = g.getFontMetrics();
            String base = c == null || c.opsPerS == null ? "c: n/a"
                    : workload.equals("bulk") ? String.format(Locale.ROOT, "c = %,.0f MB/s", c.mbPerS)
                    : String.format(Locale.ROOT, "c = %,.0f req/s", c.opsPerS);
            g.drawString(base, cx - gf.stringWidth(base) / 2, bottom + 46);
            String what = switch (workload) {
                case "small" -> "100 B GETs, 64 in flight";
                case "small_https" -> "100 B over TLS 1.3, 64 conns";
                case "h2" -> "100 B, h2, 100 streams, 1 conn";
                case "bulk" -> "1 MiB GETs, 16 in flight";
                default -> "10,000 slow transfers at once";
            };
            g.drawString(what, cx - gf.stringWidth(what) / 2, bottom + 64);
        }

        // Legend.
        int lx = left, ly = bottom + 95;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        for (String contender : contenders) {
            int entry = 40 + g.getFontMetrics().stringWidth(contender);
            if (lx + entry > right) {
                // next legend line
                lx = left;
                ly += 24;
            }
            g.setColor(color(contender));
            g.fillRect(lx, ly - 13, 16, 16);
            g.setColor(Color.BLACK);
            g.drawString(contender, lx + 22, ly);
            lx += entry;
        }
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 3f}, 0f));
        g.drawLine(lx, ly - 5, lx + 24, ly - 5);
        g.setStroke(new BasicStroke(1f));
        g.drawString("target (issues 19 and 14)", lx + 30, ly);
        if (anyPartial) {
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 13));
            g.drawString("* incomplete (some runs failed or timed out): see notes.md", left, ly + 22);
        }

        // Side panel: latency, idle CPU and the stream workload.
        int px = 1480, py = 130;
        g.setColor(new Color(0xf6, 0xf6, 0xf6));
        g.fillRoundRect(px - 15, py - 30, W - px - 10, 600, 12, 12);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("MultiActor wake-up latency", px, py);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        py += 26;
        g.drawString("tell(Process) → handled (target p99 < 1 ms)", px, py);
        py += 30;
        for (String[] w : wakeups) {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            String situation = switch (w[0]) {
                case "blocked" -> "actor blocked in perform:";
                case "bomb" -> "gzip bombs inflating through it:";
                default -> "actor busy (16 × 1 MiB):";
            };
            g.drawString(situation, px, py);
            py += 22;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
            g.drawString("p50 " + w[3] + " µs   p99 " + w[5] + " µs", px + 12, py);
            py += 20;
            g.drawString("max " + w[7] + " µs   (" + w[2] + " probes)", px + 12, py);
            py += 30;
        }
        py += 10;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("Idle CPU (process, ms per s)", px, py);
        py += 28;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        for (Harness.Row r : rows) {
            if (!r.workload.startsWith("idle")) continue;
            String what = r.contender + (r.workload.equals("idle") ? ", idle" : ", 1,000 stalled");
            g.drawString(what, px, py);
            String value = r.cpuMsPerOp == null ? "n/a" : String.format(Locale.ROOT, "%.2f", r.cpuMsPerOp);
            g.drawString(value, W - 40 - g.getFontMetrics().stringWidth(value), py);
            py += 22;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 13));
        g.setColor(new Color(0x55, 0x55, 0x55));
        py += 8;
        g.drawString("1000 ms/s = one core busy; see notes.md", px, py);
        py += 18;
        g.drawString("for the Multi-owning thread alone (≈ 0)", px, py);
        drawStream(g, rows, px, py + 36);

        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    /** The {@code stream} workload (1 GiB, one transfer at a time), as ratios to its ceiling: too few bars for a group of its own. */
    private static void drawStream(Graphics2D g, List<Harness.Row> rows, int px, int py) {
        Harness.Row c = find(rows, "stream", "c");
        if (c == null || c.mbPerS == null) return;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(String.format(Locale.ROOT, "stream: 16 × 64 MiB (c = %,.0f MB/s)", c.mbPerS), px, py);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        py += 26;
        for (String contender : List.of("multiactor", "stream", "stream-touch")) {
            Harness.Row r = find(rows, "stream", contender);
            if (r == null || r.ratio == null) continue;
            String what = contender.equals("multiactor") ? "multiactor (write callback)"
                    : contender.equals("stream") ? "CurlSource → Sink.ignore" : "CurlSource → touching sink";
            g.drawString(what, px, py);
            String value = String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", r.ratio, r.ratioMin, r.ratioMax);
            g.drawString(value, W - 40 - g.getFontMetrics().stringWidth(value), py);
            py += 22;
        }
    }

    /** A contender's colour; grey for one the chart does not know yet (a new contender still gets a bar). */
    static Color color(String contender) {
        return COLORS.getOrDefault(contender, Color.GRAY);
    }

    private static void drawVertical(Graphics2D g, String text, int x, int y) {
        Graphics2D v = (Graphics2D) g.create();
        v.translate(x, y);
        v.rotate(-Math.PI / 2);
        v.drawString(text, 0, 0);
        v.dispose();
    }

    private static int y(double v, double max, int top, int bottom) {
        return bottom - (int) Math.round(v / max * (bottom - top));
    }

    private static Harness.Row find(List<Harness.Row> rows, String workload, String contender) {
        for (Harness.Row r : rows) if (r.workload.equals(workload) && r.contender.equals(contender)) return r;
        return null;
    }
}
