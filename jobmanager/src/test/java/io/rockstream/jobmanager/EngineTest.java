package io.rockstream.jobmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import org.junit.jupiter.api.Test;

class EngineTest extends InMemoryEngineTest {

    @Test
    void viewFollowsInsertsUpdatesAndDeletes() {
        session.execute("CREATE TABLE t (k integer PRIMARY KEY, g text, v bigint)");
        session.execute("CREATE MATERIALIZED VIEW s AS SELECT g, count(*) AS n, sum(v) AS total FROM t GROUP BY g");
        session.execute("INSERT INTO t VALUES (1, 'a', 10), (2, 'a', 5), (3, 'b', 7)");
        assertThat(rows("SELECT * FROM s ORDER BY g")).containsExactly("[a, 2, 15]", "[b, 1, 7]");
        session.execute("UPDATE t SET g = 'b' WHERE k = 2");
        assertThat(rows("SELECT * FROM s ORDER BY g")).containsExactly("[a, 1, 10]", "[b, 2, 12]");
        session.execute("DELETE FROM t WHERE g = 'a'");
        assertThat(rows("SELECT * FROM s ORDER BY g")).containsExactly("[b, 2, 12]");
    }

    @Test
    void joinsSubqueriesAndTopK() {
        session.execute("CREATE TABLE a (id int, x int); CREATE TABLE b (id int, y int)");
        session.execute("CREATE MATERIALIZED VIEW j AS SELECT a.id, x, y FROM a LEFT JOIN b ON a.id = b.id");
        session.execute("CREATE MATERIALIZED VIEW top2 AS SELECT x FROM a ORDER BY x DESC LIMIT 2");
        session.execute("CREATE MATERIALIZED VIEW e AS SELECT id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.id = a.id)");
        session.execute("CREATE MATERIALIZED VIEW sc AS SELECT id, (SELECT count(*) FROM b WHERE b.id = a.id) AS c FROM a");
        session.execute("INSERT INTO a VALUES (1, 10), (2, 20), (3, 30)");
        session.execute("INSERT INTO b VALUES (1, 100), (1, 101), (NULL, 5)");
        assertThat(rows("SELECT * FROM j ORDER BY 1, 3")).containsExactly("[1, 10, 100]", "[1, 10, 101]",
                "[2, 20, null]", "[3, 30, null]");
        assertThat(rows("SELECT * FROM top2 ORDER BY 1")).containsExactly("[20]", "[30]");
        assertThat(rows("SELECT * FROM e")).containsExactly("[1]");
        assertThat(rows("SELECT * FROM sc ORDER BY 1")).containsExactly("[1, 2]", "[2, 0]", "[3, 0]");
        session.execute("DELETE FROM b WHERE id = 1");
        session.execute("DELETE FROM a WHERE x = 30");
        assertThat(rows("SELECT * FROM j ORDER BY 1")).containsExactly("[1, 10, null]", "[2, 20, null]");
        assertThat(rows("SELECT * FROM top2 ORDER BY 1")).containsExactly("[10]", "[20]");
        assertThat(rows("SELECT * FROM e")).isEmpty();
        assertThat(rows("SELECT * FROM sc ORDER BY 1")).containsExactly("[1, 0]", "[2, 0]");
    }

    @Test
    void errorsCarrySqlStateAndPosition() {
        session.execute("CREATE TABLE t (amount_usd int)");
        assertThatThrownBy(() -> session.execute("SELECT amount FROM t"))
                .isInstanceOfSatisfying(RockStreamException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("42703");
                    assertThat(e.position()).isEqualTo(8);
                });
        assertThatThrownBy(() -> session.execute("SELECT 1/0")).isInstanceOfSatisfying(RockStreamException.class,
                e -> assertThat(e.sqlState()).isEqualTo("22012"));
        assertThatThrownBy(() -> session.execute("SELEC 1")).isInstanceOfSatisfying(RockStreamException.class,
                e -> assertThat(e.sqlState()).isEqualTo("42601"));
    }

    /** char(n) and interval keys: SQL's = is not the stored bytes' equality, so DML must not look them up by key. */
    @Test
    void charAndIntervalKeysAreFoundByTheirEquality() {
        session.execute("CREATE TABLE c (k char(3) PRIMARY KEY, v int); INSERT INTO c VALUES ('ab', 1)");
        session.execute("UPDATE c SET v = 5 WHERE k = 'ab'");
        assertThat(rows("SELECT v FROM c WHERE k = 'ab'")).containsExactly("[5]");
        session.execute("DELETE FROM c WHERE k = 'ab '");
        assertThat(rows("SELECT count(*) FROM c")).containsExactly("[0]");
        session.execute("CREATE TABLE i (k interval PRIMARY KEY, v int); INSERT INTO i VALUES ('1 month', 1)");
        assertThat(rows("SELECT v FROM i WHERE k = '30 days'")).containsExactly("[1]");
        session.execute("DELETE FROM i WHERE k = '30 days'");
        assertThat(rows("SELECT count(*) FROM i")).containsExactly("[0]");
    }

    /** In a transaction, a duplicate key fails at its statement however many changes came before it. */
    @Test
    void aDuplicateKeyFailsAtTheStatementInALargeTransaction() {
        session.execute("CREATE TABLE big (k int PRIMARY KEY, v int)");
        session.execute("BEGIN");
        session.execute("INSERT INTO big SELECT g, g FROM generate_series(1, 20000) AS s(g)");
        session.execute("DELETE FROM big WHERE k = 5");
        session.execute("INSERT INTO big VALUES (5, -5)");
        assertThatThrownBy(() -> session.execute("INSERT INTO big VALUES (19999, 0)"))
                .isInstanceOfSatisfying(RockStreamException.class, error -> {
                    assertThat(error.code().sqlState()).isEqualTo("23505");
                    assertThat(error.getMessage()).contains("big_pkey");
                });
        session.execute("ROLLBACK");
        session.execute("BEGIN");
        session.execute("INSERT INTO big SELECT g, g FROM generate_series(1, 20000) AS s(g)");
        session.execute("DELETE FROM big WHERE k = 5");
        session.execute("INSERT INTO big VALUES (5, -5)");
        session.execute("COMMIT");
        assertThat(rows("SELECT count(*), sum(v) FROM big")).containsExactly("[20000, " + (20000L * 20001 / 2 - 10) + "]");
    }
}
