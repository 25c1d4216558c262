package io.rockstream.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the Postgres gateway benchmark ({@link GatewayBenchmark}).
 *
 * @param rows rows loaded into {@code t} on both systems
 * @param groups distinct values of {@code t.g}: the rows of the aggregate view {@code agg}
 * @param seconds how long each point-read case is measured, per system
 * @param warmupSeconds how long each case runs before its measurement starts (not counted)
 * @param clients the client counts measured, one connection and one thread per client
 * @param targets the relations read by key: {@code kv} (a materialized view projecting
 *        {@code t}), {@code agg} (a GROUP BY view, read by its group) and {@code t} (the table)
 * @param ingestRows rows written by each ingest case (COPY text, COPY CSV, or batched INSERTs)
 * @param serverHeap the RockStream server JVM's heap (-Xms and -Xmx)
 * @param serverJvmOptions extra JVM options for the RockStream server (e.g. to record a JFR profile)
 * @param storage the directory under which the RockStream server keeps its state (deleted
 *        after); a new temporary directory when absent
 * @param markdown where to write the figures as a markdown table, if anywhere
 */
public record GatewayOptions(long rows, int groups, int seconds, int warmupSeconds, List<Integer> clients,
        List<String> targets, int ingestRows, String serverHeap, List<String> serverJvmOptions,
        Optional<Path> storage, Optional<Path> markdown) {

    static final List<String> TARGETS = List.of("kv", "agg", "t");

    public GatewayOptions {
        clients = List.copyOf(requireNonNull(clients, "clients is null"));
        targets = List.copyOf(requireNonNull(targets, "targets is null"));
        serverJvmOptions = List.copyOf(requireNonNull(serverJvmOptions, "serverJvmOptions is null"));
        requireNonNull(serverHeap, "serverHeap is null");
        requireNonNull(storage, "storage is null");
        requireNonNull(markdown, "markdown is null");
        if (rows < 1 || groups < 1 || seconds < 1 || warmupSeconds < 0 || ingestRows < 1) {
            throw new IllegalArgumentException("--rows, --groups, --seconds and --ingest-rows must be positive,"
                    + " --warmup at least 0");
        }
        if (clients.isEmpty() || clients.stream().anyMatch(count -> count < 1)) {
            throw new IllegalArgumentException("--clients needs one or more positive counts");
        }
        if (!TARGETS.containsAll(targets)) {
            throw new IllegalArgumentException("--targets takes some of " + TARGETS);
        }
    }

    public static GatewayOptions defaults() {
        return new GatewayOptions(1_000_000, 10_000, 15, 3, List.of(10, 50), TARGETS, 200_000, "2g", List.of(),
                Optional.empty(), Optional.empty());
    }

    static final String USAGE = """
            usage: bench/run-gateway.sh [--rows N] [--groups N] [--seconds N] [--warmup N] [--clients N,N,...]
                                        [--targets kv,agg,t] [--ingest-rows N] [--server-heap SIZE]
                                        [--server-jvm-option OPTION]... [--storage DIR] [--markdown FILE]""";

    /** Parses command-line arguments over {@link #defaults()}. */
    public static GatewayOptions parse(String... arguments) {
        GatewayOptions defaults = defaults();
        long rows = defaults.rows();
        int groups = defaults.groups();
        int seconds = defaults.seconds();
        int warmupSeconds = defaults.warmupSeconds();
        List<Integer> clients = defaults.clients();
        List<String> targets = defaults.targets();
        int ingestRows = defaults.ingestRows();
        String serverHeap = defaults.serverHeap();
        List<String> serverJvmOptions = new java.util.ArrayList<>();
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
                case "--rows" -> rows = Long.parseLong(value.replace("_", ""));
                case "--groups" -> groups = Integer.parseInt(value.replace("_", ""));
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--warmup" -> warmupSeconds = Integer.parseInt(value);
                case "--clients" -> clients = Arrays.stream(value.split(",")).map(String::trim)
                        .map(Integer::parseInt).toList();
                case "--targets" -> targets = Arrays.stream(value.split(",")).map(String::trim).toList();
                case "--ingest-rows" -> ingestRows = Integer.parseInt(value.replace("_", ""));
                case "--server-heap" -> serverHeap = value;
                case "--server-jvm-option" -> serverJvmOptions.add(value);
                case "--storage" -> storage = Optional.of(Path.of(value));
                case "--markdown" -> markdown = Optional.of(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        return new GatewayOptions(rows, groups, seconds, warmupSeconds, clients, targets, ingestRows, serverHeap,
                serverJvmOptions, storage, markdown);
    }
}
