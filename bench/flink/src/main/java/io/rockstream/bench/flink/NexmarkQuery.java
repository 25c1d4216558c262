package io.rockstream.bench.flink;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Nexmark query as Flink SQL, read from the resource {@code qN.sql}: setup statements (the
 * blackhole sink, views, functions, side tables), then one {@code INSERT INTO sink SELECT ...}.
 * Timing mode runs {@link #insert()}; collect mode runs {@link #select()} and reads its
 * changelog. A resource whose first line is {@code -- UNSUPPORTED: reason} is a query Flink
 * cannot run.
 *
 * @param name the query name, {@code q0} … {@code q22}
 * @param unsupportedReason why Flink cannot run the query, when it cannot
 * @param setup statements to execute before the query, in order; empty when unsupported
 * @param insert the {@code INSERT INTO ... SELECT ...} statement; empty when unsupported
 * @param select the {@code SELECT ...} part of {@link #insert()}; empty when unsupported
 */
record NexmarkQuery(String name, Optional<String> unsupportedReason, List<String> setup, String insert, String select) {

    private static final Pattern UNSUPPORTED = Pattern.compile("\\A--\\s*UNSUPPORTED:\\s*(.*)");
    private static final Pattern INSERT = Pattern.compile("(?is)\\AINSERT\\s+INTO\\s+[`\\w.]+\\s+(.*)\\z");
    private static final Pattern NAME = Pattern.compile("q([0-9]|1[0-9]|2[0-2])");

    NexmarkQuery {
        requireNonNull(name, "name is null");
        requireNonNull(unsupportedReason, "unsupportedReason is null");
        setup = List.copyOf(setup);
        requireNonNull(insert, "insert is null");
        requireNonNull(select, "select is null");
    }

    /** Whether {@code name} is one of q0 … q22. */
    static boolean isKnown(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * Loads query {@code name} and fills in its placeholders.
     *
     * @param sideInputPath absolute path of q13's side input CSV file (replaces {@code ${SIDE_INPUT_PATH}})
     * @throws IllegalArgumentException if the name is not q0 … q22 or the file is not setup + one INSERT
     */
    static NexmarkQuery load(String name, String sideInputPath) {
        if (!isKnown(name)) {
            throw new IllegalArgumentException("unknown query \"" + name + "\"; expected q0 … q22");
        }
        String script = resource(name + ".sql").replace("${SIDE_INPUT_PATH}", sideInputPath);
        Matcher unsupported = UNSUPPORTED.matcher(script);
        if (unsupported.lookingAt()) {
            String reason = unsupported.group(1).strip();
            return new NexmarkQuery(name, Optional.of(reason), List.of(), "", "");
        }
        List<String> statements = SqlScript.statements(script);
        String last = statements.isEmpty() ? "" : statements.get(statements.size() - 1);
        Matcher insert = INSERT.matcher(last);
        if (!insert.matches()) {
            throw new IllegalArgumentException(name + ".sql must end with INSERT INTO <sink> SELECT ...");
        }
        return new NexmarkQuery(name, Optional.empty(), statements.subList(0, statements.size() - 1), last, insert.group(1));
    }

    /** The statements of {@code ddl.sql} (person, auction, bid) reading the CSV files in {@code dataDirectory}. */
    static List<String> sourceTables(String dataDirectory) {
        return SqlScript.statements(resource("ddl.sql").replace("${DATA_DIR}", dataDirectory));
    }

    private static String resource(String fileName) {
        try (InputStream input = NexmarkQuery.class.getResourceAsStream(fileName)) {
            if (input == null) {
                throw new IllegalStateException("resource io/rockstream/bench/flink/" + fileName + " is missing");
            }
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
