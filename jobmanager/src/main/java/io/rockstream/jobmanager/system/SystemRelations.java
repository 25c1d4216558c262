package io.rockstream.jobmanager.system;

import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.compiler.catalog.RelationKind;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.SqlType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The relations of {@code pg_catalog} and {@code information_schema}: their columns
 * (PostgreSQL's, in PostgreSQL's order) and how their rows follow from a
 * {@link CatalogSnapshot}. They are computed when a query reads them.
 *
 * <p>Column types map PostgreSQL's catalog types onto RockStream's: {@code oid},
 * {@code regproc} and {@code xid} are integers, {@code name}, {@code "char"},
 * {@code pg_node_tree} and every array or vector type are text (arrays in their text form,
 * {@code {a,b}}; vectors space-separated, {@code 1 2}).
 */
public final class SystemRelations {
    /** One system relation. */
    private record Definition(RelationEntry entry, int oid, boolean view, Function<CatalogSnapshot, List<Row>> rows) {
    }

    private static final Map<String, Definition> DEFINITIONS = new LinkedHashMap<>();
    private static int nextOid = 12000;

    static {
        PgCatalogRows.define();
        InformationSchemaRows.define();
    }

    private SystemRelations() {
    }

    /**
     * Declares a system relation. {@code columns} is {@code "name type, ..."} with PostgreSQL's
     * type names; {@code oid} 0 takes the next fixed OID.
     */
    static void define(String name, int oid, boolean view, String columns, Function<CatalogSnapshot, List<Row>> rows) {
        List<Column> parsed = new ArrayList<>();
        for (String column : columns.split(",")) {
            String[] parts = column.trim().split("\\s+");
            parsed.add(new Column(parts[0], type(parts[1]), true));
        }
        List<io.rockstream.jobgraph.expr.Expr> defaults = new ArrayList<>();
        parsed.forEach(c -> defaults.add(null));
        RelationEntry entry = new RelationEntry(name, RelationKind.TABLE, parsed, List.of(), defaults, null);
        DEFINITIONS.put(name, new Definition(entry, oid == 0 ? nextOid++ : oid, view, rows));
    }

    private static SqlType type(String name) {
        return switch (name) {
            case "oid", "regproc", "xid", "int4", "cardinal_number" -> SqlType.INTEGER;
            case "int2" -> SqlType.SMALLINT;
            case "int8" -> SqlType.BIGINT;
            case "float4" -> SqlType.REAL;
            case "float8" -> SqlType.DOUBLE;
            case "bool" -> SqlType.BOOLEAN;
            case "timestamptz" -> SqlType.TIMESTAMPTZ;
            case "name", "char", "text", "pg_node_tree", "int2vector", "oidvector", "array", "sql_identifier",
                    "character_data", "yes_or_no", "bytea" -> SqlType.TEXT;
            default -> throw new IllegalArgumentException("no catalog type " + name);
        };
    }

    /** Every system relation, as the binder sees it ({@code schema.name}). */
    public static Collection<RelationEntry> entries() {
        return DEFINITIONS.values().stream().map(Definition::entry).toList();
    }

    /** The system relation named {@code schema.name}. */
    public static Optional<RelationEntry> relation(String name) {
        Definition definition = DEFINITIONS.get(name);
        return definition == null ? Optional.empty() : Optional.of(definition.entry());
    }

    /** The rows of system relation {@code name} in {@code snapshot}. */
    public static List<Row> rows(String name, CatalogSnapshot snapshot) {
        return DEFINITIONS.get(name).rows().apply(snapshot);
    }

    static int oid(String name) {
        return DEFINITIONS.get(name).oid();
    }

    /** Whether PostgreSQL defines this system relation as a view (pg_roles) rather than a table (pg_class). */
    static boolean isView(String name) {
        Definition definition = DEFINITIONS.get(name);
        return definition != null && definition.view();
    }

    /** No rows: the catalog has no objects of this kind (policies, triggers, publications, ...). */
    static List<Row> none(CatalogSnapshot snapshot) {
        return List.of();
    }
}
