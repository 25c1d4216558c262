package io.rockstream.compiler.ast;

import java.util.List;
import java.util.Optional;

/** A SQL statement. */
public sealed interface Statement extends Node {

    /** {@code CREATE TABLE [IF NOT EXISTS] name (columns, [PRIMARY KEY (...)])}. */
    record CreateTable(QualifiedName name, boolean ifNotExists, List<ColumnDefinition> columns,
            List<String> primaryKey, Position position) implements Statement {
        public CreateTable {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
        }
    }

    /** One column of CREATE TABLE; a column-level PRIMARY KEY sets {@code primaryKey}. */
    record ColumnDefinition(String name, TypeName type, boolean notNull, boolean primaryKey,
            Optional<Expression> defaultValue, Position position) implements Node {
    }

    /** The kinds of object DROP knows. */
    enum ObjectKind { TABLE, VIEW, MATERIALIZED_VIEW }

    /** {@code DROP TABLE|VIEW|MATERIALIZED VIEW [IF EXISTS] a, b [CASCADE|RESTRICT]}. */
    record Drop(ObjectKind kind, List<QualifiedName> names, boolean ifExists, boolean cascade,
            Position position) implements Statement {
        public Drop {
            names = List.copyOf(names);
        }
    }

    /**
     * {@code CREATE [OR REPLACE] [MATERIALIZED] VIEW [IF NOT EXISTS] name [(columns)]
     * [WITH (options)] AS query}; {@code sql} is the query's own text.
     */
    record CreateView(QualifiedName name, boolean materialized, boolean orReplace, boolean ifNotExists,
            List<String> columnNames, List<Option> options, Query query, String sql,
            Position position) implements Statement {
        public CreateView {
            columnNames = List.copyOf(columnNames);
            options = List.copyOf(options);
        }
    }

    /** A {@code key = value} of a WITH (...) option list; the value is a literal's text. */
    record Option(String key, String value, Position position) implements Node {
    }

    /** {@code INSERT INTO t [(columns)] query} (VALUES is a query). */
    record Insert(QualifiedName table, List<String> columns, Query source, Position position) implements Statement {
        public Insert {
            columns = List.copyOf(columns);
        }
    }

    /** {@code UPDATE t [AS alias] SET c = e, ... [WHERE condition]}. */
    record Update(QualifiedName table, Optional<String> alias, List<Assignment> assignments,
            Optional<Expression> where, Position position) implements Statement {
        public Update {
            assignments = List.copyOf(assignments);
        }
    }

    /** {@code column = value} in UPDATE; a value of {@code DEFAULT} is an {@link Expression.Default}. */
    record Assignment(String column, Expression value, Position position) implements Node {
    }

    /** {@code DELETE FROM t [AS alias] [WHERE condition]}. */
    record Delete(QualifiedName table, Optional<String> alias, Optional<Expression> where,
            Position position) implements Statement {
    }

    /** A query run ad hoc: SELECT, VALUES, a set operation, with WITH/ORDER BY/LIMIT. */
    record QueryStatement(Query query, Position position) implements Statement {
    }

    /** {@code EXPLAIN [INCREMENTAL] statement}; INCREMENTAL also accepts a bare view name. */
    record Explain(boolean incremental, Optional<Statement> statement, Optional<QualifiedName> view,
            Position position) implements Statement {
    }

    /**
     * {@code ALTER MATERIALIZED VIEW name SET (key = value, ...)} or {@code ... RESET (key, ...)}:
     * changes options that do not change what the view computes.
     */
    record AlterView(QualifiedName name, List<Option> set, List<String> reset, Position position) implements Statement {
        public AlterView {
            set = List.copyOf(set);
            reset = List.copyOf(reset);
        }
    }

    /** {@code REFRESH MATERIALIZED VIEW name}: accepted for compatibility; RockStream's views are always fresh. */
    record Refresh(QualifiedName name, Position position) implements Statement {
    }

    /** {@code SHOW TABLES}, {@code SHOW VIEWS}, {@code SHOW MATERIALIZED VIEWS}, {@code SHOW name}, {@code SHOW ALL}. */
    record Show(String what, Position position) implements Statement {
    }

    /** {@code SET [SESSION|LOCAL] name {=|TO} value}; {@code value} is null for DEFAULT. */
    record Set(String name, String value, Position position) implements Statement {
    }

    /** BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK / ABORT. */
    record Transaction(TransactionAction action, Position position) implements Statement {
    }

    /** What a transaction statement does. */
    enum TransactionAction { BEGIN, COMMIT, ROLLBACK }
}
