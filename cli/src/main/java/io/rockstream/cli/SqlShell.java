package io.rockstream.cli;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * A psql-like SQL shell on one {@link SqlSession}: reads statements ending in {@code ;}
 * (over several lines if need be), runs each, and prints rows in psql's aligned format,
 * command tags ({@code INSERT 0 3}) and errors (with SQLSTATE, the position's line and a
 * caret, DETAIL and HINT). Results go to {@code out}, errors and notices to {@code err}, as
 * psql does. Meta-commands, recognized at the start of a statement: {@code \q},
 * {@code \dt}, {@code \dv}, {@code \dm}, {@code \timing}, {@code \?}.
 *
 * <p>Exit status of {@link #run()}: 0 when every statement ran (or the shell is
 * interactive), 3 when a statement failed in a script. A failed statement does not stop a
 * script unless {@code stopOnError} is set: then the shell stops at the first error.
 *
 * <p>Not thread-safe: one thread reads and runs.
 */
final class SqlShell {
    static final int EXIT_OK = 0;
    static final int EXIT_STATEMENT_FAILED = 3;
    private static final String PROMPT_NAME = "rockstream";

    private final SqlSession session;
    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private final boolean stopOnError;
    private final StatementSplitter splitter = new StatementSplitter();
    private boolean timing;
    private boolean anyFailed;

    SqlShell(SqlSession session, BufferedReader in, PrintStream out, PrintStream err, boolean interactive,
            boolean stopOnError) {
        this.session = requireNonNull(session, "session is null");
        this.in = requireNonNull(in, "in is null");
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.interactive = interactive;
        this.stopOnError = stopOnError;
    }

    /** Reads and runs until end of input or {@code \q}; returns the exit status. */
    int run() {
        while (true) {
            if (interactive) {
                out.print(prompt());
                out.flush();
            }
            String line = readLine();
            if (line == null) {
                if (interactive) {
                    out.println("\\q");
                }
                String rest = splitter.drain();
                if (rest != null) {
                    runStatement(rest);
                }
                return exitStatus();
            }
            if (splitter.isEmpty() && line.strip().startsWith("\\")) {
                if (!metaCommand(line.strip())) {
                    return exitStatus();
                }
                continue;
            }
            for (String statement : splitter.feed(line)) {
                if (!runStatement(statement) && stopOnError) {
                    return exitStatus();
                }
            }
        }
    }

    private int exitStatus() {
        return anyFailed && !interactive ? EXIT_STATEMENT_FAILED : EXIT_OK;
    }

    private String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the input", e);
        }
    }

    private String prompt() {
        char marker = switch (splitter.state()) {
            case NORMAL -> splitter.isEmpty() ? '=' : '-';
            case SINGLE_QUOTE -> '\'';
            case DOUBLE_QUOTE -> '"';
            case BLOCK_COMMENT -> '*';
            case DOLLAR_QUOTE -> '$';
        };
        return PROMPT_NAME + marker + "> ";
    }

    /** Runs one statement and prints its results; returns whether it succeeded. */
    private boolean runStatement(String sql) {
        if (sql.isBlank()) {
            return true;
        }
        long start = System.nanoTime();
        boolean succeeded;
        try {
            for (StatementResult result : session.execute(sql)) {
                print(result);
            }
            succeeded = true;
        } catch (RockStreamException error) {
            printError(error, sql);
            succeeded = false;
        } catch (RuntimeException failure) {
            printError(RockStreamException.internal("internal error: " + failure, failure), sql);
            succeeded = false;
        }
        if (timing) {
            out.printf(Locale.ROOT, "Time: %.3f ms%n", (System.nanoTime() - start) / 1e6);
        }
        out.flush();
        anyFailed |= !succeeded;
        return succeeded;
    }

    private void print(StatementResult result) {
        if (result instanceof StatementResult.Rows rows) {
            AlignedTable.render(rows.columns(), rows.rows()).forEach(out::println);
            out.println();
        } else if (result instanceof StatementResult.Command command) {
            out.println(command.completionTag());
        }
    }

    private void printError(RockStreamException error, String sql) {
        out.flush();
        ErrorReport.render(error, sql).forEach(err::println);
        err.flush();
    }

    /** Runs a backslash command; returns false to quit. */
    private boolean metaCommand(String line) {
        String command = line.split("\\s+", 2)[0];
        switch (command) {
            case "\\q" -> {
                return false;
            }
            case "\\dt" -> runStatement("SHOW TABLES");
            case "\\dv" -> runStatement("SHOW VIEWS");
            case "\\dm" -> runStatement("SHOW MATERIALIZED VIEWS");
            case "\\timing" -> {
                timing = !timing;
                out.println("Timing is " + (timing ? "on." : "off."));
            }
            case "\\?" -> printHelp();
            default -> {
                err.println("invalid command " + command);
                err.println("Try \\? for help.");
                err.flush();
            }
        }
        out.flush();
        return true;
    }

    private void printHelp() {
        out.println("SQL statements end with a semicolon and may span several lines; -- starts a comment.");
        out.println("  \\q          quit (end of input does too)");
        out.println("  \\dt         list tables (SHOW TABLES)");
        out.println("  \\dv         list views, materialized ones included (SHOW VIEWS)");
        out.println("  \\dm         list materialized views (SHOW MATERIALIZED VIEWS)");
        out.println("  \\timing     toggle printing the time each statement takes");
        out.println("  \\?          this help");
    }
}
