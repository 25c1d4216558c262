package io.rockstream.bench.ivm;

import java.util.List;

/**
 * The views measured: TPC-H-like q3 and q5 (days count from 1992-01-01, so 1169 is
 * 1995-03-15, 731 is 1994-01-01 and 1096 is 1995-01-01; no ORDER BY or LIMIT, which a view
 * does not keep) and a simple two-table join + aggregate.
 *
 * @param name the view's name in both systems
 * @param query the SELECT it materializes, also run ad hoc as the recompute
 */
record TpchView(String name, String title, String query) {
    static final String REVENUE = "sum(l_extendedprice * (100 - l_discount))";

    static final TpchView JOIN_AGGREGATE = new TpchView("ivm_join_agg", "lineitem ⋈ supplier, GROUP BY nation",
            "SELECT s_nationkey, count(*) AS line_count, sum(l_extendedprice) AS price FROM lineitem "
                    + "JOIN supplier ON l_suppkey = s_suppkey GROUP BY s_nationkey");
    static final TpchView Q3 = new TpchView("ivm_q3", "TPC-H-like q3 (3-way join, GROUP BY order)",
            "SELECT l_orderkey, o_orderdate, o_shippriority, " + REVENUE + " AS revenue FROM customer "
                    + "JOIN orders ON c_custkey = o_custkey JOIN lineitem ON l_orderkey = o_orderkey "
                    + "WHERE c_mktsegment = 'BUILDING' AND o_orderdate < 1169 AND l_shipdate > 1169 "
                    + "GROUP BY l_orderkey, o_orderdate, o_shippriority");
    static final TpchView Q5 = new TpchView("ivm_q5", "TPC-H-like q5 (6-way join, GROUP BY nation)",
            "SELECT n_name, " + REVENUE + " AS revenue FROM customer "
                    + "JOIN orders ON c_custkey = o_custkey JOIN lineitem ON l_orderkey = o_orderkey "
                    + "JOIN supplier ON l_suppkey = s_suppkey AND c_nationkey = s_nationkey "
                    + "JOIN nation ON s_nationkey = n_nationkey JOIN region ON n_regionkey = r_regionkey "
                    + "WHERE r_name = 'ASIA' AND o_orderdate >= 731 AND o_orderdate < 1096 GROUP BY n_name");

    static final List<TpchView> ALL = List.of(JOIN_AGGREGATE, Q3, Q5);

    String create() {
        return "CREATE MATERIALIZED VIEW " + name + " AS " + query;
    }
}
