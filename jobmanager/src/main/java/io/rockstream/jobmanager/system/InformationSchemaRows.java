package io.rockstream.jobmanager.system;

import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.PgTypeOids;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeKind;
import io.rockstream.jobmanager.system.CatalogSnapshot.RelationInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of information_schema's views (see {@link SystemRelations}). As in PostgreSQL,
 * {@code tables} and {@code columns} list tables and views but not materialized views, and
 * the system schemas' own relations are listed too.
 */
final class InformationSchemaRows {
    private static final String CATALOG = "rockstream";

    private InformationSchemaRows() {
    }

    static void define() {
        SystemRelations.define("information_schema.schemata", 0, true, "catalog_name sql_identifier, "
                + "schema_name sql_identifier, schema_owner sql_identifier, default_character_set_catalog sql_identifier, "
                + "default_character_set_schema sql_identifier, default_character_set_name sql_identifier, "
                + "sql_path character_data",
                snapshot -> List.of(Row.of(CATALOG, "information_schema", "rockstream", null, null, null, null),
                        Row.of(CATALOG, "pg_catalog", "rockstream", null, null, null, null),
                        Row.of(CATALOG, "public", "pg_database_owner", null, null, null, null)));
        SystemRelations.define("information_schema.tables", 0, true, "table_catalog sql_identifier, "
                + "table_schema sql_identifier, table_name sql_identifier, table_type character_data, "
                + "self_referencing_column_name sql_identifier, reference_generation character_data, "
                + "user_defined_type_catalog sql_identifier, user_defined_type_schema sql_identifier, "
                + "user_defined_type_name sql_identifier, is_insertable_into yes_or_no, is_typed yes_or_no, "
                + "commit_action character_data", InformationSchemaRows::tables);
        SystemRelations.define("information_schema.columns", 0, true, "table_catalog sql_identifier, "
                + "table_schema sql_identifier, table_name sql_identifier, column_name sql_identifier, "
                + "ordinal_position cardinal_number, column_default character_data, is_nullable yes_or_no, "
                + "data_type character_data, character_maximum_length cardinal_number, "
                + "character_octet_length cardinal_number, numeric_precision cardinal_number, "
                + "numeric_precision_radix cardinal_number, numeric_scale cardinal_number, "
                + "datetime_precision cardinal_number, interval_type character_data, "
                + "interval_precision cardinal_number, character_set_catalog sql_identifier, "
                + "character_set_schema sql_identifier, character_set_name sql_identifier, "
                + "collation_catalog sql_identifier, collation_schema sql_identifier, collation_name sql_identifier, "
                + "domain_catalog sql_identifier, domain_schema sql_identifier, domain_name sql_identifier, "
                + "udt_catalog sql_identifier, udt_schema sql_identifier, udt_name sql_identifier, "
                + "scope_catalog sql_identifier, scope_schema sql_identifier, scope_name sql_identifier, "
                + "maximum_cardinality cardinal_number, dtd_identifier sql_identifier, is_self_referencing yes_or_no, "
                + "is_identity yes_or_no, identity_generation character_data, identity_start character_data, "
                + "identity_increment character_data, identity_maximum character_data, "
                + "identity_minimum character_data, identity_cycle yes_or_no, is_generated character_data, "
                + "generation_expression character_data, is_updatable yes_or_no", InformationSchemaRows::columns);
        SystemRelations.define("information_schema.views", 0, true, "table_catalog sql_identifier, "
                + "table_schema sql_identifier, table_name sql_identifier, view_definition character_data, "
                + "check_option character_data, is_updatable yes_or_no, is_insertable_into yes_or_no, "
                + "is_trigger_updatable yes_or_no, is_trigger_deletable yes_or_no, "
                + "is_trigger_insertable_into yes_or_no",
                snapshot -> snapshot.relations().stream().filter(r -> r.kind() == 'v').map(r -> Row.of(CATALOG,
                        r.schema(), r.name(), r.entry().definition() == null ? null : CatalogSnapshot.viewDefinition(r),
                        "NONE", "NO", "NO", "NO", "NO", "NO")).toList());
        SystemRelations.define("information_schema.table_constraints", 0, true, "constraint_catalog sql_identifier, "
                + "constraint_schema sql_identifier, constraint_name sql_identifier, table_catalog sql_identifier, "
                + "table_schema sql_identifier, table_name sql_identifier, constraint_type character_data, "
                + "is_deferrable yes_or_no, initially_deferred yes_or_no, enforced yes_or_no, nulls_distinct yes_or_no",
                snapshot -> snapshot.userRelations().stream().filter(RelationInfo::hasPrimaryKey).map(r -> Row.of(
                        CATALOG, r.schema(), r.indexName(), CATALOG, r.schema(), r.name(), "PRIMARY KEY", "NO", "NO",
                        "YES", null)).toList());
        SystemRelations.define("information_schema.key_column_usage", 0, true, "constraint_catalog sql_identifier, "
                + "constraint_schema sql_identifier, constraint_name sql_identifier, table_catalog sql_identifier, "
                + "table_schema sql_identifier, table_name sql_identifier, column_name sql_identifier, "
                + "ordinal_position cardinal_number, position_in_unique_constraint cardinal_number",
                InformationSchemaRows::keyColumns);
    }

