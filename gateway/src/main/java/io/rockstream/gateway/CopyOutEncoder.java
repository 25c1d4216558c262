package io.rockstream.gateway;

import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.taskmanager.expr.PgText;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes rows for COPY TO STDOUT, a line each, as PostgreSQL does: in text format values in
 * their output syntax with backslash escapes for backslash, newline, carriage return, tab,
 * backspace, form feed, vertical tab and the delimiter, NULL as the NULL string; in CSV,
 * values quoted when they hold the delimiter, the quote, a newline or a carriage return, or
 * read as the NULL string, or start with {@code \.} alone (or when FORCE_QUOTE names them).
 */
final class CopyOutEncoder {
    private final CopyOptions options;
    private final List<Column> columns;
    private final boolean[] forceQuote;

    CopyOutEncoder(CopyOptions options, List<Column> columns) {
        this.options = options;
        this.columns = List.copyOf(columns);
        this.forceQuote = new boolean[columns.size()];
        for (int i = 0; i < forceQuote.length; i++) {
            forceQuote[i] = options.forceQuoteAll() || options.forceQuote().contains(columns.get(i).name());
        }
    }

    /** The names of FORCE_QUOTE that are not columns of the output, for the error PostgreSQL gives. */
    String unknownForceQuoteColumn() {
        if (options.forceQuoteAll()) {
            return null;
        }
        for (String name : options.forceQuote()) {
            if (columns.stream().noneMatch(column -> column.name().equals(name))) {
                return name;
            }
        }
        return null;
    }

    /** The header line (column names), newline-terminated. */
    byte[] header() {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                line.append(options.delimiter());
            }
            String name = columns.get(i).name();
            if (options.csv()) {
                csv(line, name, false);
            } else {
                text(line, name);
            }
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One row, newline-terminated. */
    byte[] row(Row row) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                line.append(options.delimiter());
            }
            Object value = row.get(i);
            if (value == null) {
                line.append(options.nullString());
            } else if (options.csv()) {
                csv(line, PgText.format(value, columns.get(i).type()), forceQuote[i]);
            } else {
                text(line, PgText.format(value, columns.get(i).type()));
            }
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private void text(StringBuilder out, String value) {
        char delimiter = options.delimiter();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append(delimiter == '\t' ? "\\t" : "\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (c == delimiter) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
    }

    private void csv(StringBuilder out, String value, boolean force) {
        char quote = options.quote();
        char escape = options.escape();
        boolean quoted = force || value.equals(options.nullString()) || value.startsWith("\\.");
        for (int i = 0; !quoted && i < value.length(); i++) {
            char c = value.charAt(i);
            quoted = c == options.delimiter() || c == quote || c == '\n' || c == '\r';
        }
        if (!quoted) {
            out.append(value);
            return;
        }
        out.append(quote);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == quote || c == escape) {
                out.append(escape);
            }
            out.append(c);
        }
        out.append(quote);
    }
}
