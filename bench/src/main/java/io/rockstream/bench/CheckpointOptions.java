package io.rockstream.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the checkpoint benchmark ({@link CheckpointBenchmark}).
 *
 * @param sizes rows loaded into {@code t}, one fresh engine and storage per size, in order
 * @param batch rows per multi-row INSERT statement while loading (one epoch each)
 * @param padBytes characters of random hex pad per row of {@code t}; the logical row is 20
 *        bytes more. Wide pads grow the state fast (random hex does not compress), which is
 *        how the benchmark reaches gigabytes of state in minutes
 * @param groups distinct values of {@code t.g}, and rows of the dimension table {@code d}
 * @param changeFraction the share of rows changed (single-row UPDATEs) before the incremental checkpoint
 * @param writes single-row INSERTs timed after each recovery, after the first one
 * @param replayWrites single-row INSERTs a child JVM acknowledges before it is killed with
 *        SIGKILL, so that recovery must replay them from the log; 0 skips the crash
 * @param storage the directory under which each size's object store is created (and deleted
 *        after); a new temporary directory when absent
 * @param markdown where to write the figures as a markdown table, if anywhere
 */
public record CheckpointOptions(List<Long> sizes, int batch, int padBytes, int groups, double changeFraction,
        int writes, int replayWrites, Optional<Path> storage, Optional<Path> markdown) {

    public CheckpointOptions {
        sizes = List.copyOf(requireNonNull(sizes, "sizes is null"));
        requireNonNull(storage, "storage is null");
        requireNonNull(markdown, "markdown is null");
        if (sizes.isEmpty() || sizes.stream().anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("--sizes needs one or more positive row counts");
        }
        if (batch < 1 || groups < 1 || writes < 1 || replayWrites < 0 || padBytes < 0) {
            throw new IllegalArgumentException("--batch, --groups and --writes must be positive, --replay-writes"
                    + " and --pad-bytes at least 0");
        }
        if (!(changeFraction > 0 && changeFraction <= 1)) {
            throw new IllegalArgumentException("--change must be a fraction in (0, 1]");
        }
    }

    static final int BATCH = 500;

    public static CheckpointOptions defaults() {
        return new CheckpointOptions(List.of(250_000L, 1_000_000L), BATCH, PaddedRows.DEFAULT_PAD_LENGTH, 10_000,
                0.001, 20, 1_000, Optional.empty(), Optional.empty());
    }

    static final String USAGE = """
            usage: bench/run-checkpoint.sh [--sizes N,N,...] [--batch N] [--pad-bytes N] [--groups N]
                                           [--change FRACTION] [--writes N] [--replay-writes N] [--storage DIR]
                                           [--markdown FILE]""";

    /** Parses command-line arguments over {@link #defaults()}. */
    public static CheckpointOptions parse(String... arguments) {
        CheckpointOptions defaults = defaults();
        List<Long> sizes = defaults.sizes();
        int batch = defaults.batch();
        int padBytes = defaults.padBytes();
        int groups = defaults.groups();
        double changeFraction = defaults.changeFraction();
        int writes = defaults.writes();
        int replayWrites = defaults.replayWrites();
        Optional<Path> storage = defaults.storage();
        Optional<Path> markdown = defaults.markdown();
        for (int i = 0; i < arguments.length; i++) {
            String name = arguments[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= arguments.length) {
                throw new IllegalArgumentException("option " + name + " needs a value\n" + USAGE);
            }
            String value = arguments[++i];
            switch (name) {
                case "--sizes" -> sizes = Arrays.stream(value.split(",")).map(String::trim)
                        .map(size -> Long.parseLong(size.replace("_", ""))).toList();
                case "--batch" -> batch = Integer.parseInt(value);
                case "--pad-bytes" -> padBytes = Integer.parseInt(value.replace("_", ""));
                case "--groups" -> groups = Integer.parseInt(value);
                case "--change" -> changeFraction = Double.parseDouble(value);
                case "--writes" -> writes = Integer.parseInt(value);
                case "--replay-writes" -> replayWrites = Integer.parseInt(value);
                case "--storage" -> storage = Optional.of(Path.of(value));
                case "--markdown" -> markdown = Optional.of(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        return new CheckpointOptions(sizes, batch, padBytes, groups, changeFraction, writes, replayWrites, storage,
                markdown);
    }

    /** Rows changed before the incremental checkpoint of a table of {@code rows} rows. */
    long changes(long rows) {
        return Math.max(1, Math.round(rows * changeFraction));
    }
}
