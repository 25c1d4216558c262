package io.rockstream.sqllogictest;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs sqllogictest files, each against fresh engines, in two modes at once:
 *
 * <ol>
 *   <li><b>ad hoc</b>: every record in file order; each query's result is compared with the
 *       expected values or hash, and with earlier queries of the same label;</li>
 *   <li><b>view</b>: a second engine replays the statements, but every query that is a plain
 *       SELECT becomes {@code CREATE MATERIALIZED VIEW slt_vN} as soon as the objects it reads
 *       exist (right after the DDL that creates them, before the writes that fill them), and
 *       runs of consecutive writes are applied in random-sized {@code BEGIN..COMMIT} batches.
 *       At the query's position the view's rows must equal the ad-hoc result as a multiset.</li>
 * </ol>
 *
 * A query whose view cannot be created while its ad-hoc form works fails with reason
 * {@code view: <message>}. Batches are drawn from a seeded {@link Random}; the seed is in the
 * {@link FileResult} so a failure can be reproduced with {@code -Dslt.seed=}.
 */
public final class SltRunner {
    private final EngineFactory factory;
    private final SltOptions options;

    public SltRunner(EngineFactory factory, SltOptions options) {
        this.factory = requireNonNull(factory, "factory is null");
        this.options = requireNonNull(options, "options is null");
    }

    public FileResult run(SltScript script) {
        return new FileRun(script).run();
    }

    /** The state of one file's run; used by one thread, once. */
    private final class FileRun {
        private final SltScript script;
        private final List<SltRecord> records = new ArrayList<>();
        private final Map<Integer, List<String>> problems = new LinkedHashMap<>();
        private final Map<String, LabelResult> labels = new HashMap<>();
        private final Random random;
        private int skipped;
        private int hashThreshold;
        private SqlSession adhoc;
        private ViewMode views;

        FileRun(SltScript script) {
            this.script = script;
            this.random = new Random(options.seed() ^ ((long) script.name().hashCode() << 32));
        }

        FileResult run() {
            for (SltRecord record : script.records()) {
                if (!record.appliesTo(options.engineName())) {
                    if (record instanceof SltRecord.Statement || record instanceof SltRecord.Query) {
                        skipped++;
                    }
                    continue;
                }
                if (record instanceof SltRecord.Halt) {
                    break;
                }
                records.add(record);
            }
            try {
                try {
                    adhoc = factory.open();
                    if (options.viewMode()) {
                        views = new ViewMode(factory.open(), records, random, options.maxLiveViews(), this::problem);
                    }
                } catch (RuntimeException e) {
                    return engineDidNotStart(e);
                }
                execute();
            } finally {
                closeQuietly(adhoc);
                if (views != null) {
                    views.close();
                }
            }
            return result();
        }

        private void execute() {
            if (views != null) {
                views.atBoundary(0);
            }
            for (int index = 0; index < records.size(); index++) {
                SltRecord record = records.get(index);
                if (record instanceof SltRecord.HashThreshold threshold) {
                    hashThreshold = threshold.threshold();
                } else if (record instanceof SltRecord.Statement statement) {
                    runStatement(index, statement);
                    if (views != null) {
                        views.statement(index, statement);
                    }
                } else if (record instanceof SltRecord.Query query) {
                    if (views != null) {
                        views.flushWrites();
                    }
                    RenderedResult result = runQuery(index, query);
                    if (views != null) {
                        views.query(index, query, result);
                    }
                }
            }
            if (views != null) {
                views.flushWrites();
            }
        }

        private void runStatement(int index, SltRecord.Statement statement) {
            try {
                adhoc.execute(statement.sql());
                if (statement.expectError()) {
                    problem(index, "statement succeeded but an error was expected");
                }
            } catch (RuntimeException e) {
                if (!statement.expectError()) {
                    problem(index, "statement failed: " + describe(e));
                } else if (isCrash(e)) {
                    problem(index, "an error was expected, but the engine crashed: " + describe(e));
                } else if (statement.expectedSqlState() != null
                        && !statement.expectedSqlState().equals(((RockStreamException) e).sqlState())) {
                    problem(index, "expected SQLSTATE " + statement.expectedSqlState() + " but got " + describe(e));
                }
            }
        }

