package io.rockstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.gateway.GatewayConfig;
import io.rockstream.gateway.PgGateway;
import io.rockstream.jobmanager.Engine;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * pgjdbc's DatabaseMetaData against RockStream, compared with the same calls against a real
 * PostgreSQL 17 holding the same schema; and the catalog queries DBeaver and Metabase send
 * when they connect (docs/pg-compatibility.md lists them), which must run and answer.
 */
class JdbcMetadataTest {
    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount numeric(10,2), "
                    + "placed_at timestamp, note varchar(40), qty integer DEFAULT 1)",
            "CREATE TABLE line_items (order_id bigint, line int, sku text NOT NULL, PRIMARY KEY (order_id, line))",
            "CREATE TABLE events (kind text, at timestamptz, ok boolean, score double precision, code char(3))",
            "CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100",
            "CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(amount) AS total, count(*) AS n FROM orders "
                    + "GROUP BY customer");

    private static Engine engine;
    private static PgGateway gateway;
    private static Connection rockstream;
    private static Connection postgres;

    @BeforeAll
    static void start() throws SQLException {
        engine = Engine.startInMemory();
        gateway = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0));
        Properties properties = new Properties();
        properties.setProperty("user", "rockstream");
        rockstream = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + gateway.port() + "/rockstream",
                properties);
        postgres = PostgresOracle.newDatabase("jdbc_metadata");
        for (String ddl : SCHEMA) {
            PostgresOracle.execute(rockstream, ddl);
            PostgresOracle.execute(postgres, ddl);
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        if (rockstream != null) {
            rockstream.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** The named columns of every row, in order; the catalog column is left out (database names differ). */
    private static List<List<String>> rows(ResultSet result, String... columns) throws SQLException {
        try (result) {
            List<List<String>> rows = new ArrayList<>();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (String column : columns) {
                    row.add(column + "=" + result.getString(column));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    @Test
    void getTablesListsTablesViewsMaterializedViewsAndIndexesAsPostgresDoes() throws SQLException {
        String[] columns = {"TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS"};
        List<List<String>> actual = rows(rockstream.getMetaData().getTables(null, "public", "%", null), columns);
        assertThat(actual).isEqualTo(rows(postgres.getMetaData().getTables(null, "public", "%", null), columns));
        assertThat(actual).extracting(row -> row.get(1) + " " + row.get(2)).containsExactly(
                "TABLE_NAME=line_items_pkey TABLE_TYPE=INDEX", "TABLE_NAME=orders_pkey TABLE_TYPE=INDEX",
                "TABLE_NAME=totals TABLE_TYPE=MATERIALIZED VIEW", "TABLE_NAME=events TABLE_TYPE=TABLE",
                "TABLE_NAME=line_items TABLE_TYPE=TABLE", "TABLE_NAME=orders TABLE_TYPE=TABLE",
                "TABLE_NAME=big_orders TABLE_TYPE=VIEW");
        String[] types = {"TABLE", "VIEW"};
        assertThat(rows(rockstream.getMetaData().getTables(null, null, "%", types), columns))
                .isEqualTo(rows(postgres.getMetaData().getTables(null, null, "%", types), columns));
    }

    @Test
    void getColumnsDescribesEveryColumnAsPostgresDoes() throws SQLException {
        String[] columns = {"TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE",
            "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "COLUMN_DEF", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION",
            "IS_NULLABLE", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN"};
        List<List<String>> actual = rows(rockstream.getMetaData().getColumns(null, "public", "%", "%"), columns);
        assertThat(actual).isEqualTo(rows(postgres.getMetaData().getColumns(null, "public", "%", "%"), columns));
        assertThat(actual).hasSize(19);
        assertThat(actual).contains(List.of("TABLE_SCHEM=public", "TABLE_NAME=orders", "COLUMN_NAME=amount",
                "DATA_TYPE=2", "TYPE_NAME=numeric", "COLUMN_SIZE=10", "DECIMAL_DIGITS=2", "NUM_PREC_RADIX=10",
                "NULLABLE=1", "COLUMN_DEF=null", "CHAR_OCTET_LENGTH=10", "ORDINAL_POSITION=3", "IS_NULLABLE=YES",
                "IS_AUTOINCREMENT=NO", "IS_GENERATEDCOLUMN=NO"));
    }

    @Test
    void getPrimaryKeysGivesKeyColumnsInKeyOrder() throws SQLException {
        String[] columns = {"TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"};
        for (String table : List.of("orders", "line_items", "events", "big_orders")) {
            assertThat(rows(rockstream.getMetaData().getPrimaryKeys(null, "public", table), columns))
                    .as(table)
                    .isEqualTo(rows(postgres.getMetaData().getPrimaryKeys(null, "public", table), columns));
        }
        assertThat(rows(rockstream.getMetaData().getPrimaryKeys(null, "public", "line_items"), columns))
                .containsExactly(
                        List.of("TABLE_SCHEM=public", "TABLE_NAME=line_items", "COLUMN_NAME=order_id", "KEY_SEQ=1",
                                "PK_NAME=line_items_pkey"),
                        List.of("TABLE_SCHEM=public", "TABLE_NAME=line_items", "COLUMN_NAME=line", "KEY_SEQ=2",
                                "PK_NAME=line_items_pkey"));
    }

    @Test
    void getSchemasAndGetCatalogs() throws SQLException {
        DatabaseMetaData metaData = rockstream.getMetaData();
        assertThat(rows(metaData.getSchemas(), "TABLE_SCHEM"))
                .isEqualTo(rows(postgres.getMetaData().getSchemas(), "TABLE_SCHEM"));
        assertThat(rows(metaData.getCatalogs(), "TABLE_CAT")).containsExactly(List.of("TABLE_CAT=rockstream"));
        assertThat(rows(metaData.getTableTypes(), "TABLE_TYPE"))
                .isEqualTo(rows(postgres.getMetaData().getTableTypes(), "TABLE_TYPE"));
    }

    @Test
    void dbeaverFirstConnectionQueriesAnswer() throws SQLException {
        assertThat(query("SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE NOT datistemplate AND datallowconn"
                + " AND db.datname='rockstream'", "datname")).containsExactly("rockstream");
        assertThat(query("SELECT n.oid,n.*,d.description FROM pg_catalog.pg_namespace n LEFT OUTER JOIN "
                + "pg_catalog.pg_description d ON d.objoid=n.oid AND d.objsubid=0 AND "
                + "d.classoid='pg_namespace'::regclass ORDER BY nspname", "nspname"))
                .containsExactly("information_schema", "pg_catalog", "public");
        assertThat(query("SELECT c.oid,c.*,d.description,pg_catalog.pg_get_expr(c.relpartbound, c.oid) as "
                + "partition_expr,  pg_catalog.pg_get_partkeydef(c.oid) as partition_key FROM pg_catalog.pg_class c "
                + "LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0 AND "
                + "d.classoid='pg_class'::regclass WHERE c.relnamespace=2200 AND c.relkind not in ('i','I','c') "
                + "ORDER BY relname", "relname"))
                .containsExactly("big_orders", "events", "line_items", "orders", "totals");
        assertThat(query("SELECT c.relname,a.*,pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) as def_value,"
                + "dsc.description,dep.objid FROM pg_catalog.pg_attribute a INNER JOIN pg_catalog.pg_class c ON "
                + "(a.attrelid=c.oid) LEFT OUTER JOIN pg_catalog.pg_attrdef ad ON (a.attrelid=ad.adrelid AND "
                + "a.attnum = ad.adnum) LEFT OUTER JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND "
                + "a.attnum = dsc.objsubid) LEFT OUTER JOIN pg_depend dep on dep.refobjid = a.attrelid AND "
                + "dep.deptype = 'i' and dep.refobjsubid = a.attnum and dep.classid = dep.refclassid WHERE NOT "
                + "a.attisdropped AND c.relkind not in ('i','I','c') AND c.oid='orders'::regclass ORDER BY a.attnum",
                "attname", "def_value")).containsExactly("id null", "customer null", "amount null", "placed_at null",
                "note null", "qty 1");
        assertThat(query("SELECT t.oid,t.*,c.relkind,format_type(nullif(t.typbasetype, 0), t.typtypmod) as "
                + "base_type_name, d.description FROM pg_catalog.pg_type t LEFT OUTER JOIN pg_catalog.pg_type et ON "
                + "et.oid=t.typelem LEFT OUTER JOIN pg_catalog.pg_class c ON c.oid=t.typrelid LEFT OUTER JOIN "
                + "pg_catalog.pg_description d ON t.oid=d.objoid WHERE t.typname IS NOT NULL AND (c.relkind IS NULL "
                + "OR c.relkind = 'c') AND (et.typcategory IS NULL OR et.typcategory <> 'C') AND t.oid < 30 "
                + "ORDER BY t.oid", "typname")).containsExactly("bool", "bytea", "char", "name", "int8", "int2",
                "int2vector", "int4", "regproc", "text", "oid");
        assertThat(query("SELECT current_schema(),session_user", "current_schema", "session_user"))
                .containsExactly("public rockstream");
        assertThat(query("SELECT version()", "version").get(0)).startsWith("PostgreSQL 17.0");
    }

    @Test
    void metabaseSyncQueriesAnswer() throws SQLException {
        assertThat(query("SELECT nspname, typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                + "WHERE t.oid IN (SELECT DISTINCT enumtypid FROM pg_enum e)", "typname")).isEmpty();
        assertThat(query("with table_privileges as ( select NULL as role, t.schemaname as schema, t.objectname as "
                + "table, pg_catalog.has_table_privilege(current_user, '\"' || t.schemaname || '\"' || '.' || '\"' "
                + "|| t.objectname || '\"',  'select') as select from ( select schemaname, tablename as objectname "
                + "from pg_catalog.pg_tables union select schemaname, viewname as objectname from pg_catalog.pg_views "
                + "union select schemaname, matviewname as objectname from pg_catalog.pg_matviews ) t where "
                + "t.schemaname !~ '^pg_' and t.schemaname <> 'information_schema' and "
                + "pg_catalog.has_schema_privilege(current_user, t.schemaname, 'usage')) select t.* from "
                + "table_privileges t order by 3", "table", "select"))
                .containsExactly("big_orders t", "events t", "line_items t", "orders t", "totals t");
        assertThat(query("show timezone", "timezone")).containsExactly("UTC");
    }

    @Test
    void informationSchemaAgreesWithPostgres() throws SQLException {
        String tables = "SELECT table_schema, table_name, table_type FROM information_schema.tables "
                + "WHERE table_schema = 'public' ORDER BY table_name";
        assertThat(PostgresOracle.query(rockstream, tables)).isEqualTo(PostgresOracle.query(postgres, tables));
        String columns = "SELECT table_name, column_name, ordinal_position, is_nullable, data_type, "
                + "character_maximum_length, numeric_precision, numeric_scale, udt_name "
                + "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position";
        assertThat(PostgresOracle.query(rockstream, columns).toString())
                .isEqualTo(PostgresOracle.query(postgres, columns).toString());
    }

    @Test
    void systemRelationsCannotFeedMaterializedViews() throws SQLException {
        try (Statement statement = rockstream.createStatement()) {
            assertThatThrownBy(() -> statement.execute("CREATE MATERIALIZED VIEW catalog_copy AS "
                    + "SELECT relname FROM pg_catalog.pg_class"))
                    .isInstanceOf(PSQLException.class)
                    .satisfies(error -> assertThat(((PSQLException) error).getSQLState()).isEqualTo("0A000"))
                    .hasMessageContaining("materialized views over system catalog relations are not supported");
        }
    }

    private static List<String> query(String sql, String... columns) throws SQLException {
        try (Statement statement = rockstream.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (String column : columns) {
                    values.add(result.getString(column));
                }
                rows.add(String.join(" ", values));
            }
            return rows;
        }
    }
}
