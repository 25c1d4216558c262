package io.rockstream.sqllogictest;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobmanager.SqlSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The view half of a file's run (see {@link SltRunner}): its own engine, the schedule of
 * {@code CREATE MATERIALIZED VIEW slt_v<line>} statements and the batching of writes.
 *
 * <p>Schedule: at every <i>boundary</i> (the file's start and right after each successful
 * DDL statement) the runner tries to create the views of all later queries that no
 * {@code DROP}/{@code ALTER} separates from the boundary. A creation that fails because an
 * object does not exist yet (42P01, 42703) is retried at the next boundary, the last time at
 * the query itself; any other error is final. So views exist before the writes they depend
 * on, and nothing is dropped under a live view (each view is dropped after its check).
 * A boundary directly followed by another {@code CREATE} waits for that one: no write can
 * come between them, so the views see the same writes, and a file that starts with
 * {@code CREATE TABLE tab0; CREATE TABLE tab1; CREATE TABLE tab2} tries its thousands of
 * views once, not three times (each failed try costs a parse and a bind).
 *
 * <p>Batching: consecutive {@code statement ok} writes (INSERT, UPDATE, DELETE) are held
 * until the next other record, then applied in random-sized batches, each one
 * {@code BEGIN; ...; COMMIT}. When a batch fails it is rolled back and replayed statement by
 * statement, so this engine stays in step with the ad-hoc one. Files with their own
 * transaction control are not batched.
 */
final class ViewMode implements AutoCloseable {
    private static final Set<String> WRITES = Set.of("insert", "update", "delete");
    private static final Set<String> TRANSACTION_CONTROL = Set.of("begin", "start", "commit", "end", "rollback", "abort");
    private static final Set<String> QUERIES = Set.of("select", "with", "values");
    private static final Set<String> NOT_YET_THERE = Set.of("42P01", "42703");
    private static final Set<String> COLUMN_LIST_UNSUPPORTED = Set.of("42601", "0A000");
    private static final int[] BATCH_LIMITS = {1, 2, 3, 5, 10, Integer.MAX_VALUE};

    /** Where a failure belongs: the record index and the reason. */
    interface Problems {
        void add(int index, String message);
    }

    private enum Status { PENDING, LIVE, FAILED, DONE }

    private static final class View {
        final String name;
        Status status = Status.PENDING;
        String error;

        View(String name) {
            this.name = name;
        }
    }

    private final SqlSession session;
    private final List<SltRecord> records;
    private final Random random;
    private final int maxLiveViews;
    private final Problems problems;
    private final boolean batching;
    private final int[] nextBarrier;
    private final List<Integer> candidates = new ArrayList<>();
    private final Map<Integer, View> views = new HashMap<>();
    private final List<Integer> pendingWrites = new ArrayList<>();
    private int liveViews;
    /** True when the last boundary waited for the {@code CREATE} after it (see {@link #atBoundary}). */
    private boolean boundaryDeferred;

    ViewMode(SqlSession session, List<SltRecord> records, Random random, int maxLiveViews, Problems problems) {
        this.session = requireNonNull(session, "session is null");
        this.records = List.copyOf(records);
        this.random = requireNonNull(random, "random is null");
        this.maxLiveViews = maxLiveViews;
        this.problems = requireNonNull(problems, "problems is null");
        boolean ownTransactions = false;
        nextBarrier = new int[this.records.size() + 1];
        nextBarrier[this.records.size()] = this.records.size();
        for (int index = this.records.size() - 1; index >= 0; index--) {
            SltRecord record = this.records.get(index);
            nextBarrier[index] = nextBarrier[index + 1];
            if (record instanceof SltRecord.Statement statement) {
                String keyword = firstKeyword(statement.sql());
                ownTransactions |= TRANSACTION_CONTROL.contains(keyword);
                if (keyword.equals("drop") || keyword.equals("alter")) {
                    nextBarrier[index] = index;
                }
            }
        }
        batching = !ownTransactions;
        for (int index = 0; index < this.records.size(); index++) {
            if (this.records.get(index) instanceof SltRecord.Query query && QUERIES.contains(firstKeyword(query.sql()))) {
                candidates.add(index);
                views.put(index, new View("slt_v" + query.line()));
            }
        }
    }

