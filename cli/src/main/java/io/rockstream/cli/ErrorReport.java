package io.rockstream.cli;

import io.rockstream.jobgraph.error.RockStreamException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders an error the way psql does with {@code \set VERBOSITY verbose}: the SQLSTATE
 * before the message, then the statement line holding the error position with a caret
 * under it, then DETAIL and HINT.
 *
 * <pre>
 * ERROR:  42703: column "amout" does not exist
 * LINE 1: SELECT amout FROM orders
 *                ^
 * HINT:  Perhaps you meant to reference the column "orders.amount".
 * </pre>
 *
 * A line wider than 60 characters is cut around the position with {@code ...}, as psql's
 * {@code reportErrorPosition} does.
 */
final class ErrorReport {
    private static final int DISPLAY_SIZE = 60;
    private static final int MIN_RIGHT_CUT = 10;

    private ErrorReport() {
    }

    static List<String> render(RockStreamException error, String statement) {
        List<String> lines = new ArrayList<>();
        lines.add("ERROR:  " + error.sqlState() + ": " + error.getMessage());
        int offset = offset(error, statement);
        if (offset >= 0) {
            lines.addAll(positionLines(statement, offset));
        }
        if (error.detail() != null) {
            lines.add("DETAIL:  " + error.detail());
        }
        if (error.hint() != null) {
            lines.add("HINT:  " + error.hint());
        }
        return lines;
    }

    /** The 0-based offset of the error in the statement, or -1 when it has none. */
    private static int offset(RockStreamException error, String statement) {
        if (error.position() > 0) {
            return Math.min(error.position() - 1, statement.length());
        }
        if (error.line() > 0) {
            int offset = 0;
            for (int line = 1; line < error.line(); line++) {
                int newline = statement.indexOf('\n', offset);
                if (newline < 0) {
                    return -1;
                }
                offset = newline + 1;
            }
            return Math.min(offset + Math.max(error.column(), 1) - 1, statement.length());
        }
        return -1;
    }

    /** "LINE n: text" and the caret line under the character at {@code offset}. */
    static List<String> positionLines(String statement, int offset) {
        int lineStart = statement.lastIndexOf('\n', offset - 1) + 1;
        int lineEnd = statement.indexOf('\n', offset);
        if (lineEnd < 0) {
            lineEnd = statement.length();
        }
        int lineNumber = 1;
        for (int i = 0; i < lineStart; i++) {
            if (statement.charAt(i) == '\n') {
                lineNumber++;
            }
        }
        String line = statement.substring(lineStart, lineEnd).replace('\t', ' ').replace('\r', ' ');
        int location = offset - lineStart;
        int begin = 0;
        int end = line.length();
        boolean beginCut = false;
        boolean endCut = false;
        if (line.length() > DISPLAY_SIZE) {
            if (location + MIN_RIGHT_CUT <= DISPLAY_SIZE) {
                end = DISPLAY_SIZE;
                endCut = true;
            } else {
                if (location + MIN_RIGHT_CUT < end) {
                    end = location + MIN_RIGHT_CUT;
                    endCut = true;
                }
                if (end - begin > DISPLAY_SIZE) {
                    begin = end - DISPLAY_SIZE;
                    beginCut = true;
                }
            }
        }
        String prefix = "LINE " + lineNumber + ": " + (beginCut ? "..." : "");
        String shown = prefix + line.substring(begin, end) + (endCut ? "..." : "");
        String caret = " ".repeat(prefix.length() + location - begin) + "^";
        return List.of(shown, caret);
    }
}
