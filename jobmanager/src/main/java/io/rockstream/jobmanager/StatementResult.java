package io.rockstream.jobmanager;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import java.util.List;

/** What one statement returned: rows (SELECT, SHOW, EXPLAIN) or a command tag. */
public sealed interface StatementResult {

    /** A result set; for an ordered query the rows are in that order. */
    record Rows(List<Column> columns, List<Row> rows) implements StatementResult {
        public Rows {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }
    }

    /**
     * A command's completion, as PostgreSQL's CommandComplete tag: {@code tag} is
     * "CREATE TABLE", "INSERT", "UPDATE", ...; {@code rowCount} is -1 when the tag carries
     * none. {@link #completionTag()} renders "INSERT 0 3".
     */
    record Command(String tag, long rowCount, List<Notice> notices) implements StatementResult {
        public Command {
            requireNonNull(tag, "tag is null");
            notices = List.copyOf(notices);
        }

        public Command(String tag, long rowCount) {
            this(tag, rowCount, List.of());
        }

        public String completionTag() {
            if (rowCount < 0) {
                return tag;
            }
            return tag.equals("INSERT") ? "INSERT 0 " + rowCount : tag + " " + rowCount;
        }
    }

    /**
     * A message for the client that is not an error, as PostgreSQL's NOTICE (e.g. "table
     * \"t\" does not exist, skipping" for DROP TABLE IF EXISTS).
     */
    record Notice(String sqlState, String message) {
        public Notice {
            requireNonNull(sqlState, "sqlState is null");
            requireNonNull(message, "message is null");
        }
    }
}