    /**
     * Creates the views that can exist from record {@code position} on; when that record is a
     * {@code CREATE} expected to succeed, waits for the boundary after it instead.
     */
    void atBoundary(int position) {
        boundaryDeferred = startsWithCreate(position);
        if (boundaryDeferred) {
            return;
        }
        int barrier = nextBarrier[position];
        for (int index : candidates) {
            if (index < position) {
                continue;
            }
            if (index >= barrier || liveViews >= maxLiveViews) {
                break;
            }
            if (views.get(index).status == Status.PENDING) {
                create(index);
            }
        }
    }

    void statement(int index, SltRecord.Statement statement) {
        boolean write = !statement.expectError() && WRITES.contains(firstKeyword(statement.sql()));
        if (write && batching) {
            pendingWrites.add(index);
            return;
        }
        flushWrites();
        String keyword = firstKeyword(statement.sql());
        if (keyword.equals("drop") || keyword.equals("alter")) {
            dropLiveViews();
        }
        boolean succeeded;
        try {
            session.execute(statement.sql());
            succeeded = true;
        } catch (RuntimeException e) {
            succeeded = false;
            if (!statement.expectError()) {
                problems.add(index, "view engine: statement failed: " + SltRunner.describe(e));
            }
        }
        if (succeeded && statement.expectError()) {
            problems.add(index, "view engine: statement succeeded but an error was expected");
        }
        // a deferred boundary is taken here even if this statement failed
        if ((succeeded && !statement.expectError() && !write) || boundaryDeferred) {
            atBoundary(index + 1);
        }
    }

    /** Whether the next statement from {@code position} on (past hash-threshold records) is a CREATE expected to succeed. */
    private boolean startsWithCreate(int position) {
        for (int index = position; index < records.size(); index++) {
            SltRecord record = records.get(index);
            if (record instanceof SltRecord.Statement statement) {
                return !statement.expectError() && firstKeyword(statement.sql()).equals("create");
            }
            if (!(record instanceof SltRecord.HashThreshold)) {
                return false;
            }
        }
        return false;
    }

    /** Checks the query's view against the ad-hoc result ({@code null} when the ad-hoc query failed). */
    void query(int index, SltRecord.Query query, RenderedResult adhoc) {
        View view = views.get(index);
        if (view == null) {
            return;
        }
        if (view.status == Status.PENDING) {
            create(index);
        }
        if (view.status != Status.LIVE) {
            if (adhoc != null) {
                problems.add(index, "view: " + view.error);
            }
            view.status = Status.DONE;
            return;
        }
        try {
            if (adhoc != null) {
                RenderedResult rows = RenderedResult.render(
                        SltRunner.lastRows(session.execute("SELECT * FROM " + view.name)), query.types());
                RenderedResult.Diff diff = RenderedResult.diff(adhoc, rows);
                if (!diff.isEmpty()) {
                    problems.add(index, "view: " + view.name + " differs from the ad-hoc result (as a multiset): missing "
                            + Reports.previewRows(diff.missing()) + ", extra " + Reports.previewRows(diff.extra()));
                }
            }
        } catch (RuntimeException e) {
            problems.add(index, "view: reading " + view.name + " failed: " + SltRunner.describe(e));
        } finally {
            drop(index, view);
        }
    }

    /** Applies the held writes in random-sized transactions. */
    void flushWrites() {
        if (pendingWrites.isEmpty()) {
            return;
        }
        int limit = BATCH_LIMITS[random.nextInt(BATCH_LIMITS.length)];
        int start = 0;
        while (start < pendingWrites.size()) {
            int size = 1 + random.nextInt(Math.min(limit, pendingWrites.size() - start));
            applyBatch(pendingWrites.subList(start, start + size));
            start += size;
        }
        pendingWrites.clear();
    }

