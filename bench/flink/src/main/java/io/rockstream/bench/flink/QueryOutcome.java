package io.rockstream.bench.flink;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What one query run measured, printed as one tab-separated line on stdout:
 * {@code FLINK-OUTCOME <query> <unsupported> <error> <events> <wallNanos> <cpuNanos> <peakRssBytes> <resultRows>}.
 * Text fields are {@code -} when absent, else {@code +text} with all whitespace flattened to single
 * spaces; numbers the runner could not measure are -1.
 *
 * @param query query name
 * @param unsupported why Flink cannot run the query, when it cannot
 * @param error what went wrong, when the query failed
 * @param events number of events in the input (every query is charged all of them)
 * @param wallNanos wall time from submission to job completion
 * @param cpuNanos process CPU time over the same phase
 * @param peakRssBytes peak resident set size over the phase (VmHWM), or -1
 * @param resultRows final number of result rows in collect mode, else -1
 */
record QueryOutcome(String query, Optional<String> unsupported, Optional<String> error, long events, long wallNanos,
        long cpuNanos, long peakRssBytes, long resultRows) {

    /** The marker that starts every outcome line. */
    static final String MARKER = "FLINK-OUTCOME";

    QueryOutcome {
        requireNonNull(query, "query is null");
        requireNonNull(unsupported, "unsupported is null");
        requireNonNull(error, "error is null");
    }

    /** The outcome of a query Flink cannot run. */
    static QueryOutcome unsupported(String query, String reason, long events) {
        return new QueryOutcome(query, Optional.of(reason), Optional.empty(), events, -1, -1, -1, -1);
    }

    /** The outcome of a query that failed before or while running. */
    static QueryOutcome failed(String query, String error, long events) {
        return new QueryOutcome(query, Optional.empty(), Optional.of(error), events, -1, -1, -1, -1);
    }

    /** The tab-separated outcome line, without a line break. */
    String toLine() {
        return String.join("\t", MARKER, query, text(unsupported), text(error), Long.toString(events),
                Long.toString(wallNanos), Long.toString(cpuNanos), Long.toString(peakRssBytes), Long.toString(resultRows));
    }

    private static String text(Optional<String> value) {
        return value.map(text -> "+" + text.strip().replaceAll("\\s+", " ")).orElse("-");
    }
}
