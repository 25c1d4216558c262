package io.rockstream.bench.nexmark;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Nexmark query as a resource file {@code qN.sql} beside this class: either a single
 * {@code CREATE MATERIALIZED VIEW nexmark_qN AS SELECT ...} (comments allowed), or a
 * comment-only file whose first line is {@code -- UNSUPPORTED: <missing feature>}.
 *
 * @param name {@code q0} … {@code q22}
 * @param text the file as it is
 * @param unsupported the missing feature, for a query RockStream cannot run yet
 */
public record NexmarkQuery(String name, String text, Optional<String> unsupported) {
    /** Every query, q0 … q22, in order. */
    public static final List<String> NAMES;
    /** Not a query: the tables alone, without a view, to measure what ingest costs by itself. */
    public static final String TABLES = "tables";
    /** Queries whose state grows with the input (joins, aggregates, top-k), as issue 6 groups them. */
    public static final List<String> STATEFUL = List.of("q4", "q5", "q7", "q8", "q9", "q20");
    /** Stateless queries (filters and projections), as issue 6 groups them. */
    public static final List<String> STATELESS = List.of("q0", "q1", "q2", "q22");

    private static final String UNSUPPORTED = "-- UNSUPPORTED:";
    private static final Pattern CREATE = Pattern.compile(
            "\\s*CREATE\\s+MATERIALIZED\\s+VIEW\\s+(\\w+)\\s+AS\\s+(.*?);?\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    static {
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= 22; i++) {
            names.add("q" + i);
        }
        NAMES = List.copyOf(names);
    }

    public NexmarkQuery {
        requireNonNull(name, "name is null");
        requireNonNull(text, "text is null");
        requireNonNull(unsupported, "unsupported is null");
    }

    /** Reads {@code name}'s file from the class path ({@link #TABLES}: the tables-only baseline). */
    public static NexmarkQuery load(String name) {
        if (name.equals(TABLES)) {
            return new NexmarkQuery(TABLES, "-- no view: the tables of ddl.sql alone\n", Optional.empty());
        }
        String text = resource(name + ".sql");
        Optional<String> unsupported = Optional.empty();
        if (text.startsWith(UNSUPPORTED)) {
            unsupported = Optional.of(text.lines().findFirst().orElseThrow().substring(UNSUPPORTED.length()).trim());
        }
        return new NexmarkQuery(name, text, unsupported);
    }

    /** Every query, q0 … q22. */
    public static List<NexmarkQuery> all() {
        List<NexmarkQuery> queries = new ArrayList<>();
        for (String name : NAMES) {
            queries.add(load(name));
        }
        return queries;
    }

    /** The script creating the tables ({@code ddl.sql}). */
    public static String ddl() {
        return resource("ddl.sql");
    }

    /** The view's name: {@code nexmark_qN}. */
    public String view() {
        return "nexmark_" + name;
    }

    public boolean runs() {
        return unsupported.isEmpty();
    }

    /** The {@link #TABLES} baseline, which creates no view. */
    public boolean tablesOnly() {
        return name.equals(TABLES);
    }

    /** The statement without its comment lines. */
    public String statement() {
        StringBuilder statement = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.stripLeading().startsWith("--")) {
                statement.append(line).append('\n');
            }
        }
        return statement.toString().trim();
    }

    /** The view's query alone (the text after {@code AS}), to run ad hoc as the oracle. */
    public String select() {
        Matcher matcher = CREATE.matcher(statement());
        if (!runs() || !matcher.matches()) {
            throw new IllegalStateException(name + ".sql is not a single CREATE MATERIALIZED VIEW ... AS ...");
        }
        if (!matcher.group(1).equalsIgnoreCase(view())) {
            throw new IllegalStateException(name + ".sql creates " + matcher.group(1) + ", not " + view());
        }
        return matcher.group(2);
    }

    private static String resource(String file) {
        try (InputStream in = NexmarkQuery.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalArgumentException("no Nexmark resource " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
