package io.rockstream.sqllogictest;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One record of a sqllogictest file. {@code line} is the 1-based line of its header. */
public sealed interface SltRecord {
    int line();

    /** The {@code skipif}/{@code onlyif} lines in front of the record. */
    List<Condition> conditions();

    /**
     * Whether an engine that runs as {@code engineName} executes this record; the name may
     * list several names separated by commas (RockStream is both {@code postgresql} and
     * {@code rockstream}), and a condition matches any of them.
     */
    default boolean appliesTo(String engineName) {
        for (Condition condition : conditions()) {
            boolean matches = false;
            for (String name : engineName.split(",")) {
                matches |= condition.engine().equalsIgnoreCase(name.strip());
            }
            if (condition.skip() == matches) {
                return false;
            }
        }
        return true;
    }

    /** {@code skipif engine} when {@code skip}, else {@code onlyif engine}. */
    record Condition(boolean skip, String engine) {
        public Condition {
            requireNonNull(engine, "engine is null");
        }
    }

    /**
     * {@code statement ok} or {@code statement error [sqlstate]}. An expected SQLSTATE is an
     * extension of ours; SQLite's files only say {@code error}.
     */
    record Statement(int line, List<Condition> conditions, String sql, boolean expectError,
            String expectedSqlState) implements SltRecord {
        public Statement {
            conditions = List.copyOf(conditions);
            requireNonNull(sql, "sql is null");
        }
    }

    /** {@code query <types> [sortmode] [label]}, its SQL and its expected result. */
    record Query(int line, List<Condition> conditions, String sql, String types, SortMode sortMode,
            String label, ExpectedResult expected) implements SltRecord {
        public Query {
            conditions = List.copyOf(conditions);
            requireNonNull(sql, "sql is null");
            requireNonNull(types, "types is null");
            requireNonNull(sortMode, "sortMode is null");
            requireNonNull(expected, "expected is null");
        }
    }

    /** {@code hash-threshold N}: results with more than N values are compared by hash. */
    record HashThreshold(int line, List<Condition> conditions, int threshold) implements SltRecord {
        public HashThreshold {
            conditions = List.copyOf(conditions);
        }
    }

    /** {@code halt}: the rest of the file is ignored. */
    record Halt(int line, List<Condition> conditions) implements SltRecord {
        public Halt {
            conditions = List.copyOf(conditions);
        }
    }
}
