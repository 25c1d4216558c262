package io.rockstream.jobgraph.expr;

/**
 * The algebra of an aggregate, which decides what state maintaining it needs and whether
 * partial aggregates may be combined before a shuffle (ARCHITECTURE.md §3).
 */
public enum MergeLaw {
    /** Invertible and associative: a delete subtracts (SUM, COUNT, AVG, variance sums). */
    ABELIAN_GROUP("abelian group", "running accumulator per group; deletes subtract"),
    /** Not invertible: a delete needs the other values (MIN, MAX, DISTINCT aggregates). */
    RETRACTABLE_MULTISET("retractable multiset", "value -> count multiset per group"),
    /** Depends on all values in order (string_agg). */
    HOLISTIC("holistic", "all values per group, in aggregate order");

    private final String title;
    private final String state;

    MergeLaw(String title, String state) {
        this.title = title;
        this.state = state;
    }

    public String title() {
        return title;
    }

    public String state() {
        return state;
    }
}
