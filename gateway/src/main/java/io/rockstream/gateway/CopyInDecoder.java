package io.rockstream.gateway;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the bytes of COPY FROM STDIN (CopyData chunks, cut anywhere) into rows of text
 * fields, in PostgreSQL's text or CSV format:
 * <ul>
 *   <li>text: a row per line ({@code \n} or {@code \r\n}), fields split at the delimiter,
 *       backslash escapes ({@code \b \f \n \r \t \v \\}, octal {@code \ooo}, hex
 *       {@code \xhh}, any other escaped character stands for itself), a field whose raw text
 *       is the NULL string ({@code \N}) is NULL;
 *   <li>CSV: quoted fields may hold delimiters, quotes (doubled, or after the ESCAPE
 *       character) and newlines; an unquoted field equal to the NULL string (empty) is NULL,
 *       a quoted one never is.
 * </ul>
 * A line {@code \.} ends the data. With HEADER the first line is skipped. Errors carry the
 * line, as PostgreSQL's CONTEXT does ({@code COPY t, line 3, column b: "x"}).
 *
 * <p>Mutable; confined to the connection's thread.
 */
final class CopyInDecoder {
    /** A row that cannot be read, with where it is. */
    static final class Failure extends RuntimeException {
        private final RockStreamException error;
        private final String context;

        Failure(RockStreamException error, String context) {
            super(error.getMessage(), error);
            this.error = error;
            this.context = context;
        }

        RockStreamException error() {
            return error;
        }

        String context() {
            return context;
        }
    }

    private final CopyOptions options;
    private final String table;
    private final List<String> columns;
    private final Consumer<String[]> rows;
    private final byte[] nullBytes;
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    /** Where the search for the end of the current CSV record resumes (bytes before it are scanned). */
    private int scanned;
    private boolean csvInQuotes;
    private long line;
    private boolean ended;

    /**
     * @param table the table's name, for error context
     * @param columns the names of the columns each row lists
     * @param rows receives each row's fields (null for NULL)
     */
    CopyInDecoder(CopyOptions options, String table, List<String> columns, Consumer<String[]> rows) {
        this.options = options;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.nullBytes = options.nullString().getBytes(StandardCharsets.UTF_8);
    }

    /** The rows read so far, header included (the number of the line being read, minus one). */
    long lines() {
        return line;
    }

