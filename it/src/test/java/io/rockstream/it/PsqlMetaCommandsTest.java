package io.rockstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.gateway.GatewayConfig;
import io.rockstream.gateway.PgGateway;
import io.rockstream.jobmanager.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * psql 15's meta-commands against RockStream, compared with the same commands against a real
 * PostgreSQL 17 holding the same schema. Both sides are driven by the real psql binary (one
 * process per command), as user {@code rockstream}, so owners agree and the outputs must be
 * identical byte for byte (aligned format, headers, footers). What cannot agree is checked
 * against a fixed expectation: {@code \l} (psql 15 cannot list a PostgreSQL 17's databases,
 * it asks for {@code daticulocale}; RockStream answers it, with its one database).
 */
class PsqlMetaCommandsTest {
    private static final String SCHEMA = String.join("\n",
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount numeric(10,2),",
            "  placed_at timestamp, note varchar(40), status text DEFAULT 'new', qty integer DEFAULT 1);",
            "CREATE TABLE events (kind text, at timestamptz, payload bytea, ok boolean, score double precision,",
            "  code char(3), small smallint, ratio real, d date, t time, span interval);",
            "CREATE TABLE line_items (order_id bigint, line int, sku text NOT NULL, PRIMARY KEY (order_id, line));",
            "CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100;",
            "CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(amount) AS total, count(*) AS n",
            "  FROM orders GROUP BY customer;");

    /** Meta-commands whose output must equal PostgreSQL's. */
    private static final List<String> SAME_AS_POSTGRES = List.of("\\dt", "\\dv", "\\dm", "\\d", "\\d orders",
            "\\d events", "\\d line_items", "\\d big_orders", "\\d totals", "\\dn", "\\d+ orders", "\\d+ line_items",
            "\\df", "\\dt public.*", "\\dt ord*", "\\d nosuch", "\\dt *.orders");

    private static Engine engine;
    private static PgGateway gateway;
    private static String oracleDatabase;

    @BeforeAll
    static void start() throws Exception {
        DebianPackages.ensureCommand("postgresql-client", "psql", "--version");
        engine = Engine.startInMemory();
        gateway = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0));
        try (Connection oracle = PostgresOracle.newDatabase("psql_meta"); Statement statement = oracle.createStatement()) {
            oracleDatabase = oracle.getCatalog();
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rockstream') THEN "
                    + "CREATE ROLE rockstream SUPERUSER LOGIN; END IF; END $$");
            statement.execute("ALTER DATABASE " + oracleDatabase + " OWNER TO rockstream");
        }
        for (String statement : SCHEMA.split(";")) {
            if (!statement.isBlank()) {
                Psql rockstream = rockstream(statement.strip() + ";");
                assertThat(rockstream.output()).as("RockStream: " + statement).doesNotContain("ERROR");
                Psql postgres = postgres(statement.strip() + ";");
                assertThat(postgres.output()).as("PostgreSQL: " + statement).doesNotContain("ERROR");
            }
        }
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void metaCommandsPrintWhatPostgresPrints() {
        List<String> differences = new ArrayList<>();
        for (String command : SAME_AS_POSTGRES) {
            Psql expected = postgres(command);
            Psql actual = rockstream(command);
            assertThat(expected.output()).as("PostgreSQL's answer to " + command).doesNotContain("ERROR");
            if (!actual.output().equals(expected.output()) || actual.exitCode() != expected.exitCode()) {
                differences.add(command + "\n--- PostgreSQL 17 (exit " + expected.exitCode() + ")\n" + expected.output()
                        + "--- RockStream (exit " + actual.exitCode() + ")\n" + actual.output());
            }
        }
        assertThat(differences).as("meta-commands whose output differs from PostgreSQL's").isEmpty();
    }

    @Test
    void describeShowsColumnsTypesAndThePrimaryKey() {
        String output = rockstream("\\d orders").output();
        assertThat(output).contains("Table \"public.orders\"")
                .containsPattern("id +\\| bigint +\\| +\\| not null \\|")
                .containsPattern("amount +\\| numeric\\(10,2\\) +\\|")
                .containsPattern("note +\\| character varying\\(40\\) +\\|")
                .containsPattern("status +\\| text +\\| +\\| +\\| 'new'::text")
                .contains("\"orders_pkey\" PRIMARY KEY, btree (id)");
        assertThat(rockstream("\\d totals").output()).contains("Materialized view \"public.totals\"")
                .containsPattern("total +\\| numeric");
    }

    @Test
    void listDatabasesShowsTheOneDatabase() {
        Psql list = rockstream("\\l");
        assertThat(list.exitCode()).isZero();
        assertThat(list.output()).isEqualTo(String.join("\n",
                "                                            List of databases",
                "    Name    |   Owner    | Encoding | Collate | Ctype | ICU Locale | Locale Provider | Access privileges ",
                "------------+------------+----------+---------+-------+------------+-----------------+-------------------",
                " rockstream | rockstream | UTF8     | C       | C     |            | libc            | ",
                "(1 row)",
                "",
                ""));
    }

    @Test
    void echoedQueriesRunOnRockStream() {
        Psql echoed = run(List.of("-E", "-c", "\\d+ big_orders"), gateway.port(), "rockstream");
        assertThat(echoed.exitCode()).isZero();
        assertThat(echoed.output()).contains("pg_catalog.pg_get_viewdef").contains("View definition:")
                .contains("SELECT id, amount FROM orders WHERE amount > 100").doesNotContain("ERROR");
    }

    private static Psql rockstream(String command) {
        return run(List.of("-c", command), gateway.port(), "rockstream");
    }

    private static Psql postgres(String command) {
        return run(List.of("-c", command), PostgresOracle.server().getPort(), oracleDatabase);
    }

    /** The output (stdout and stderr) and exit code of one psql run. */
    record Psql(String output, int exitCode) {
    }

    private static Psql run(List<String> arguments, int port, String database) {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-P", "pager=off", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", "rockstream", "-d", database));
        command.addAll(arguments);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("LC_ALL", "C.UTF-8");
            builder.environment().put("PGCLIENTENCODING", "UTF8");
            builder.environment().remove("PGPASSWORD");
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("psql did not finish: " + command);
            }
            return new Psql(new String(output, StandardCharsets.UTF_8), process.exitValue());
        } catch (IOException e) {
            throw new AssertionError("cannot run psql", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
