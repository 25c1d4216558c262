package io.rockstream.bench.ivm;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@link RecomputeBenchmark} measured: one {@link Step} per (view, change size), with
 * the table it prints and a summary against the goals.
 *
 * @param loadNanos wall time of loading the tables into RockStream (COPY)
 * @param postgresLoadNanos the same into PostgreSQL, with VACUUM ANALYZE (empty without it)
 */
public record RecomputeReport(double scale, long orders, long lineitems, long loadNanos,
        Optional<Long> postgresLoadNanos, List<Step> steps) {

    static final String NOTE = "Derived from TPC-H queries on generated data; not comparable to official TPC results.";

    public RecomputeReport {
        steps = List.copyOf(steps);
    }

    /** Whether every view equalled its recompute after every change. */
    public boolean allMatched() {
        return steps.stream().allMatch(Step::matched);
    }

    /** Whether PostgreSQL's refreshed views held our rows every time (true without PostgreSQL). */
    public boolean postgresAgreed() {
        return steps.stream().allMatch(step -> step.postgresMatched().orElse(true));
    }

    /** Every figure that must be positive: maintenance and recompute times, rows changed. */
    public boolean figuresPositive() {
        return !steps.isEmpty() && steps.stream().allMatch(step -> step.rowsChanged() > 0 && step.maintainWall() > 0
                && step.maintainThreadsCpu() > 0 && step.recomputeWall() > 0 && step.recomputeThreadsCpu() > 0
                && step.postgresRefreshWall().orElse(1L) > 0);
    }

    /** One step on one line, as printed while the benchmark runs. */
    static String line(Step step) {
        return String.format(Locale.ROOT,
                "%s %s %s (%,d rows): maintain %s ms wall, %s ms CPU; recompute %s ms wall, %s ms CPU; "
                        + "PG REFRESH %s ms wall, %s ms CPU; recompute/maintain %sx, PG/maintain %sx%s",
                step.view(), step.method().label(), step.change().label(), step.rowsChanged(),
                ms(step.maintainWall()),
                ms(step.maintainCpu()), ms(step.recomputeWall()), ms(step.recomputeCpu()),
                step.postgresRefreshWall().map(RecomputeReport::ms).orElse("-"),
                step.postgresRefreshCpu().map(RecomputeReport::ms).orElse("-"), ratio(step.recomputeRatio()),
                step.postgresCpuRatio().map(RecomputeReport::ratio).orElse("-"),
                step.matched() ? "" : "  MISMATCH");
    }

    /** The markdown table of every step. */
    public String markdown() {
        StringBuilder text = new StringBuilder();
        text.append("| view | method | change | rows changed | maintain wall ms | maintain CPU ms (threads / process) "
                + "| recompute wall ms | recompute CPU ms (threads / process) | PG UPDATE wall ms "
                + "| PG REFRESH wall ms | PG REFRESH CPU ms | recompute / maintain (CPU) | PG REFRESH / maintain (CPU) "
                + "| PG REFRESH / maintain (wall) | view = recompute |\n");
        text.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Step step : steps) {
            text.append("| ").append(step.view()).append(" | ").append(step.method().label()).append(" | ")
                    .append(step.change().label()).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", step.rowsChanged())).append(" | ")
                    .append(ms(step.maintainWall())).append(" | ").append(ms(step.maintainThreadsCpu()))
                    .append(" / ").append(ms(step.maintainProcessCpu())).append(" | ")
                    .append(ms(step.recomputeWall())).append(" | ").append(ms(step.recomputeThreadsCpu()))
                    .append(" / ").append(ms(step.recomputeProcessCpu())).append(" | ")
                    .append(step.postgresChangeWall().map(RecomputeReport::ms).orElse("-")).append(" | ")
                    .append(step.postgresRefreshWall().map(RecomputeReport::ms).orElse("-")).append(" | ")
                    .append(step.postgresRefreshCpu().map(RecomputeReport::ms).orElse("-")).append(" | ")
                    .append(ratio(step.recomputeRatio())).append("× | ")
                    .append(step.postgresCpuRatio().map(RecomputeReport::ratio).orElse("-")).append("× | ")
                    .append(step.postgresWallRatio().map(RecomputeReport::ratio).orElse("-")).append("× | ")
                    .append(step.matched() ? "yes" : "**MISMATCH**").append(" |\n");
        }
        return text.toString();
    }

    /** The goals, one line per (view, change size): met or missed. */
    public String goals() {
        StringBuilder text = new StringBuilder();
        for (Step step : steps) {
            String goal;
            switch (step.change()) {
                case ONE_ROW:
                    goal = "recompute >= 1000x maintain";
                    break;
                case ONE_PERCENT:
                    goal = "recompute >= 10x maintain";
                    break;
                case HALF:
                    goal = "maintain <= 1.5x recompute";
                    break;
                default:
                    throw new IllegalStateException("unknown change " + step.change());
            }
            text.append(String.format(Locale.ROOT, "  %-14s %-6s %-4s %-28s  %12sx  %s%n", step.view(),
                    step.method().label(), step.change().label(), goal, ratio(step.recomputeRatio()),
                    step.goalMet() ? "met" : "MISSED"));
        }
        return text.toString();
    }

    /** The block printed at the end of a run. */
    public String text() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT,
                "==== Incremental maintenance versus recompute: scale %s, %,d orders, %,d lineitem rows ====%n",
                scale, orders, lineitems));
        text.append(String.format(Locale.ROOT, "load: RockStream %.1f s (COPY, RocksDB state)", loadNanos / 1e9));
        postgresLoadNanos.ifPresent(nanos -> text.append(String.format(Locale.ROOT,
                ", PostgreSQL %.1f s (COPY + VACUUM ANALYZE)", nanos / 1e9)));
        text.append('\n');
        for (Step step : steps) {
            text.append(line(step)).append('\n');
        }
        text.append("CPU ratios: Java-threads CPU for 1 row (median per statement), process CPU for 1% and 50%.\n");
        text.append("goals (recompute CPU / maintenance CPU):\n").append(goals());
        long met = steps.stream().filter(Step::goalMet).count();
        text.append(String.format(Locale.ROOT, "goals met: %d of %d; views equal to their recompute: %s%s%n", met,
                steps.size(), allMatched() ? "all" : "NO, MISMATCH",
                postgresAgreed() ? "" : "; PostgreSQL DIFFERS"));
        text.append(NOTE).append('\n');
        return text.toString();
    }

    static String ms(long nanos) {
        double millis = nanos / 1e6;
        if (millis >= 100) {
            return String.format(Locale.ROOT, "%,.0f", millis);
        }
        if (millis >= 1) {
            return String.format(Locale.ROOT, "%.2f", millis);
        }
        return String.format(Locale.ROOT, "%.3f", millis);
    }

    static String ratio(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
