package io.rockstream.bench;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of the incremental SQL core benchmark ({@link CoreBenchmark}).
 *
 * @param rows rows loaded into {@code t}
 * @param groups distinct values of {@code t.g}, and rows of the dimension table {@code d}
 * @param batch rows per multi-row INSERT statement while loading
 * @param updates single-row UPDATE statements by primary key measured
 * @param scans ad-hoc point SELECTs measured (an ad-hoc query still scans all of {@code t})
 * @param inserts single-row INSERT statements measured for view maintenance CPU
 * @param writes single-row writes measured for freshness (idle, and again under load)
 * @param loadBatch rows per INSERT of the background writer during the loaded freshness run
 * @param recomputeRuns runs of each from-scratch recompute (ours and PostgreSQL's); best is kept
 * @param postgres whether to run PostgreSQL's REFRESH MATERIALIZED VIEW side by side
 * @param markdown where to write the figures as a markdown table, if anywhere
 */
public record CoreOptions(long rows, int groups, int batch, int updates, int scans, int inserts, int writes,
        int loadBatch, int recomputeRuns, boolean postgres, Optional<Path> markdown) {

    public CoreOptions {
        if (rows < 1 || groups < 1 || batch < 1 || updates < 1 || scans < 1 || inserts < 1 || writes < 1
                || loadBatch < 1 || recomputeRuns < 1) {
            throw new IllegalArgumentException("every count must be positive");
        }
    }

    public static CoreOptions defaults() {
        return new CoreOptions(10_000_000, 10_000, 10_000, 200, 20, 200, 1000, 1000, 2, true, Optional.empty());
    }

    static final String USAGE = """
            usage: bench/run-core.sh [--rows N] [--groups N] [--batch N] [--updates N] [--scans N]
                                     [--inserts N] [--writes N] [--load-batch N] [--recompute-runs N]
                                     [--no-postgres] [--markdown FILE]""";

    /** Parses command-line arguments over {@link #defaults()}. */
    public static CoreOptions parse(String... arguments) {
        CoreOptions options = defaults();
        for (int i = 0; i < arguments.length; i++) {
            String name = arguments[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (name.equals("--no-postgres")) {
                options = options.with(name, null);
                continue;
            }
            if (i + 1 >= arguments.length) {
                throw new IllegalArgumentException("option " + name + " needs a value\n" + USAGE);
            }
            options = options.with(name, arguments[++i]);
        }
        return options;
    }

    private CoreOptions with(String name, String value) {
        switch (name) {
            case "--rows":
                return new CoreOptions(Long.parseLong(value), groups, batch, updates, scans, inserts, writes, loadBatch,
                        recomputeRuns, postgres, markdown);
            case "--groups":
                return new CoreOptions(rows, Integer.parseInt(value), batch, updates, scans, inserts, writes,
                        loadBatch, recomputeRuns, postgres, markdown);
            case "--batch":
                return new CoreOptions(rows, groups, Integer.parseInt(value), updates, scans, inserts, writes,
                        loadBatch, recomputeRuns, postgres, markdown);
            case "--updates":
                return new CoreOptions(rows, groups, batch, Integer.parseInt(value), scans, inserts, writes, loadBatch,
                        recomputeRuns, postgres, markdown);
            case "--scans":
                return new CoreOptions(rows, groups, batch, updates, Integer.parseInt(value), inserts, writes,
                        loadBatch, recomputeRuns, postgres, markdown);
            case "--inserts":
                return new CoreOptions(rows, groups, batch, updates, scans, Integer.parseInt(value), writes,
                        loadBatch, recomputeRuns, postgres, markdown);
            case "--writes":
                return new CoreOptions(rows, groups, batch, updates, scans, inserts, Integer.parseInt(value),
                        loadBatch, recomputeRuns, postgres, markdown);
            case "--load-batch":
                return new CoreOptions(rows, groups, batch, updates, scans, inserts, writes, Integer.parseInt(value),
                        recomputeRuns, postgres, markdown);
            case "--recompute-runs":
                return new CoreOptions(rows, groups, batch, updates, scans, inserts, writes, loadBatch,
                        Integer.parseInt(value), postgres, markdown);
            case "--no-postgres":
                return new CoreOptions(rows, groups, batch, updates, scans, inserts, writes, loadBatch, recomputeRuns,
                        false, markdown);
            case "--markdown":
                return new CoreOptions(rows, groups, batch, updates, scans, inserts, writes, loadBatch, recomputeRuns,
                        postgres, Optional.of(Path.of(value)));
            default:
                throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
        }
    }
}
