package io.rockstream.jobgraph.error;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type RockStream raises for anything a user may see. It carries an
 * {@link ErrorCode} (and so a SQLSTATE), and, for errors in SQL text, the position: the
 * 1-based character offset PostgreSQL reports, plus line and column for humans.
 */
public final class RockStreamException extends RuntimeException {
    private final ErrorCode code;
    private final String detail;
    private final String hint;
    private final int position;
    private final int line;
    private final int column;

    private RockStreamException(ErrorCode code, String message, String detail, String hint,
            int position, int line, int column, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.detail = detail;
        this.hint = hint;
        this.position = position;
        this.line = line;
        this.column = column;
    }

    public static RockStreamException of(ErrorCode code, String message) {
        return new RockStreamException(code, message, null, null, 0, 0, 0, null);
    }

    public static RockStreamException of(ErrorCode code, String format, Object... args) {
        return of(code, String.format(format, args));
    }

    public static RockStreamException internal(String message, Throwable cause) {
        return new RockStreamException(ErrorCode.INTERNAL_ERROR, message, null, null, 0, 0, 0, cause);
    }

    /** A copy caused by {@code newCause} (an I/O failure behind a storage error, say). */
    public RockStreamException withCause(Throwable newCause) {
        return new RockStreamException(code, getMessage(), detail, hint, position, line, column, newCause);
    }

    /** A copy carrying a position in the SQL text (1-based offset, line and column). */
    public RockStreamException at(int position, int line, int column) {
        return new RockStreamException(code, getMessage(), detail, hint, position, line, column, getCause());
    }

    public RockStreamException withHint(String newHint) {
        return new RockStreamException(code, getMessage(), detail, newHint, position, line, column, getCause());
    }

    public RockStreamException withDetail(String newDetail) {
        return new RockStreamException(code, getMessage(), newDetail, hint, position, line, column, getCause());
    }

    public ErrorCode code() {
        return code;
    }

    public String sqlState() {
        return code.sqlState();
    }

    public String detail() {
        return detail;
    }

    public String hint() {
        return hint;
    }

    /** 1-based character offset into the statement text, or 0 when unknown. */
    public int position() {
        return position;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public boolean hasPosition() {
        return position > 0;
    }

    /** "ERROR 42703 at line 1, column 8: column ..." for logs and the shell. */
    public String describe() {
        StringBuilder text = new StringBuilder("ERROR ").append(code.sqlState());
        if (line > 0) {
            text.append(" at line ").append(line).append(", column ").append(column);
        }
        text.append(": ").append(getMessage());
        if (detail != null) {
            text.append("\nDETAIL: ").append(detail);
        }
        if (hint != null) {
            text.append("\nHINT: ").append(hint);
        }
        return text.toString();
    }
}
