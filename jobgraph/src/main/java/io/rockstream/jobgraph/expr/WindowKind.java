package io.rockstream.jobgraph.expr;

/** The window functions RockStream maintains: ranking, offset and value functions, and aggregates over a frame. */
public enum WindowKind {
    ROW_NUMBER("row_number"),
    RANK("rank"),
    DENSE_RANK("dense_rank"),
    PERCENT_RANK("percent_rank"),
    CUME_DIST("cume_dist"),
    NTILE("ntile"),
    LAG("lag"),
    LEAD("lead"),
    FIRST_VALUE("first_value"),
    LAST_VALUE("last_value"),
    NTH_VALUE("nth_value"),
    COUNT_STAR("count"),
    COUNT("count"),
    SUM("sum"),
    AVG("avg"),
    MIN("min"),
    MAX("max");

    private final String sqlName;

    WindowKind(String sqlName) {
        this.sqlName = sqlName;
    }

    public String sqlName() {
        return sqlName;
    }
}
