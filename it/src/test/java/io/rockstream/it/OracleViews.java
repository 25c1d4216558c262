package io.rockstream.it;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The views of an oracle run: together they use every operator and aggregate RockStream
 * maintains. Each is SQL valid in both systems; {@code {A}}, {@code {B}}, {@code {C}} become
 * random tables. Top-k views differ on the PostgreSQL side only by an ORDER BY extended with
 * every output column, because RockStream breaks ties by the whole row (ascending, NULLs last).
 */
final class OracleViews {
    /** A view: its name, the query RockStream maintains, the query PostgreSQL recomputes. */
    record View(String name, String rockSql, String postgresSql) {
        View {
            requireNonNull(name, "name is null");
            requireNonNull(rockSql, "rockSql is null");
            requireNonNull(postgresSql, "postgresSql is null");
        }
    }

    private static final String[][] TEMPLATES = {
        {"v_filter", "SELECT id, k, g, n * 2 AS n2, CASE WHEN b THEN 'yes' WHEN NOT b THEN 'no' ELSE 'unknown' END AS bs,"
                + " COALESCE(g, '?') AS g2, NULLIF(k, 0) AS nk FROM {A} WHERE k BETWEEN 1 AND 3 OR g LIKE 'a%'"},
        {"v_exprs", "SELECT id, CASE k WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END AS kw,"
                + " COALESCE(n, 0) + 1 AS n1, d * 2 AS d2, dt BETWEEN DATE '2024-01-05' AND DATE '2024-01-15' AS mid,"
                + " g LIKE '%b%' AS hasb, NOT b AS nb, big % 7 AS m7, k + 1 IS NULL AS knull FROM {A}"},
        {"v_group", "SELECT k, count(*) AS c, count(n) AS cn, count(DISTINCT g) AS cdg, sum(n) AS sn, avg(n) AS an,"
                + " min(g) AS ming, max(dt) AS maxdt, sum(big) AS sb, min(d) AS mind, max(n) AS maxn, sum(d) AS sd"
                + " FROM {A} GROUP BY k"},
        {"v_strings", "SELECT k, string_agg(g, ',' ORDER BY g) AS gs, bool_and(b) AS ba, bool_or(b) AS bo"
                + " FROM {A} GROUP BY k"},
        {"v_stats", "SELECT g, stddev(d) AS sdd, variance(n) AS vn, stddev(n) AS sdn, variance(d) AS vd, avg(d) AS ad"
                + " FROM {A} GROUP BY g"},
        {"v_having", "SELECT g, count(*) AS c, sum(k) AS sk FROM {A} GROUP BY g HAVING count(*) > 1"},
        {"v_global", "SELECT count(*) AS c, sum(n) AS sn, min(k) AS mink, max(k) AS maxk, avg(d) AS ad,"
                + " count(DISTINCT k) AS cdk FROM {A}"},
        {"v_distinct", "SELECT DISTINCT k, b FROM {A}"},
        {"v_inner", "SELECT x.id AS xid, y.id AS yid, x.k, x.g AS xg, y.g AS yg FROM {A} x JOIN {B} y ON x.k = y.k"},
        {"v_theta", "SELECT x.id AS xid, y.id AS yid FROM {A} x JOIN {B} y ON x.k = y.k AND x.n < y.n"},
        {"v_left", "SELECT x.id AS xid, y.id AS yid, x.g, y.n FROM {A} x LEFT JOIN {B} y ON x.k = y.k AND x.g = y.g"},
        {"v_right", "SELECT x.id AS xid, y.id AS yid, y.k FROM {A} x RIGHT JOIN {B} y ON x.k = y.k"},
        {"v_full", "SELECT x.id AS xid, y.id AS yid, COALESCE(x.k, y.k) AS k FROM {A} x FULL JOIN {B} y ON x.k = y.k"},
        {"v_join3", "SELECT x.id AS xid, y.id AS yid, z.id AS zid FROM {A} x JOIN {B} y ON x.k = y.k"
                + " LEFT JOIN {C} z ON y.g = z.g"},
        {"v_join_group", "SELECT x.g, count(*) AS c, sum(y.n) AS sn, max(y.dt) AS md FROM {A} x JOIN {B} y"
                + " ON x.k = y.k GROUP BY x.g"},
        {"v_union", "SELECT k, g FROM {A} UNION SELECT k, g FROM {B}"},
        {"v_union_all", "SELECT k, g FROM {A} UNION ALL SELECT k, g FROM {B}"},
        {"v_intersect", "SELECT k, g FROM {A} INTERSECT SELECT k, g FROM {B}"},
        {"v_intersect_all", "SELECT k, g FROM {A} INTERSECT ALL SELECT k, g FROM {B}"},
        {"v_except", "SELECT k, g FROM {A} EXCEPT SELECT k, g FROM {B}"},
        {"v_except_all", "SELECT k, g FROM {A} EXCEPT ALL SELECT k, g FROM {B}"},
        {"v_topk", "SELECT id, k, n FROM {A} ORDER BY n DESC LIMIT 5"},
        {"v_topk_text", "SELECT g, k FROM {A} WHERE k IS NOT NULL ORDER BY g, k DESC LIMIT 3"},
        {"v_topk_group", "SELECT k, count(*) AS c FROM {A} GROUP BY k ORDER BY c DESC LIMIT 2"},
        {"v_in", "SELECT id, k FROM {A} WHERE k IN (SELECT k FROM {B} WHERE b)"},
        {"v_not_in", "SELECT id, g FROM {A} WHERE g NOT IN (SELECT g FROM {B} WHERE k = 1)"},
        {"v_exists", "SELECT id, g FROM {A} x WHERE EXISTS (SELECT 1 FROM {B} y WHERE y.k = x.k AND y.g = x.g)"},
        {"v_not_exists", "SELECT id, k FROM {A} x WHERE NOT EXISTS (SELECT 1 FROM {B} y WHERE y.k = x.k)"},
        {"v_scalar", "SELECT id, k, (SELECT max(k) FROM {B}) AS mk FROM {A} WHERE n > (SELECT avg(n) FROM {A})"},
        {"v_scalar_corr", "SELECT id, (SELECT count(*) FROM {B} y WHERE y.k = x.k) AS cnt,"
                + " (SELECT sum(y.n) FROM {B} y WHERE y.g = x.g) AS sn FROM {A} x"},
        {"v_window_rank", "SELECT id, k, n, rank() OVER (PARTITION BY k ORDER BY n) AS r,"
                + " dense_rank() OVER (PARTITION BY k ORDER BY n DESC) AS dr,"
                + " percent_rank() OVER (PARTITION BY k ORDER BY n) AS pr, count(*) OVER (PARTITION BY k) AS c FROM {A}"},
        {"v_window_running", "SELECT id, g, n, sum(n) OVER (PARTITION BY g ORDER BY id) AS running,"
                + " max(k) OVER (PARTITION BY g ORDER BY id) AS mk, avg(d) OVER (PARTITION BY g) AS ad,"
                + " first_value(g) OVER (PARTITION BY k ORDER BY id, g) AS fg FROM {A}"},
        // every column in ORDER BY: rows that tie are identical, so row_number, lag and lead are deterministic
        {"v_window_rows", "SELECT id, k, g,"
                + " row_number() OVER (ORDER BY id, k, g, n, d, b, dt, big) AS rn,"
                + " lag(n) OVER (PARTITION BY k ORDER BY id, k, g, n, d, b, dt, big) AS prev,"
                + " lead(k, 2, -1) OVER (ORDER BY id, k, g, n, d, b, dt, big) AS nxt,"
                + " sum(n) OVER (PARTITION BY g ORDER BY id, k, g, n, d, b, dt, big"
                + " ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s3 FROM {A}"},
        {"v_any_all", "SELECT id, n FROM {A} x WHERE n > ALL (SELECT n FROM {B} WHERE k = 1)"
                + " OR k = ANY (SELECT k FROM {B} y WHERE y.g = x.g)"},
        {"v_window_group", "SELECT k, sum(n) AS sn, rank() OVER (ORDER BY sum(n) DESC) AS r FROM {A} GROUP BY k"},
        // views on views: they read the maintained views above
        {"v_on_view", "SELECT k, c, sn FROM v_group WHERE c > 1"},
        {"v_view_join", "SELECT v.k, v.c, s.gs FROM v_group v JOIN v_strings s ON v.k = s.k"},
    };

    private OracleViews() {
    }

    /** Every template once, over random tables, in dependency order. */
    static List<View> build(OracleWorkload workload, Random random) {
        List<View> views = new ArrayList<>();
        for (String[] template : TEMPLATES) {
            String sql = template[1].replace("{A}", workload.pick().name).replace("{B}", workload.pick().name)
                    .replace("{C}", workload.pick().name);
            views.add(new View(template[0], sql, postgresForm(sql)));
        }
        return views;
    }

    /** Extends a top-level {@code ORDER BY ... LIMIT n} by every output column, ascending. */
    static String postgresForm(String sql) {
        int orderBy = sql.lastIndexOf(" ORDER BY ");
        int limit = sql.lastIndexOf(" LIMIT ");
        if (orderBy < 0 || limit < orderBy) {
            return sql;
        }
        int columns = outputColumns(sql.substring("SELECT ".length(), sql.indexOf(" FROM ")));
        StringBuilder tieBreak = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
            tieBreak.append(", ").append(i);
        }
        return sql.substring(0, limit) + tieBreak + sql.substring(limit);
    }

    private static int outputColumns(String selectList) {
        int depth = 0;
        int count = 1;
        for (char c : selectList.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                count++;
            }
        }
        return count;
    }
}
