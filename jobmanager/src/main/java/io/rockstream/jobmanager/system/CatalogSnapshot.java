package io.rockstream.jobmanager.system;

import io.rockstream.compiler.catalog.CatalogLookups;
import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.compiler.catalog.RelationKind;
import io.rockstream.compiler.planner.ExprFormatter;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.type.PgTypeOids;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The catalog as pg_catalog describes it, at one moment: every relation (the users' in
 * {@code public}, the system relations in {@code pg_catalog} and {@code information_schema})
 * with its OID, and for a table with a primary key its index and constraint.
 *
 * <p>OIDs. System objects have PostgreSQL's own OIDs where PostgreSQL fixes them (pg_class
 * is 1259, {@code public} is 2200, int4 is 23) and fixed ones below 16384 otherwise. A user
 * relation's OID is derived from its name: {@code 16384 + 16 * (hash(name) mod 2^26)}, the
 * next free block of 16 on a collision (names taken in order), so it is the same after a
 * restart, whatever order the catalog is replayed in. Within the block: +0 the relation,
 * +1 its primary-key index, +2 the primary-key constraint, +3 its row type, +4 that type's
 * array type, +5 its column defaults.
 */
public final class CatalogSnapshot {
    static final int PG_CATALOG = 11;
    static final int PUBLIC = 2200;
    static final int INFORMATION_SCHEMA = 13000;
    static final int OWNER = 10;
    static final int DATABASE_OWNER = 6171;
    static final int DATABASE_OID = 5;
    static final int HEAP = 2;
    static final int BTREE = 403;
    static final int PG_CLASS = 1259;
    static final int PG_CONSTRAINT = 2606;
    static final int DEFAULT_COLLATION = 100;
    /** The input function of every array type; pgjdbc tells arrays by it. */
    static final int ARRAY_IN = 750;

    /** One relation of the snapshot. */
    record RelationInfo(int oid, int namespace, String schema, String name, RelationEntry entry) {
        char kind() {
            if (namespace != PUBLIC) {
                return SystemRelations.isView(schema + "." + name) ? 'v' : 'r';
            }
            return switch (entry.kind()) {
                case TABLE -> 'r';
                case VIEW -> 'v';
                case MATERIALIZED_VIEW -> 'm';
            };
        }

        boolean hasPrimaryKey() {
            return namespace == PUBLIC && entry.kind() == RelationKind.TABLE && !entry.primaryKey().isEmpty();
        }

        String qualifiedName() {
            return schema + "." + name;
        }

        String indexName() {
            return name + "_pkey";
        }
    }

    private final List<RelationInfo> relations = new ArrayList<>();
    private final Map<Integer, RelationInfo> byOid = new HashMap<>();
    private final Map<String, String> settings;

    private CatalogSnapshot(Collection<RelationEntry> userRelations, Map<String, String> settings) {
        this.settings = settings;
        Set<Integer> taken = new HashSet<>();
        for (RelationEntry entry : SystemRelations.entries()) {
            String[] parts = entry.name().split("\\.", 2);
            int namespace = parts[0].equals("pg_catalog") ? PG_CATALOG : INFORMATION_SCHEMA;
            int oid = SystemRelations.oid(entry.name());
            taken.add(oid);
            add(new RelationInfo(oid, namespace, parts[0], parts[1], entry));
        }
        List<RelationEntry> sorted = new ArrayList<>(userRelations);
        sorted.sort(Comparator.comparing(RelationEntry::name));
        for (RelationEntry entry : sorted) {
            int oid = userOid(entry.name());
            while (!taken.add(oid)) {
                oid += 16;
            }
            add(new RelationInfo(oid, PUBLIC, "public", entry.name(), entry));
        }
    }

    private void add(RelationInfo info) {
        relations.add(info);
        byOid.put(info.oid(), info);
    }

    /** The snapshot of these user relations; {@code settings} are the session's, for pg_settings. */
    public static CatalogSnapshot of(Collection<RelationEntry> userRelations, Map<String, String> settings) {
        return new CatalogSnapshot(userRelations, settings);
    }

    /** The OID block of a user relation named {@code name}, before collisions are resolved. */
    static int userOid(String name) {
        int hash = 0x811c9dc5;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return 16384 + 16 * ((hash & 0x7fffffff) % (1 << 26));
    }

    List<RelationInfo> relations() {
        return relations;
    }

    List<RelationInfo> userRelations() {
        return relations.stream().filter(r -> r.namespace() == PUBLIC).toList();
    }

    Map<String, String> settings() {
        return settings;
    }

    /** The PostgreSQL type OID of a column. */
    static int typeOid(Column column) {
        return PgTypeOids.oid(column.type());
    }

    /** A column's DEFAULT as pg_get_expr shows it, or null. */
    static String defaultText(RelationInfo relation, int column) {
        if (relation.namespace() != PUBLIC || relation.entry().defaults().size() <= column) {
            return null;
        }
        var expr = relation.entry().defaults().get(column);
        return expr == null ? null : ExprFormatter.format(expr);
    }

    static String indexDefinition(RelationInfo relation) {
        return "CREATE UNIQUE INDEX " + relation.indexName() + " ON " + relation.qualifiedName() + " USING btree ("
                + keyColumns(relation) + ")";
    }

    static String keyColumns(RelationInfo relation) {
        return relation.entry().primaryKey().stream().map(i -> quoteIdentifier(relation.entry().columns().get(i).name()))
                .collect(Collectors.joining(", "));
    }

