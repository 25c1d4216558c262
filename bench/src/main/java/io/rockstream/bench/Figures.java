package io.rockstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The figures a benchmark produced, in the order it produced them, each with a unit and a note. */
final class Figures {
    record Figure(String section, String name, double value, String unit, String note) {
    }

    private final List<Figure> figures = new ArrayList<>();

    void add(String section, String name, double value, String unit, String note) {
        figures.add(new Figure(section, name, value, unit, note));
        System.out.printf(Locale.ROOT, "  %-58s %16s %-10s %s%n", name, format(value), unit, note);
    }

    List<Figure> all() {
        return List.copyOf(figures);
    }

    Optional<Figure> find(String name) {
        return figures.stream().filter(figure -> figure.name().equals(name)).findFirst();
    }

    double value(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("no figure " + name)).value();
    }

    /** The summary block printed at the end of a run. */
    String summary(String title) {
        StringBuilder text = new StringBuilder();
        text.append("==== ").append(title).append(" ====\n");
        String section = null;
        for (Figure figure : figures) {
            if (!figure.section().equals(section)) {
                section = figure.section();
                text.append("[").append(section).append("]\n");
            }
            text.append(String.format(Locale.ROOT, "  %-58s %16s %s%n", figure.name(), format(figure.value()),
                    figure.unit()));
        }
        return text.toString();
    }

    /** A markdown table of every figure, for docs/benchmarks.md. */
    String markdown() {
        StringBuilder text = new StringBuilder("| section | figure | value | unit | note |\n|---|---|---:|---|---|\n");
        for (Figure figure : figures) {
            text.append("| ").append(figure.section()).append(" | ").append(figure.name()).append(" | ")
                    .append(format(figure.value())).append(" | ").append(figure.unit()).append(" | ")
                    .append(figure.note()).append(" |\n");
        }
        return text.toString();
    }

    void writeMarkdown(Path file) throws IOException {
        Files.writeString(file, markdown());
    }

    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        double magnitude = Math.abs(value);
        if (value == Math.rint(value) && magnitude < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
