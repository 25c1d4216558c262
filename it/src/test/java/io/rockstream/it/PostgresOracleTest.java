package io.rockstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The oracle itself: PostgreSQL 17 on loopback, C collation, answering queries. */
class PostgresOracleTest {
    @Test
    void startsPostgres17WithTheCLocaleOnLoopback() throws Exception {
        try (Connection connection = PostgresOracle.newDatabase("oracle_check")) {
            List<List<Object>> settings = PostgresOracle.query(connection,
                    "SELECT current_setting('server_version_num')::int / 10000, (SELECT datcollate FROM pg_database WHERE datname = current_database()),"
                            + " current_setting('listen_addresses'), current_setting('server_encoding')");
            assertThat(settings).containsExactly(List.of(17, "C", "127.0.0.1", "UTF8"));

            PostgresOracle.execute(connection, "CREATE TABLE t(k integer, s text, n numeric(10,2))");
            PostgresOracle.execute(connection, "INSERT INTO t VALUES (1, 'b', 1.50), (1, 'B', 2.25), (2, 'a', NULL)");
            assertThat(PostgresOracle.query(connection,
                    "SELECT k, string_agg(s, ',' ORDER BY s), sum(n) FROM t GROUP BY k ORDER BY k"))
                    .containsExactly(List.of(1, "B,b", new BigDecimal("3.75")), java.util.Arrays.asList(2, "a", null));
        }
    }
}
