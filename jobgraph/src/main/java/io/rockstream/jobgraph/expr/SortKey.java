package io.rockstream.jobgraph.expr;

/**
 * One key of an ORDER BY: a column of the input, its direction and where NULLs go.
 * PostgreSQL's defaults are NULLS LAST for ascending and NULLS FIRST for descending.
 */
public record SortKey(int column, boolean descending, boolean nullsFirst) {
    public static SortKey ascending(int column) {
        return new SortKey(column, false, false);
    }
}
