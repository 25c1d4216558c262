package io.rockstream.sqllogictest;

/** How a query's rendered result is ordered before it is compared. */
public enum SortMode {
    /** The engine's order, as returned. */
    NOSORT,
    /** Whole rows sorted, comparing their rendered values column by column as strings. */
    ROWSORT,
    /** Every value sorted on its own, ignoring row boundaries. */
    VALUESORT;

    static SortMode parse(String text) {
        switch (text) {
            case "nosort":
                return NOSORT;
            case "rowsort":
                return ROWSORT;
            case "valuesort":
                return VALUESORT;
            default:
                return null;
        }
    }
}
