package io.rockstream.it;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SqlSession} over JDBC, so the sqllogictest runner can run against PostgreSQL:
 * it checks that our golden files state PostgreSQL's answers. One statement per call.
 */
final class JdbcSqlSession implements SqlSession {
    private final Connection connection;

    JdbcSqlSession(Connection connection) {
        this.connection = connection;
    }

    @Override
    public List<StatementResult> execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                return List.of(new StatementResult.Command("OK", statement.getUpdateCount()));
            }
            try (ResultSet resultSet = statement.getResultSet()) {
                return List.of(rows(resultSet));
            }
        } catch (SQLException e) {
            throw toRockStream(e);
        }
    }

    private static StatementResult.Rows rows(ResultSet resultSet) throws SQLException {
        ResultSetMetaData metaData = resultSet.getMetaData();
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            columns.add(Column.of(metaData.getColumnLabel(i), type(metaData.getColumnType(i))));
        }
        List<Row> rows = new ArrayList<>();
        while (resultSet.next()) {
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = OracleValues.fromJdbc(resultSet.getObject(i + 1));
            }
            rows.add(Row.wrap(values));
        }
        return new StatementResult.Rows(columns, rows);
    }

    private static SqlType type(int jdbcType) {
        switch (jdbcType) {
            case Types.SMALLINT:
                return SqlType.SMALLINT;
            case Types.INTEGER:
                return SqlType.INTEGER;
            case Types.BIGINT:
                return SqlType.BIGINT;
            case Types.NUMERIC:
            case Types.DECIMAL:
                return SqlType.NUMERIC;
            case Types.REAL:
                return SqlType.REAL;
            case Types.DOUBLE:
            case Types.FLOAT:
                return SqlType.DOUBLE;
            case Types.BIT:
            case Types.BOOLEAN:
                return SqlType.BOOLEAN;
            case Types.DATE:
                return SqlType.DATE;
            default:
                return SqlType.TEXT;
        }
    }

    private static RockStreamException toRockStream(SQLException e) {
        ErrorCode code = ErrorCode.DATA_EXCEPTION;
        for (ErrorCode candidate : ErrorCode.values()) {
            if (candidate.sqlState().equals(e.getSQLState())) {
                code = candidate;
            }
        }
        return RockStreamException.of(code, e.getMessage() == null ? e.getSQLState() : e.getMessage());
    }

    @Override
    public io.rockstream.jobmanager.CopyIn copyIn(String table, List<String> columns) {
        throw new UnsupportedOperationException("the oracle tests load tables with INSERT, not COPY");
    }

    @Override
    public io.rockstream.jobmanager.Subscription subscribe(String relation, boolean snapshot, boolean progress) {
        throw new UnsupportedOperationException("the oracle tests read views with SELECT, not SUBSCRIBE");
    }

    @Override
    public java.util.Optional<List<io.rockstream.jobgraph.row.Column>> describe(String sql) {
        throw new UnsupportedOperationException("the oracle tests do not describe statements");
    }

    @Override
    public void cancel() {
        try {
            connection.unwrap(org.postgresql.core.BaseConnection.class).cancelQuery();
        } catch (java.sql.SQLException failure) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw toRockStream(e);
        }
    }
}
