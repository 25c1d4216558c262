package io.rockstream.sqllogictest;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import java.util.List;

/** A session that owns its engine: closing it closes both. */
final class EngineSession implements SqlSession {
    private final Engine engine;
    private final SqlSession session;

    EngineSession(Engine engine, SqlSession session) {
        this.engine = requireNonNull(engine, "engine is null");
        this.session = requireNonNull(session, "session is null");
    }

    @Override
    public List<StatementResult> execute(String sql) {
        return session.execute(sql);
    }

    @Override
    public io.rockstream.jobmanager.CopyIn copyIn(String table, java.util.List<String> columns) {
        return session.copyIn(table, columns);
    }

    @Override
    public io.rockstream.jobmanager.Subscription subscribe(String relation, boolean snapshot, boolean progress) {
        return session.subscribe(relation, snapshot, progress);
    }

    @Override
    public java.util.Optional<java.util.List<io.rockstream.jobgraph.row.Column>> describe(String sql) {
        return session.describe(sql);
    }

    @Override
    public void cancel() {
        session.cancel();
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            engine.close();
        }
    }
}
