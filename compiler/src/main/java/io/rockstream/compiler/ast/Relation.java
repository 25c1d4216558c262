package io.rockstream.compiler.ast;

import java.util.List;
import java.util.Optional;

/** An item of FROM. */
public sealed interface Relation extends Node {

    /** {@code name [AS alias [(column aliases)]]}: a table, view or CTE. */
    record Table(QualifiedName name, Optional<String> alias, List<String> columnAliases, Position position)
            implements Relation {
        public Table {
            columnAliases = List.copyOf(columnAliases);
        }
    }

    /** {@code (query) [AS] alias [(column aliases)]}; PostgreSQL 16+ allows no alias. */
    record Subquery(Query query, Optional<String> alias, List<String> columnAliases, Position position)
            implements Relation {
        public Subquery {
            columnAliases = List.copyOf(columnAliases);
        }
    }

    /** {@code function(args) [AS] alias [(column aliases)]}: a set-returning function in FROM. */
    record Function(QualifiedName name, List<Expression> args, Optional<String> alias, List<String> columnAliases,
            Position position) implements Relation {
        public Function {
            args = List.copyOf(args);
            columnAliases = List.copyOf(columnAliases);
        }
    }

    /** The join types of the grammar; CROSS and comma joins have no condition. */
    enum JoinKind { INNER, LEFT, RIGHT, FULL, CROSS }

    /**
     * {@code left [NATURAL] kind JOIN right [ON condition | USING (columns)]}. At most one of
     * {@code on}, {@code using} and {@code natural} is given.
     */
    record Join(JoinKind kind, Relation left, Relation right, Optional<Expression> on, List<String> using,
            boolean natural, Position position) implements Relation {
        public Join {
            using = List.copyOf(using);
        }
    }
}
