package io.rockstream.bench.flink;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link FlinkNexmark}:
 * {@code --data DIR --events N [--parallelism 2] [--checkpoint-interval-ms 10000] [--collect] [--no-warm-up] QUERY...}.
 *
 * @param dataDirectory directory holding person.csv, auction.csv and bid.csv
 * @param events number of events in the input, reported with every outcome
 * @param parallelism job parallelism and the MiniCluster's slot count
 * @param checkpointIntervalMillis checkpoint interval
 * @param collect whether to collect each query's changelog and count its final rows instead of timing it
 * @param warmUp whether to run a small warm-up job on the cluster before the first query
 * @param queries query names in run order, each q0 … q22
 */
record RunnerOptions(Path dataDirectory, long events, int parallelism, long checkpointIntervalMillis, boolean collect,
        boolean warmUp, List<String> queries) {

    static final String USAGE = "usage: FlinkNexmark --data DIR --events N [--parallelism 2] "
            + "[--checkpoint-interval-ms 10000] [--collect] [--no-warm-up] QUERY... (QUERY is q0 … q22)";

    RunnerOptions {
        requireNonNull(dataDirectory, "dataDirectory is null");
        queries = List.copyOf(queries);
    }

    /** Thrown for a command line that cannot be run; the message says what was wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message + "\n" + USAGE);
        }
    }

    /** Parses and checks the arguments, including that the data directory and its three files exist. */
    static RunnerOptions parse(String[] arguments) throws UsageException {
        Path data = null;
        Long events = null;
        int parallelism = 2;
        long checkpointInterval = 10_000;
        boolean collect = false;
        boolean warmUp = true;
        List<String> queries = new ArrayList<>();
        for (int index = 0; index < arguments.length; index++) {
            String argument = arguments[index];
            switch (argument) {
                case "--data" -> data = Path.of(value(arguments, ++index, argument)).toAbsolutePath().normalize();
                case "--events" -> events = number(arguments, ++index, argument, 0);
                case "--parallelism" -> parallelism = (int) number(arguments, ++index, argument, 1);
                case "--checkpoint-interval-ms" -> checkpointInterval = number(arguments, ++index, argument, 1);
                case "--collect" -> collect = true;
                case "--no-warm-up" -> warmUp = false;
                default -> {
                    if (argument.startsWith("--")) {
                        throw new UsageException("unknown option " + argument);
                    }
                    if (!NexmarkQuery.isKnown(argument)) {
                        throw new UsageException("unknown query \"" + argument + "\"; expected q0 … q22");
                    }
                    queries.add(argument);
                }
            }
        }
        if (data == null) {
            throw new UsageException("--data DIR is required");
        }
        if (events == null) {
            throw new UsageException("--events N is required");
        }
        if (queries.isEmpty()) {
            throw new UsageException("name at least one query");
        }
        for (String file : List.of("person.csv", "auction.csv", "bid.csv")) {
            if (!Files.isRegularFile(data.resolve(file))) {
                throw new UsageException("data directory " + data + " has no " + file
                        + "; point --data at the output of RockStream's Nexmark generator");
            }
        }
        return new RunnerOptions(data, events, parallelism, checkpointInterval, collect, warmUp, queries);
    }

    private static String value(String[] arguments, int index, String option) throws UsageException {
        if (index >= arguments.length) {
            throw new UsageException(option + " needs a value");
        }
        return arguments[index];
    }

    private static long number(String[] arguments, int index, String option, long minimum) throws UsageException {
        String text = value(arguments, index, option);
        try {
            long number = Long.parseLong(text);
            if (number < minimum || (option.equals("--parallelism") && number > 64)) {
                throw new UsageException(option + " " + text + " is out of range");
            }
            return number;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, not \"" + text + "\"");
        }
    }
}