    /** Takes the next chunk of data. */
    void feed(byte[] data) {
        if (ended) {
            return;
        }
        append(data);
        while (!ended) {
            int lineEnd = options.csv() ? csvRecordEnd() : textLineEnd();
            if (lineEnd < 0) {
                break;
            }
            int contentEnd = lineEnd > start && buffer[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            line(start, contentEnd);
            start = lineEnd + 1;
            scanned = start;
            csvInQuotes = false;
        }
        if (start == end) {
            start = 0;
            end = 0;
            scanned = 0;
        }
    }

    /** The data ended (CopyDone): reads a last line without a newline. */
    void finish() {
        if (ended || start == end) {
            return;
        }
        if (options.csv()) {
            csvRecordEnd();
            if (csvInQuotes) {
                line++;
                throw failure(RockStreamException.of(ErrorCode.BAD_COPY_FILE_FORMAT, "unterminated CSV quoted field"),
                        null, null);
            }
        }
        int contentEnd = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
        line(start, contentEnd);
        start = end;
    }

    private void line(int from, int to) {
        line++;
        if (to - from == 2 && buffer[from] == '\\' && buffer[from + 1] == '.') {
            ended = true;
            return;
        }
        if (line == 1 && options.header()) {
            return;
        }
        String[] fields = options.csv() ? csvFields(from, to) : textFields(from, to);
        try {
            rows.accept(fields);
        } catch (RockStreamException error) {
            throw failure(error, null, null);
        }
    }

    // ---- text format ----

    private String[] textFields(int from, int to) {
        List<String> fields = new ArrayList<>(columns.size());
        byte delimiter = (byte) options.delimiter();
        int fieldStart = from;
        int i = from;
        boolean escaped = false;
        while (true) {
            if (i == to || buffer[i] == delimiter) {
                checkWidth(fields.size(), from, to);
                fields.add(textField(fieldStart, i, escaped));
                if (i == to) {
                    break;
                }
                i++;
                fieldStart = i;
                escaped = false;
            } else if (buffer[i] == '\\') {
                escaped = true;
                i += i + 1 < to ? 2 : 1;
            } else {
                i++;
            }
        }
        return complete(fields);
    }

    private String textField(int from, int to, boolean escaped) {
        if (to - from == nullBytes.length && Arrays.equals(buffer, from, to, nullBytes, 0, nullBytes.length)) {
            return null;
        }
        if (!escaped) {
            return new String(buffer, from, to - from, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[to - from];
        int n = 0;
        int i = from;
        while (i < to) {
            byte b = buffer[i++];
            if (b != '\\' || i == to) {
                out[n++] = b;
                continue;
            }
            byte e = buffer[i++];
            switch (e) {
                case 'b' -> out[n++] = '\b';
                case 'f' -> out[n++] = '\f';
                case 'n' -> out[n++] = '\n';
                case 'r' -> out[n++] = '\r';
                case 't' -> out[n++] = '\t';
                case 'v' -> out[n++] = 0x0b;
                case 'x' -> {
                    int value = 0;
                    int digits = 0;
                    while (digits < 2 && i < to && Character.digit(buffer[i], 16) >= 0) {
                        value = value * 16 + Character.digit(buffer[i++], 16);
                        digits++;
                    }
                    out[n++] = digits == 0 ? (byte) 'x' : (byte) value;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int value = e - '0';
                        int digits = 1;
                        while (digits < 3 && i < to && buffer[i] >= '0' && buffer[i] <= '7') {
                            value = value * 8 + (buffer[i++] - '0');
                            digits++;
                        }
                        out[n++] = (byte) value;
                    } else {
                        out[n++] = e;
                    }
                }
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    // ---- CSV ----

    /**
     * The index of the newline ending the CSV record that starts at {@code start}, or -1
     * when the buffer ends first (inside quotes, a newline belongs to the field).
     */
    private int csvRecordEnd() {
        byte quote = (byte) options.quote();
        byte escape = (byte) options.escape();
        int i = scanned;
        while (i < end) {
            byte b = buffer[i];
            if (csvInQuotes) {
                if (b == escape && escape != quote && i + 1 < end && (buffer[i + 1] == quote || buffer[i + 1] == escape)) {
                    i += 2;
                    continue;
                }
                if (b == escape && escape != quote && i + 1 == end) {
                    break;
                }
                if (b == quote) {
                    csvInQuotes = false;
                }
            } else if (b == quote) {
                csvInQuotes = true;
            } else if (b == '\n') {
                scanned = i;
                return i;
            }
            i++;
        }
        scanned = i;
        return -1;
    }

    private String[] csvFields(int from, int to) {
        List<String> fields = new ArrayList<>(columns.size());
        byte delimiter = (byte) options.delimiter();
        byte quote = (byte) options.quote();
        byte escape = (byte) options.escape();
        byte[] field = new byte[to - from];
        int n = 0;
        boolean quoted = false;
        boolean inQuotes = false;
        int i = from;
        int fieldStart = from;
        while (true) {
            if (i == to || !inQuotes && buffer[i] == delimiter) {
                checkWidth(fields.size(), from, to);
                boolean isNull = !quoted && i - fieldStart == nullBytes.length
                        && Arrays.equals(buffer, fieldStart, i, nullBytes, 0, nullBytes.length);
                fields.add(isNull ? null : new String(field, 0, n, StandardCharsets.UTF_8));
                if (i == to) {
                    break;
                }
                i++;
                fieldStart = i;
                n = 0;
                quoted = false;
                continue;
            }
            byte b = buffer[i];
            if (inQuotes) {
                if (b == escape && i + 1 < to && (buffer[i + 1] == quote || buffer[i + 1] == escape)
                        && (escape != quote || buffer[i + 1] == quote)) {
                    field[n++] = buffer[i + 1];
                    i += 2;
                    continue;
                }
                if (b == quote) {
                    inQuotes = false;
                } else {
                    field[n++] = b;
                }
            } else if (b == quote) {
                inQuotes = true;
                quoted = true;
            } else {
                field[n++] = b;
            }
            i++;
        }
        return complete(fields);
    }

    // ---- shared ----

    private void checkWidth(int fieldsSoFar, int from, int to) {
        if (fieldsSoFar >= columns.size()) {
            throw failure(RockStreamException.of(ErrorCode.BAD_COPY_FILE_FORMAT, "extra data after last expected column"),
                    from, to);
        }
    }

    private String[] complete(List<String> fields) {
        if (fields.size() < columns.size()) {
            throw failure(RockStreamException.of(ErrorCode.BAD_COPY_FILE_FORMAT, "missing data for column \"%s\"",
                    columns.get(fields.size())), null, null);
        }
        return fields.toArray(new String[0]);
    }

    private Failure failure(RockStreamException error, Integer from, Integer to) {
        StringBuilder context = new StringBuilder("COPY ").append(table).append(", line ").append(line);
        if (from != null) {
            int length = Math.min(to - from, 100);
            context.append(": \"").append(new String(buffer, from, length, StandardCharsets.UTF_8))
                    .append(to - from > length ? "...\"" : "\"");
        }
        return new Failure(error, context.toString());
    }

    /** The index of the newline ending the text line that starts at {@code start}, or -1. */
    private int textLineEnd() {
        for (int i = Math.max(start, scanned); i < end; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        scanned = end;
        return -1;
    }

    private void append(byte[] data) {
        if (end + data.length > buffer.length) {
            int live = end - start;
            if (live + data.length <= buffer.length / 2) {
                System.arraycopy(buffer, start, buffer, 0, live);
            } else {
                byte[] grown = new byte[Math.max(buffer.length * 2, live + data.length)];
                System.arraycopy(buffer, start, grown, 0, live);
                buffer = grown;
            }
            scanned -= start;
            start = 0;
            end = live;
        }
        System.arraycopy(data, 0, buffer, end, data.length);
        end += data.length;
    }
}
