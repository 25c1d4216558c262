package io.rockstream.jobgraph.expr;

/** The aggregate functions RockStream maintains incrementally, each with its merge law. */
public enum AggregateKind {
    COUNT_STAR("count", MergeLaw.ABELIAN_GROUP),
    COUNT("count", MergeLaw.ABELIAN_GROUP),
    SUM("sum", MergeLaw.ABELIAN_GROUP),
    AVG("avg", MergeLaw.ABELIAN_GROUP),
    MIN("min", MergeLaw.RETRACTABLE_MULTISET),
    MAX("max", MergeLaw.RETRACTABLE_MULTISET),
    BOOL_AND("bool_and", MergeLaw.ABELIAN_GROUP),
    BOOL_OR("bool_or", MergeLaw.ABELIAN_GROUP),
    STRING_AGG("string_agg", MergeLaw.HOLISTIC),
    STDDEV_SAMP("stddev_samp", MergeLaw.ABELIAN_GROUP),
    STDDEV_POP("stddev_pop", MergeLaw.ABELIAN_GROUP),
    VAR_SAMP("var_samp", MergeLaw.ABELIAN_GROUP),
    VAR_POP("var_pop", MergeLaw.ABELIAN_GROUP),
    /** The value of the group's only row; more than one row raises 21000 (a scalar subquery's result). */
    SINGLE_VALUE("single_value", MergeLaw.RETRACTABLE_MULTISET);

    private final String sqlName;
    private final MergeLaw law;

    AggregateKind(String sqlName, MergeLaw law) {
        this.sqlName = sqlName;
        this.law = law;
    }

    public String sqlName() {
        return sqlName;
    }

    /** The law of the aggregate itself; a DISTINCT aggregate is always a retractable multiset. */
    public MergeLaw law() {
        return law;
    }
}
