package io.rockstream.sqllogictest;

import java.io.PrintStream;
import java.util.List;

/** Prints file results: a summary line per file, its failures (bounded), and the total. */
public final class Reports {
    static final int MAX_VALUES = 20;
    static final int MAX_ROWS = 10;
    static final int MAX_FAILURES = 50;
    static final int MAX_SQL = 600;

    private Reports() {
    }

    public static void printFile(FileResult result, PrintStream out) {
        int shown = 0;
        for (FileResult.Failure failure : result.failures()) {
            if (shown++ == MAX_FAILURES) {
                out.println("  ... and " + (result.failures().size() - MAX_FAILURES) + " more failures");
                break;
            }
            out.println("FAIL " + failure.file() + ":" + failure.line());
            if (!failure.sql().isEmpty()) {
                out.println("  SQL: " + truncate(failure.sql().replace("\n", "\n       "), MAX_SQL));
            }
            for (String reason : failure.reasons()) {
                out.println("  " + truncate(reason, 4 * MAX_SQL));
            }
        }
        out.println(summary(result));
    }

    public static String summary(FileResult result) {
        StringBuilder line = new StringBuilder(result.file()).append(": ")
                .append(result.passed()).append(" passed, ").append(result.failed()).append(" failed");
        if (result.skipped() > 0) {
            line.append(", ").append(result.skipped()).append(" skipped");
        }
        if (result.failed() > 0) {
            line.append(" (seed ").append(result.seed()).append("; reproduce with -Dslt.seed=")
                    .append(result.seed()).append(")");
        }
        return line.toString();
    }

    public static void printTotal(List<FileResult> results, PrintStream out) {
        long passed = 0;
        long failed = 0;
        long skipped = 0;
        for (FileResult result : results) {
            passed += result.passed();
            failed += result.failed();
            skipped += result.skipped();
        }
        out.println("Total: " + passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
    }

    static String preview(List<String> values) {
        if (values.size() <= MAX_VALUES) {
            return values.toString();
        }
        return values.subList(0, MAX_VALUES).toString().replaceFirst("]$", "") + ", ... (" + values.size() + " values)]";
    }

    static String previewRows(List<List<String>> rows) {
        if (rows.size() <= MAX_ROWS) {
            return rows.toString();
        }
        return rows.subList(0, MAX_ROWS).toString().replaceFirst("]$", "") + ", ... (" + rows.size() + " rows)]";
    }

    static String truncate(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit) + "...";
    }
}