    private static List<Row> tables(CatalogSnapshot snapshot) {
        List<Row> rows = new ArrayList<>();
        for (RelationInfo relation : snapshot.relations()) {
            char kind = relation.kind();
            if (kind == 'm') {
                continue;
            }
            boolean table = kind == 'r';
            rows.add(Row.of(CATALOG, relation.schema(), relation.name(), table ? "BASE TABLE" : "VIEW", null, null,
                    null, null, null, table && relation.namespace() == CatalogSnapshot.PUBLIC ? "YES" : "NO", "NO",
                    null));
        }
        return rows;
    }

    private static List<Row> columns(CatalogSnapshot snapshot) {
        List<Row> rows = new ArrayList<>();
        for (RelationInfo relation : snapshot.relations()) {
            if (relation.kind() == 'm') {
                continue;
            }
            List<Column> columns = relation.entry().columns();
            for (int i = 0; i < columns.size(); i++) {
                Column column = columns.get(i);
                boolean notNull = relation.namespace() == CatalogSnapshot.PUBLIC && (!column.nullable()
                        || relation.entry().primaryKey().contains(i));
                rows.add(column(relation, column, i + 1, notNull, CatalogSnapshot.defaultText(relation, i)));
            }
        }
        return rows;
    }

    private static Row column(RelationInfo relation, Column column, int position, boolean notNull, String defaultText) {
        SqlType type = column.type();
        TypeKind kind = type.kind();
        PgTypeOids.BuiltinType builtin = PgTypeOids.byOid(PgTypeOids.oid(type));
        Integer maximumLength = null;
        if ((kind == TypeKind.VARCHAR || kind == TypeKind.CHAR) && type.precision() >= 0) {
            maximumLength = type.precision();
        } else if (kind == TypeKind.CHAR) {
            maximumLength = 1;
        }
        Integer octetLength = null;
        if (kind.isText()) {
            octetLength = maximumLength == null ? 1073741824 : maximumLength * 4;
        }
        Integer precision = switch (kind) {
            case SMALLINT -> 16;
            case INTEGER -> 32;
            case BIGINT -> 64;
            case REAL -> 24;
            case DOUBLE -> 53;
            case NUMERIC -> type.precision() >= 0 ? type.precision() : null;
            default -> null;
        };
        Integer radix = kind == TypeKind.NUMERIC ? Integer.valueOf(10) : precision != null ? Integer.valueOf(2) : null;
        Integer scale = kind.isInteger() ? Integer.valueOf(0)
                : kind == TypeKind.NUMERIC && type.precision() >= 0 ? Integer.valueOf(Math.max(type.scale(), 0)) : null;
        Integer datetimePrecision = null;
        if (kind == TypeKind.DATE) {
            datetimePrecision = 0;
        } else if (kind == TypeKind.TIME || kind == TypeKind.TIMESTAMP || kind == TypeKind.TIMESTAMPTZ
                || kind == TypeKind.INTERVAL) {
            datetimePrecision = 6;
        }
        String updatable = relation.namespace() == CatalogSnapshot.PUBLIC && relation.kind() == 'r' ? "YES" : "NO";
        return Row.of(CATALOG, relation.schema(), relation.name(), column.name(), position, defaultText,
                notNull ? "NO" : "YES", kind == TypeKind.UNKNOWN ? "text" : kind.sqlName(), maximumLength,
                octetLength, precision, radix, scale, datetimePrecision, null, null, null, null, null,
                null, null, null, null, null,
                null, CATALOG, "pg_catalog", builtin.name(), null, null, null, null, Integer.toString(position), "NO",
                "NO", null, null, null, null, null, "NO", "NEVER", null, updatable);
    }

    private static List<Row> keyColumns(CatalogSnapshot snapshot) {
        List<Row> rows = new ArrayList<>();
        for (RelationInfo relation : snapshot.userRelations()) {
            if (!relation.hasPrimaryKey()) {
                continue;
            }
            List<Integer> key = relation.entry().primaryKey();
            for (int i = 0; i < key.size(); i++) {
                rows.add(Row.of(CATALOG, relation.schema(), relation.indexName(), CATALOG, relation.schema(),
                        relation.name(), relation.entry().columns().get(key.get(i)).name(), i + 1, null));
            }
        }
        return rows;
    }
}