        private RenderedResult runQuery(int index, SltRecord.Query query) {
            RenderedResult result;
            try {
                result = RenderedResult.render(lastRows(adhoc.execute(query.sql())), query.types());
            } catch (RuntimeException e) {
                problem(index, "query failed: " + describe(e));
                return null;
            }
            List<String> values = result.values(query.sortMode());
            String md5 = RenderedResult.md5(values);
            ExpectedResult expected = query.expected();
            if (expected instanceof ExpectedResult.Hash hash) {
                if (hash.count() != values.size() || !hash.md5().equals(md5)) {
                    problem(index, "expected " + hash.describe() + "\n  actual   " + values.size()
                            + " values hashing to " + md5 + ": " + Reports.preview(values));
                }
            } else {
                List<String> expectedValues = ((ExpectedResult.Values) expected).values();
                if (!expectedValues.equals(values)) {
                    String actualHash = hashThreshold > 0 && values.size() > hashThreshold
                            ? " (" + values.size() + " values hashing to " + md5 + ")" : "";
                    problem(index, "expected " + Reports.preview(expectedValues) + "\n  actual   "
                            + Reports.preview(values) + actualHash);
                }
            }
            if (query.label() != null) {
                LabelResult first = labels.putIfAbsent(query.label(), new LabelResult(query.line(), values.size(), md5));
                if (first != null && (first.count() != values.size() || !first.md5().equals(md5))) {
                    problem(index, "label " + query.label() + ": " + values.size() + " values hashing to " + md5
                            + ", but the query at line " + first.line() + " gave " + first.count()
                            + " values hashing to " + first.md5());
                }
            }
            return result;
        }

        private void problem(int index, String message) {
            problems.computeIfAbsent(index, key -> new ArrayList<>()).add(message);
        }

        private FileResult engineDidNotStart(RuntimeException e) {
            int tests = 0;
            for (int index = 0; index < records.size(); index++) {
                if (isTest(records.get(index))) {
                    tests++;
                }
            }
            List<FileResult.Failure> failures = List.of(new FileResult.Failure(script.name(), 0, "",
                    List.of("engine did not start: " + describe(e))));
            return new FileResult(script.name(), 0, tests, skipped, options.seed(), failures);
        }

        private FileResult result() {
            int passed = 0;
            List<FileResult.Failure> failures = new ArrayList<>();
            for (int index = 0; index < records.size(); index++) {
                SltRecord record = records.get(index);
                if (!isTest(record)) {
                    continue;
                }
                List<String> reasons = problems.get(index);
                if (reasons == null) {
                    passed++;
                } else {
                    failures.add(new FileResult.Failure(script.name(), record.line(), sqlOf(record), reasons));
                }
            }
            return new FileResult(script.name(), passed, failures.size(), skipped, options.seed(), failures);
        }
    }

    private record LabelResult(int line, int count, String md5) {
    }

    static boolean isTest(SltRecord record) {
        return record instanceof SltRecord.Statement || record instanceof SltRecord.Query;
    }

    static String sqlOf(SltRecord record) {
        if (record instanceof SltRecord.Statement statement) {
            return statement.sql();
        }
        if (record instanceof SltRecord.Query query) {
            return query.sql();
        }
        return "";
    }

    static StatementResult.Rows lastRows(List<StatementResult> results) {
        if (results.isEmpty()) {
            throw new IllegalStateException("the engine returned no result");
        }
        StatementResult last = results.get(results.size() - 1);
        if (!(last instanceof StatementResult.Rows rows)) {
            throw new IllegalStateException("expected rows but the engine returned " + last);
        }
        return rows;
    }

    /** An error that is not a user-facing SQL error: an internal error or a non-RockStream exception. */
    static boolean isCrash(RuntimeException e) {
        return !(e instanceof RockStreamException error) || error.sqlState().equals("XX000");
    }

    static String describe(RuntimeException e) {
        if (e instanceof RockStreamException error) {
            return error.sqlState() + " " + error.getMessage();
        }
        return e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    static void closeQuietly(SqlSession session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (RuntimeException ignored) {
            // the run's outcome is already decided; a failing close must not hide it
        }
    }
}