    /** An identifier as PostgreSQL's quote_ident writes it. */
    static String quoteIdentifier(String name) {
        if (name.matches("[a-z_][a-z0-9_$]*")) {
            return name;
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The lookup tables catalog functions read (see {@link CatalogLookups}). */
    public Map<String, String> lookup(String table) {
        Map<String, String> result = new HashMap<>();
        switch (table) {
            case CatalogLookups.REGCLASS -> relations.forEach(r -> {
                boolean visible = r.namespace() != INFORMATION_SCHEMA;
                result.put(Integer.toString(r.oid()), visible ? quoteIdentifier(r.name())
                        : quoteIdentifier(r.schema()) + "." + quoteIdentifier(r.name()));
                if (r.hasPrimaryKey()) {
                    result.put(Integer.toString(r.oid() + 1), quoteIdentifier(r.indexName()));
                }
            });
            case CatalogLookups.REGCLASS_OID -> relations.forEach(r -> {
                String oid = Integer.toString(r.oid());
                result.put(r.schema() + "." + r.name(), oid);
                if (r.namespace() != INFORMATION_SCHEMA) {
                    result.putIfAbsent(r.name(), oid);
                }
                if (r.hasPrimaryKey()) {
                    result.put(r.indexName(), Integer.toString(r.oid() + 1));
                    result.put("public." + r.indexName(), Integer.toString(r.oid() + 1));
                }
            });
            case CatalogLookups.VISIBLE -> relations.forEach(r -> {
                if (r.namespace() != INFORMATION_SCHEMA) {
                    result.put(Integer.toString(r.oid()), "t");
                    if (r.hasPrimaryKey()) {
                        result.put(Integer.toString(r.oid() + 1), "t");
                    }
                }
            });
            case CatalogLookups.REGTYPE -> {
                for (PgTypeOids.BuiltinType type : PgTypeOids.all()) {
                    result.put(Integer.toString(type.oid()), type.formatted());
                }
                relations.forEach(r -> result.put(Integer.toString(r.oid() + 3), quoteIdentifier(r.name())));
            }
            case CatalogLookups.REGTYPE_OID -> {
                for (PgTypeOids.BuiltinType type : PgTypeOids.all()) {
                    result.put(type.name(), Integer.toString(type.oid()));
                    result.put(type.formatted(), Integer.toString(type.oid()));
                }
                result.put("int", "23");
                result.put("varchar", "1043");
                result.put("char", "1042");
                result.put("decimal", "1700");
                relations.forEach(r -> result.putIfAbsent(r.name(), Integer.toString(r.oid() + 3)));
            }
            case CatalogLookups.REGNAMESPACE -> {
                result.put(Integer.toString(PG_CATALOG), "pg_catalog");
                result.put(Integer.toString(PUBLIC), "public");
                result.put(Integer.toString(INFORMATION_SCHEMA), "information_schema");
            }
            case CatalogLookups.REGNAMESPACE_OID -> {
                result.put("pg_catalog", Integer.toString(PG_CATALOG));
                result.put("public", Integer.toString(PUBLIC));
                result.put("information_schema", Integer.toString(INFORMATION_SCHEMA));
            }
            case CatalogLookups.REGPROC -> result.put(Integer.toString(ARRAY_IN), "array_in");
            case "regproc_oid" -> {
                result.put("array_in", Integer.toString(ARRAY_IN));
                result.put("pg_catalog.array_in", Integer.toString(ARRAY_IN));
            }
            case CatalogLookups.REGROLE -> {
                result.put(Integer.toString(OWNER), "rockstream");
                result.put(Integer.toString(DATABASE_OWNER), "pg_database_owner");
            }
            case "regrole_oid" -> {
                result.put("rockstream", Integer.toString(OWNER));
                result.put("pg_database_owner", Integer.toString(DATABASE_OWNER));
            }
            case CatalogLookups.INDEXDEF -> relations.stream().filter(RelationInfo::hasPrimaryKey).forEach(r -> {
                String index = Integer.toString(r.oid() + 1);
                result.put(index, indexDefinition(r));
                result.put(index + ".0", indexDefinition(r));
                List<Integer> key = r.entry().primaryKey();
                for (int i = 0; i < key.size(); i++) {
                    result.put(index + "." + (i + 1), quoteIdentifier(r.entry().columns().get(key.get(i)).name()));
                }
            });
            case CatalogLookups.CONSTRAINTDEF -> relations.stream().filter(RelationInfo::hasPrimaryKey).forEach(r ->
                    result.put(Integer.toString(r.oid() + 2), "PRIMARY KEY (" + keyColumns(r) + ")"));
            case CatalogLookups.VIEWDEF -> relations.stream().filter(r -> r.namespace() == PUBLIC
                    && r.entry().definition() != null).forEach(r ->
                    result.put(Integer.toString(r.oid()), viewDefinition(r)));
            case CatalogLookups.RELATION_SIZE -> relations.forEach(r -> result.put(Integer.toString(r.oid()), "0"));
            default -> {
            }
        }
        return result;
    }

    /** A view's query as pg_get_viewdef prints it: on its own line, ending with a semicolon. */
    static String viewDefinition(RelationInfo relation) {
        String query = relation.entry().definition().strip();
        return " " + query + (query.endsWith(";") ? "" : ";");
    }

    RelationInfo relation(int oid) {
        return byOid.get(oid);
    }
}
