package io.rockstream.cli;

import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.TypeKind;
import io.rockstream.taskmanager.expr.PgText;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a result set as psql's default {@code aligned} format (border 1):
 *
 * <pre>
 *  region | total
 * --------+-------
 *  east   |    50
 *  west   |     7
 * (2 rows)
 * </pre>
 *
 * Headers are centered; numeric columns are right-aligned, all others left-aligned; SQL
 * NULL is empty; a value with line breaks spans several lines, each but the last ending in
 * {@code +}; the last column is not padded on the right. Widths count characters.
 */
final class AlignedTable {
    private AlignedTable() {
    }

    /** The table's lines, footer included, without a trailing blank line. */
    static List<String> render(List<Column> columns, List<Row> rows) {
        int count = columns.size();
        List<String> lines = new ArrayList<>();
        if (count == 0) {
            lines.add("--");
            lines.add(footer(rows.size()));
            return lines;
        }
        boolean[] rightAligned = new boolean[count];
        int[] widths = new int[count];
        for (int j = 0; j < count; j++) {
            rightAligned[j] = isNumeric(columns.get(j).type().kind());
            widths[j] = width(columns.get(j).name());
        }
        List<String[][]> cells = new ArrayList<>(rows.size());
        for (Row row : rows) {
            String[][] rowCells = new String[count][];
            for (int j = 0; j < count; j++) {
                String text = PgText.format(row.get(j), columns.get(j).type());
                rowCells[j] = (text == null ? "" : text).split("\n", -1);
                for (String part : rowCells[j]) {
                    widths[j] = Math.max(widths[j], width(part));
                }
            }
            cells.add(rowCells);
        }

        StringBuilder header = new StringBuilder();
        StringBuilder separator = new StringBuilder();
        for (int j = 0; j < count; j++) {
            String name = columns.get(j).name();
            int space = widths[j] - width(name);
            if (j > 0) {
                header.append('|');
                separator.append('+');
            }
            header.append(' ').append(spaces(space / 2)).append(name).append(spaces(space - space / 2)).append(' ');
            separator.append("-".repeat(widths[j] + 2));
        }
        lines.add(header.toString());
        lines.add(separator.toString());

        for (String[][] rowCells : cells) {
            int height = 1;
            for (String[] parts : rowCells) {
                height = Math.max(height, parts.length);
            }
            for (int k = 0; k < height; k++) {
                lines.add(rowLine(rowCells, k, widths, rightAligned));
            }
        }
        lines.add(footer(rows.size()));
        return lines;
    }

    private static String rowLine(String[][] rowCells, int k, int[] widths, boolean[] rightAligned) {
        StringBuilder line = new StringBuilder();
        int count = rowCells.length;
        for (int j = 0; j < count; j++) {
            String[] parts = rowCells[j];
            String text = k < parts.length ? parts[k] : "";
            boolean continues = k < parts.length - 1;
            boolean last = j == count - 1;
            int space = widths[j] - width(text);
            if (j > 0) {
                line.append('|');
            }
            line.append(' ');
            if (rightAligned[j]) {
                line.append(spaces(space)).append(text);
            } else {
                line.append(text);
                if (!last || continues) {
                    line.append(spaces(space));
                }
            }
            if (continues) {
                line.append('+');
            } else if (!last) {
                line.append(' ');
            }
        }
        return line.toString();
    }

    static String footer(int rowCount) {
        return rowCount == 1 ? "(1 row)" : "(" + rowCount + " rows)";
    }

    /** psql right-aligns the numeric types. */
    private static boolean isNumeric(TypeKind kind) {
        return switch (kind) {
            case SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, NUMERIC -> true;
            case UNKNOWN, BOOLEAN, TEXT, VARCHAR, CHAR, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, BYTEA -> false;
        };
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String spaces(int count) {
        return " ".repeat(Math.max(0, count));
    }
}