    private void applyBatch(List<Integer> batch) {
        if (batch.size() == 1 && random.nextBoolean()) {
            applyAlone(batch.get(0));
            return;
        }
        int current = -1;
        try {
            session.execute("BEGIN");
            for (int index : batch) {
                current = index;
                session.execute(sql(index));
            }
            current = -1;
            session.execute("COMMIT");
        } catch (RuntimeException e) {
            try {
                session.execute("ROLLBACK");
            } catch (RuntimeException ignored) {
                // the engine may already have ended the failed transaction
            }
            boolean anyFailedAlone = false;
            for (int index : batch) {
                anyFailedAlone |= !applyAlone(index);
            }
            if (!anyFailedAlone) {
                int blamed = current >= 0 ? current : batch.get(batch.size() - 1);
                problems.add(blamed, "view engine: a batch of " + batch.size()
                        + " writes failed inside BEGIN..COMMIT, though each succeeds alone: " + SltRunner.describe(e));
            }
        }
    }

    private boolean applyAlone(int index) {
        try {
            session.execute(sql(index));
            return true;
        } catch (RuntimeException e) {
            problems.add(index, "view engine: statement failed: " + SltRunner.describe(e));
            return false;
        }
    }

    private void create(int index) {
        View view = views.get(index);
        SltRecord.Query query = (SltRecord.Query) records.get(index);
        String body = stripSemicolon(query.sql());
        StringBuilder columns = new StringBuilder(" (");
        for (int i = 0; i < query.types().length(); i++) {
            columns.append(i == 0 ? "" : ", ").append("c").append(i + 1);
        }
        columns.append(")");
        // a column list because most corpus queries have unnamed, duplicate "?column?" outputs
        try {
            session.execute("CREATE MATERIALIZED VIEW " + view.name + columns + " AS " + body);
            live(view);
            return;
        } catch (RuntimeException e) {
            if (!(e instanceof RockStreamException error && COLUMN_LIST_UNSUPPORTED.contains(error.sqlState()))) {
                failed(view, e);
                return;
            }
        }
        try {
            session.execute("CREATE MATERIALIZED VIEW " + view.name + " AS " + body);
            live(view);
        } catch (RuntimeException e) {
            failed(view, e);
        }
    }

    private void live(View view) {
        view.status = Status.LIVE;
        view.error = null;
        liveViews++;
    }

    private static void failed(View view, RuntimeException e) {
        view.error = SltRunner.describe(e);
        boolean retry = e instanceof RockStreamException error && NOT_YET_THERE.contains(error.sqlState());
        view.status = retry ? Status.PENDING : Status.FAILED;
    }

    private void drop(int index, View view) {
        view.status = Status.DONE;
        liveViews--;
        try {
            session.execute("DROP MATERIALIZED VIEW " + view.name);
        } catch (RuntimeException e) {
            problems.add(index, "view: DROP MATERIALIZED VIEW " + view.name + " failed: " + SltRunner.describe(e));
        }
    }

    private void dropLiveViews() {
        for (Map.Entry<Integer, View> entry : views.entrySet()) {
            if (entry.getValue().status == Status.LIVE) {
                drop(entry.getKey(), entry.getValue());
            }
        }
    }

    private String sql(int index) {
        return ((SltRecord.Statement) records.get(index)).sql();
    }

    static String stripSemicolon(String sql) {
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).stripTrailing();
        }
        return trimmed;
    }

    /** The first keyword, lowercased, skipping blanks, opening parentheses and -- comments. */
    static String firstKeyword(String sql) {
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            } else {
                break;
            }
        }
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        SltRunner.closeQuietly(session);
    }
}
