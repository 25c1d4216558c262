package io.rockstream.bench.ivm;

import java.util.List;
import java.util.function.Consumer;

/**
 * TPC-H-like tables, a pure function of the scale so RockStream and PostgreSQL load the same
 * rows. Cardinalities follow TPC-H (per scale factor: 150,000 customers, 1,500,000 orders,
 * 1 to 7 lines per order, 10,000 suppliers; 25 nations in 5 regions); values are simplified
 * so every engine computes them exactly: money is {@code bigint} cents, discounts are whole
 * percent, dates are {@code int} days since 1992-01-01 (orders over 1992-01-01 .. 1998-08-02,
 * ship dates 1 to 121 days after the order). {@code lineitem}'s key {@code l_id} is
 * {@code l_orderkey * 8 + l_linenumber}, so the lines of a range of orders are a range of keys.
 * Not TPC-H's dbgen: results are not comparable to official TPC results.
 */
final class TpchData {
    static final List<String> REGIONS = List.of("AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST");
    static final List<String> NATIONS = List.of("ALGERIA", "ARGENTINA", "BRAZIL", "CANADA", "EGYPT", "ETHIOPIA",
            "FRANCE", "GERMANY", "INDIA", "INDONESIA", "IRAN", "IRAQ", "JAPAN", "JORDAN", "KENYA", "MOROCCO",
            "MOZAMBIQUE", "PERU", "CHINA", "ROMANIA", "SAUDI ARABIA", "VIETNAM", "RUSSIA", "UNITED KINGDOM",
            "UNITED STATES");
    /** TPC-H's region of each nation, by nation key. */
    private static final int[] NATION_REGION = {0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2, 4, 0, 0, 0, 1, 2, 3, 4, 2, 3,
        3, 1};
    static final List<String> SEGMENTS = List.of("AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD", "MACHINERY");
    /** Order dates lie in [0, ORDER_DAYS): 1992-01-01 .. 1998-08-02, as in TPC-H. */
    static final int ORDER_DAYS = 2406 - 151;
    /** Loaded {@code l_id}s are below this (up to scale 1000); inserted copies add multiples of it. */
    static final long KEY_SPACE = 100_000_000_000L;

    static final List<String> DDL = List.of(
            "CREATE TABLE region (r_regionkey int PRIMARY KEY, r_name text)",
            "CREATE TABLE nation (n_nationkey int PRIMARY KEY, n_name text, n_regionkey int)",
            "CREATE TABLE supplier (s_suppkey int PRIMARY KEY, s_nationkey int)",
            "CREATE TABLE customer (c_custkey int PRIMARY KEY, c_mktsegment text, c_nationkey int)",
            "CREATE TABLE orders (o_orderkey bigint PRIMARY KEY, o_custkey int, o_orderdate int, "
                    + "o_shippriority int)",
            "CREATE TABLE lineitem (l_id bigint PRIMARY KEY, l_orderkey bigint, l_linenumber int, l_suppkey int, "
                    + "l_extendedprice bigint, l_discount int, l_shipdate int)");

    /** The tables in load order, each with its columns. */
    enum Table {
        REGION("region"), NATION("nation"), SUPPLIER("supplier"), CUSTOMER("customer"), ORDERS("orders"),
        LINEITEM("lineitem");

        private final String sqlName;

        Table(String sqlName) {
            this.sqlName = sqlName;
        }

        String sqlName() {
            return sqlName;
        }
    }

    private final double scale;
    private final int suppliers;
    private final int customers;
    private final long orders;

    TpchData(double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be positive: " + scale);
        }
        this.scale = scale;
        this.suppliers = (int) Math.max(10, Math.round(10_000 * scale));
        this.customers = (int) Math.max(10, Math.round(150_000 * scale));
        this.orders = Math.max(10, Math.round(1_500_000 * scale));
    }

    double scale() {
        return scale;
    }

    long orders() {
        return orders;
    }

    /** Lines of order {@code orderKey} (1 to 7). */
    static int lines(long orderKey) {
        return 1 + (int) Long.remainderUnsigned(mix(orderKey * 31 + 1), 7);
    }

    /** Rows of {@code lineitem}, counted. */
    long lineitems() {
        long total = 0;
        for (long order = 1; order <= orders; order++) {
            total += lines(order);
        }
        return total;
    }

    /** Lines of orders {@code 1 .. order} together. */
    static long linesUpTo(long order) {
        long total = 0;
        for (long key = 1; key <= order; key++) {
            total += lines(key);
        }
        return total;
    }

    /** Every row of {@code table} as text fields, in key order. */
    void rows(Table table, Consumer<String[]> sink) {
        switch (table) {
            case REGION:
                for (int key = 0; key < REGIONS.size(); key++) {
                    sink.accept(new String[] {Integer.toString(key), REGIONS.get(key)});
                }
                return;
            case NATION:
                for (int key = 0; key < NATIONS.size(); key++) {
                    sink.accept(new String[] {Integer.toString(key), NATIONS.get(key),
                        Integer.toString(NATION_REGION[key])});
                }
                return;
            case SUPPLIER:
                for (int key = 1; key <= suppliers; key++) {
                    sink.accept(new String[] {Integer.toString(key), Integer.toString(pick(key, 2, 25))});
                }
                return;
            case CUSTOMER:
                for (int key = 1; key <= customers; key++) {
                    sink.accept(new String[] {Integer.toString(key), SEGMENTS.get(pick(key, 3, SEGMENTS.size())),
                        Integer.toString(pick(key, 4, 25))});
                }
                return;
            case ORDERS:
                for (long key = 1; key <= orders; key++) {
                    sink.accept(new String[] {Long.toString(key), Integer.toString(1 + pick(key, 5, customers)),
                        Integer.toString(orderDate(key)), "0"});
                }
                return;
            case LINEITEM:
                for (long order = 1; order <= orders; order++) {
                    lineitems(order, 0, sink);
                }
                return;
        }
        throw new IllegalArgumentException("unknown table " + table);
    }

    /**
     * The lines of order {@code orderKey}, with {@code keyOffset} added to each {@code l_id}: 0 for
     * the loaded rows, a multiple of {@link #KEY_SPACE} for copies inserted later as a change.
     */
    void lineitems(long orderKey, long keyOffset, Consumer<String[]> sink) {
        int date = orderDate(orderKey);
        for (int line = 1; line <= lines(orderKey); line++) {
            long id = orderKey * 8 + line;
            sink.accept(new String[] {Long.toString(keyOffset + id), Long.toString(orderKey), Integer.toString(line),
                Integer.toString(1 + pick(id, 6, suppliers)), Long.toString(90_000 + pick(id, 7, 10_000_000)),
                Integer.toString(pick(id, 8, 11)), Integer.toString(date + 1 + pick(id, 9, 121))});
        }
    }

    private static int orderDate(long orderKey) {
        return pick(orderKey, 10, ORDER_DAYS);
    }

    /** A value in [0, bound) that depends only on {@code key} and which column ({@code salt}) asks. */
    private static int pick(long key, int salt, int bound) {
        return (int) Long.remainderUnsigned(mix(key * 0x100000001B3L + salt), bound);
    }

    /** SplitMix64's finalizer: a fixed, well-spread function of the key. */
    private static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
