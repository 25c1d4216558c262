package io.rockstream.bench.nexmark;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Settings of {@link NexmarkBenchmark}.
 *
 * @param events events generated and fed to every query
 * @param seed the generator's seed
 * @param batch events per transaction (one epoch): each batch is one COPY per table, committed together
 * @param data where the CSV files are (written there first unless they already hold {@code events}
 *        events for this seed); empty: a temporary directory, deleted at the end
 * @param rocksdb state in RocksDB with checkpoints (the default), or in memory
 * @param queries the queries to run: by default {@code tables} (the tables alone, no view: the
 *        cost of ingest) then q0 … q22
 * @param fork each query in a child JVM of its own (the default), so that its peak resident set,
 *        its JIT and its garbage are its own; otherwise all in this JVM
 */
public record NexmarkOptions(long events, long seed, int batch, Optional<Path> data, boolean rocksdb,
        List<String> queries, boolean fork) {
    public static final long DEFAULT_EVENTS = 1_000_000;
    public static final long SHORT_EVENTS = 20_000;

    public NexmarkOptions {
        requireNonNull(data, "data is null");
        queries = List.copyOf(queries);
        if (events < 1 || batch < 1) {
            throw new IllegalArgumentException("--events and --batch must be positive");
        }
        for (String query : queries) {
            if (!NexmarkQuery.NAMES.contains(query) && !query.equals(NexmarkQuery.TABLES)) {
                throw new IllegalArgumentException("unknown query " + query + "; the queries are q0 … q22 and tables");
            }
        }
    }

    public static NexmarkOptions defaults() {
        return new NexmarkOptions(DEFAULT_EVENTS, 42, 10_000, Optional.empty(), true, everyQuery(), true);
    }

    /** {@code tables}, then q0 … q22. */
    static List<String> everyQuery() {
        List<String> queries = new ArrayList<>();
        queries.add(NexmarkQuery.TABLES);
        queries.addAll(NexmarkQuery.NAMES);
        return queries;
    }

    static final String USAGE = """
            usage: bench/run-nexmark.sh [--events N] [--short] [--seed S] [--batch N] [--data DIR] [--memory]
                               [--in-process] [QUERY...]
              --events N   events fed to each query (default 1,000,000); --short: 20,000
              --batch N    events per transaction, i.e. per epoch (default 10,000)
              --data DIR   keep the CSV files in DIR (reused when they match --events and --seed)
              --memory     state on the heap instead of RocksDB with checkpoints
              --in-process run every query in this JVM (default: a child JVM per query)
              QUERY        q0 … q22, or tables: the tables alone, no view (default: tables and all)""";

    /** Parses command-line arguments over {@link #defaults()}. */
    public static NexmarkOptions parse(String... arguments) {
        NexmarkOptions defaults = defaults();
        long events = defaults.events;
        long seed = defaults.seed;
        int batch = defaults.batch;
        Optional<Path> data = defaults.data;
        boolean rocksdb = defaults.rocksdb;
        boolean fork = defaults.fork;
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < arguments.length; i++) {
            String name = arguments[i];
            switch (name) {
                case "--help":
                case "-h":
                    throw new IllegalArgumentException(USAGE);
                case "--short":
                    events = SHORT_EVENTS;
                    break;
                case "--memory":
                    rocksdb = false;
                    break;
                case "--in-process":
                    fork = false;
                    break;
                case "--events":
                    events = Long.parseLong(value(arguments, ++i, name));
                    break;
                case "--seed":
                    seed = Long.parseLong(value(arguments, ++i, name));
                    break;
                case "--batch":
                    batch = Integer.parseInt(value(arguments, ++i, name));
                    break;
                case "--data":
                    data = Optional.of(Path.of(value(arguments, ++i, name)));
                    break;
                default:
                    if (name.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
                    }
                    queries.add(name.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return new NexmarkOptions(events, seed, batch, data, rocksdb, queries.isEmpty() ? everyQuery() : queries,
                fork);
    }

    private static String value(String[] arguments, int index, String name) {
        if (index >= arguments.length) {
            throw new IllegalArgumentException("option " + name + " needs a value\n" + USAGE);
        }
        return arguments[index];
    }

    /** The arguments that give these options back (without the query list). */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>(List.of("--events", Long.toString(events), "--seed",
                Long.toString(seed), "--batch", Integer.toString(batch)));
        data.ifPresent(directory -> arguments.addAll(List.of("--data", directory.toString())));
        if (!rocksdb) {
            arguments.add("--memory");
        }
        if (!fork) {
            arguments.add("--in-process");
        }
        return arguments;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%,d events, seed %d, batches of %,d, %s", events, seed, batch,
                rocksdb ? "RocksDB state with checkpoints" : "heap state")
                + (fork ? ", a JVM per query" : ", one JVM");
    }
}
