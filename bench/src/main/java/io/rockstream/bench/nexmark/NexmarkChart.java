package io.rockstream.bench.nexmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The side-by-side chart: per query, two bars (RockStream, Flink) of events per CPU-second on
 * a logarithmic axis, with the ratio above each pair; a query one side could not run shows
 * its name only. Drawn with Java2D, headless, into a PNG.
 */
final class NexmarkChart {
    private static final Color ROCKSTREAM = new Color(0x1f, 0x6f, 0xb4);
    private static final Color FLINK = new Color(0xe6, 0x7e, 0x22);
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 620;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 70;
    private static final int BOTTOM = 70;

    private NexmarkChart() {
    }

    static void write(List<SideBySide.Pair> pairs, long events, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, pairs, events);
        } finally {
            g.dispose();
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void draw(Graphics2D g, List<SideBySide.Pair> pairs, long events) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(String.format(Locale.ROOT,
                "Nexmark, %,d events: events per CPU-second (log scale), RockStream vs Apache Flink", events), LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        legend(g, LEFT, 48, ROCKSTREAM, "RockStream");
        legend(g, LEFT + 120, 48, FLINK, "Flink (MiniCluster)");
        g.drawString("label above a pair: RockStream / Flink", LEFT + 280, 58);

        double low = Double.MAX_VALUE;
        double high = 0;
        for (SideBySide.Pair pair : pairs) {
            for (double value : values(pair)) {
                if (value > 0) {
                    low = Math.min(low, value);
                    high = Math.max(high, value);
                }
            }
        }
        if (high == 0) {
            low = 1;
            high = 10;
        }
        double lowDecade = Math.floor(Math.log10(low));
        double highDecade = Math.ceil(Math.log10(high));
        if (highDecade <= lowDecade) {
            highDecade = lowDecade + 1;
        }
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int plotWidth = WIDTH - LEFT - RIGHT;
        // axis and decade lines
        g.setStroke(new BasicStroke(1));
        for (double decade = lowDecade; decade <= highDecade; decade++) {
            int y = y(Math.pow(10, decade), lowDecade, highDecade, plotHeight);
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%,.0f", Math.pow(10, decade));
            FontMetrics metrics = g.getFontMetrics();
            g.drawString(label, LEFT - 8 - metrics.stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, TOP, LEFT, TOP + plotHeight);
        g.drawLine(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString("events per CPU-second", -(TOP + plotHeight / 2 + 60), 20);
        g.setTransform(saved);

        int slot = plotWidth / Math.max(1, pairs.size());
        int bar = Math.max(4, slot * 3 / 8);
        for (int i = 0; i < pairs.size(); i++) {
            SideBySide.Pair pair = pairs.get(i);
            int x = LEFT + i * slot + (slot - 2 * bar) / 2;
            double[] values = values(pair);
            Color[] colors = {ROCKSTREAM, FLINK};
            for (int side = 0; side < 2; side++) {
                if (values[side] > 0) {
                    int top = y(values[side], lowDecade, highDecade, plotHeight);
                    g.setColor(colors[side]);
                    g.fillRect(x + side * bar, top, bar, TOP + plotHeight - top);
                }
            }
            g.setColor(Color.BLACK);
            FontMetrics metrics = g.getFontMetrics();
            String name = pair.query();
            g.drawString(name, LEFT + i * slot + (slot - metrics.stringWidth(name)) / 2, TOP + plotHeight + 16);
            String note;
            if (pair.bothRan()) {
                note = String.format(Locale.ROOT, "%.2fx", pair.cpuRatio());
            } else {
                note = values[0] > 0 ? "Flink: n/a" : values[1] > 0 ? "ours: n/a" : "n/a";
            }
            int labelY = TOP + plotHeight + 32;
            if (pair.bothRan()) {
                labelY = Math.min(y(values[0], lowDecade, highDecade, plotHeight),
                        y(values[1], lowDecade, highDecade, plotHeight)) - 4;
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            metrics = g.getFontMetrics();
            g.drawString(note, LEFT + i * slot + (slot - metrics.stringWidth(note)) / 2, labelY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString("same events, same machine, one run; parallelism 2, RocksDB state, checkpoints every 10 s;"
                + " CPU = all threads of each system's JVM", LEFT, HEIGHT - 15);
    }

    private static double[] values(SideBySide.Pair pair) {
        double ours = pair.rockstream().passed() ? pair.rockstream().eventsPerCpuSecond() : 0;
        double theirs = pair.flink().ran() ? pair.flink().eventsPerCpuSecond() : 0;
        return new double[] {ours, theirs};
    }

    private static int y(double value, double lowDecade, double highDecade, int plotHeight) {
        double fraction = (Math.log10(value) - lowDecade) / (highDecade - lowDecade);
        return TOP + plotHeight - (int) Math.round(fraction * plotHeight);
    }

    private static void legend(Graphics2D g, int x, int y, Color color, String label) {
        g.setColor(color);
        g.fillRect(x, y, 14, 14);
        g.setColor(Color.BLACK);
        g.drawString(label, x + 20, y + 12);
    }
}
