package io.rockstream.bench.ivm;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Settings of {@link RecomputeBenchmark}.
 *
 * @param scale TPC-H-like scale factor (0.2 gives about 1.2M lineitem rows)
 * @param singleRowChanges single-row UPDATEs measured per view (the median is reported)
 * @param postgres whether to refresh the same views in PostgreSQL side by side
 * @param markdown where to write the result table, if anywhere
 * @param views the views to measure, by name ({@code ivm_q3}); empty for all
 * @param half whether to measure the 50% changes (on q3 and q5 they can take many minutes: see docs/benchmarks.md)
 */
public record RecomputeOptions(double scale, int singleRowChanges, boolean postgres, Optional<Path> markdown,
        List<String> views, boolean half) {

    public RecomputeOptions {
        if (!(scale > 0) || singleRowChanges < 1) {
            throw new IllegalArgumentException("scale and single-row changes must be positive");
        }
        views = List.copyOf(views);
        for (String view : views) {
            if (TpchView.ALL.stream().noneMatch(known -> known.name().equals(view))) {
                throw new IllegalArgumentException("unknown view " + view + "\n" + USAGE);
            }
        }
    }

    RecomputeOptions(double scale, int singleRowChanges, boolean postgres, Optional<Path> markdown) {
        this(scale, singleRowChanges, postgres, markdown, List.of(), true);
    }

    /** The views to measure, in {@link TpchView#ALL}'s order. */
    List<TpchView> selectedViews() {
        return TpchView.ALL.stream().filter(view -> views.isEmpty() || views.contains(view.name())).toList();
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
                                          [--markdown FILE] [--view ivm_join_agg|ivm_q3|ivm_q5]...
                                          [--no-half]""";

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
                    options = new RecomputeOptions(options.scale, options.singleRowChanges, false, options.markdown,
                            options.views, options.half);
                    break;
                case "--no-half":
                    options = new RecomputeOptions(options.scale, options.singleRowChanges, options.postgres,
                            options.markdown, options.views, false);
                    break;
                case "--view": {
                    List<String> views = new java.util.ArrayList<>(options.views);
                    views.add(value(arguments, ++i, name));
                    options = new RecomputeOptions(options.scale, options.singleRowChanges, options.postgres,
                            options.markdown, views, options.half);
                    break;
                }
                case "--scale":
                    options = new RecomputeOptions(Double.parseDouble(value(arguments, ++i, name)),
                            options.singleRowChanges, options.postgres, options.markdown, options.views,
                            options.half);
                    break;
                case "--single-row-changes":
                    options = new RecomputeOptions(options.scale, Integer.parseInt(value(arguments, ++i, name)),
                            options.postgres, options.markdown, options.views, options.half);
                    break;
                case "--markdown":
                    options = new RecomputeOptions(options.scale, options.singleRowChanges, options.postgres,
                            Optional.of(Path.of(value(arguments, ++i, name))), options.views, options.half);
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
