package io.rockstream.jobgraph.function;

import io.rockstream.jobgraph.type.SqlType;
import java.util.List;

/**
 * The scalar functions and operators RockStream knows, with PostgreSQL's overload
 * resolution. (Contract stub: the implementation replaces the body.)
 */
public final class FunctionCatalog {
    private FunctionCatalog() {
    }

    /**
     * Resolves {@code name} (lower case; operators by symbol) for the given argument types.
     *
     * @throws io.rockstream.jobgraph.error.RockStreamException 42883 when no overload fits,
     *         42725 when several fit equally well
     */
    public static ResolvedFunction resolve(String name, List<SqlType> argumentTypes) {
        throw new UnsupportedOperationException("FunctionCatalog.resolve");
    }
}
