package io.rockstream.bench.ivm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of {@link RecomputeBenchmark}.
 *
 * @param scale TPC-H-like scale factor (0.2 gives about 1.2M lineitem rows)
 * @param singleRowChanges single-row UPDATEs measured per view (the median is reported)
 * @param postgres whether to refresh the same views in PostgreSQL side by side
 * @param markdown where to write the result table, if anywhere
 */
public record RecomputeOptions(double scale, int singleRowChanges, boolean postgres, Optional<Path> markdown) {

    public RecomputeOptions {
        if (!(scale > 0) || singleRowChanges < 1) {
            throw new IllegalArgumentException("scale and single-row changes must be positive");
        }
    }

    public static RecomputeOptions defaults() {
        return new RecomputeOptions(0.2, 20, true, Optional.empty());
    }

    /** The version the test suite runs: seconds, tiny scale. */
    public static RecomputeOptions shortRun() {
        return new RecomputeOptions(0.002, 3, true, Optional.empty());
    }

    static final String USAGE = """
            usage: bench/run-recompute.sh [--short] [--scale S] [--single-row-changes N] [--no-postgres]
                                          [--markdown FILE]""";

    /** Parses command-line arguments over {@link #defaults()} ({@code --short} over {@link #shortRun()}). */
    public static RecomputeOptions parse(String... arguments) {
        RecomputeOptions options = defaults();
        for (String argument : arguments) {
            if (argument.equals("--short")) {
                options = shortRun();
            }
        }
        for (int i = 0; i < arguments.length; i++) {
            String name = arguments[i];
            switch (name) {
                case "--short":
                    break;
                case "--no-postgres":
                    options = new RecomputeOptions(options.scale, options.singleRowChanges, false, options.markdown);
                    break;
                case "--scale":
                    options = new RecomputeOptions(Double.parseDouble(value(arguments, ++i, name)),
                            options.singleRowChanges, options.postgres, options.markdown);
                    break;
                case "--single-row-changes":
                    options = new RecomputeOptions(options.scale, Integer.parseInt(value(arguments, ++i, name)),
                            options.postgres, options.markdown);
                    break;
                case "--markdown":
                    options = new RecomputeOptions(options.scale, options.singleRowChanges, options.postgres,
                            Optional.of(Path.of(value(arguments, ++i, name))));
                    break;
                default:
                    boolean help = name.equals("--help") || name.equals("-h");
                    throw new IllegalArgumentException((help ? "" : "unknown option " + name + "\n") + USAGE);
            }
        }
        return options;
    }

    private static String value(String[] arguments, int index, String name) {
        if (index >= arguments.length) {
            throw new IllegalArgumentException("option " + name + " needs a value\n" + USAGE);
        }
        return arguments[index];
    }
}
