package io.rockstream.jobmanager.system;

import static io.rockstream.jobmanager.system.CatalogSnapshot.BTREE;
import static io.rockstream.jobmanager.system.CatalogSnapshot.DATABASE_OID;
import static io.rockstream.jobmanager.system.CatalogSnapshot.DATABASE_OWNER;
import static io.rockstream.jobmanager.system.CatalogSnapshot.DEFAULT_COLLATION;
import static io.rockstream.jobmanager.system.CatalogSnapshot.HEAP;
import static io.rockstream.jobmanager.system.CatalogSnapshot.INFORMATION_SCHEMA;
import static io.rockstream.jobmanager.system.CatalogSnapshot.OWNER;
import static io.rockstream.jobmanager.system.CatalogSnapshot.PG_CATALOG;
import static io.rockstream.jobmanager.system.CatalogSnapshot.PUBLIC;

import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.PgTypeOids;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeKind;
import io.rockstream.jobmanager.system.CatalogSnapshot.RelationInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The rows of pg_catalog's relations (see {@link SystemRelations}). */
final class PgCatalogRows {
    private PgCatalogRows() {
    }

    static void define() {
        SystemRelations.define("pg_catalog.pg_namespace", 2615, false, "oid oid, nspname name, nspowner oid, nspacl array",
                snapshot -> List.of(Row.of(PG_CATALOG, "pg_catalog", OWNER, null),
                        Row.of(PUBLIC, "public", DATABASE_OWNER, null),
                        Row.of(INFORMATION_SCHEMA, "information_schema", OWNER, null)));
        SystemRelations.define("pg_catalog.pg_class", 1259, false, "oid oid, relname name, relnamespace oid, reltype oid, "
                + "reloftype oid, relowner oid, relam oid, relfilenode oid, reltablespace oid, relpages int4, "
                + "reltuples float4, relallvisible int4, reltoastrelid oid, relhasindex bool, relisshared bool, "
                + "relpersistence char, relkind char, relnatts int2, relchecks int2, relhasrules bool, "
                + "relhastriggers bool, relhassubclass bool, relrowsecurity bool, relforcerowsecurity bool, "
                + "relispopulated bool, relreplident char, relispartition bool, relrewrite oid, relfrozenxid xid, "
                + "relminmxid xid, relacl array, reloptions array, relpartbound pg_node_tree", PgCatalogRows::classes);
        SystemRelations.define("pg_catalog.pg_attribute", 1249, false, "attrelid oid, attname name, atttypid oid, "
                + "attlen int2, attnum int2, attcacheoff int4, atttypmod int4, attndims int2, attbyval bool, "
                + "attalign char, attstorage char, attcompression char, attnotnull bool, atthasdef bool, "
                + "atthasmissing bool, attidentity char, attgenerated char, attisdropped bool, attislocal bool, "
                + "attinhcount int2, attstattarget int2, attcollation oid, attacl array, attoptions array, "
                + "attfdwoptions array, attmissingval array", PgCatalogRows::attributes);
        SystemRelations.define("pg_catalog.pg_type", 1247, false, "oid oid, typname name, typnamespace oid, typowner oid, "
                + "typlen int2, typbyval bool, typtype char, typcategory char, typispreferred bool, typisdefined bool, "
                + "typdelim char, typrelid oid, typsubscript regproc, typelem oid, typarray oid, typinput regproc, "
                + "typoutput regproc, typreceive regproc, typsend regproc, typmodin regproc, typmodout regproc, "
                + "typanalyze regproc, typalign char, typstorage char, typnotnull bool, typbasetype oid, typtypmod int4, "
                + "typndims int4, typcollation oid, typdefaultbin pg_node_tree, typdefault text, typacl array",
                PgCatalogRows::types);
        SystemRelations.define("pg_catalog.pg_am", 2601, false, "oid oid, amname name, amhandler regproc, amtype char",
                snapshot -> List.of(Row.of(HEAP, "heap", 3, "t"), Row.of(BTREE, "btree", 330, "i")));
        SystemRelations.define("pg_catalog.pg_attrdef", 2604, false,
                "oid oid, adrelid oid, adnum int2, adbin pg_node_tree", PgCatalogRows::defaults);
        SystemRelations.define("pg_catalog.pg_index", 2610, false, "indexrelid oid, indrelid oid, indnatts int2, "
                + "indnkeyatts int2, indisunique bool, indnullsnotdistinct bool, indisprimary bool, "
                + "indisexclusion bool, indimmediate bool, indisclustered bool, indisvalid bool, indcheckxmin bool, "
                + "indisready bool, indislive bool, indisreplident bool, indkey int2vector, indcollation oidvector, "
                + "indclass oidvector, indoption int2vector, indexprs pg_node_tree, indpred pg_node_tree",
                PgCatalogRows::indexes);
        SystemRelations.define("pg_catalog.pg_constraint", 2606, false, "oid oid, conname name, connamespace oid, "
                + "contype char, condeferrable bool, condeferred bool, convalidated bool, conrelid oid, contypid oid, "
                + "conindid oid, conparentid oid, confrelid oid, confupdtype char, confdeltype char, "
                + "confmatchtype char, conislocal bool, coninhcount int2, connoinherit bool, conkey array, "
                + "confkey array, conpfeqop array, conppeqop array, conffeqop array, confdelsetcols array, "
                + "conexclop array, conbin pg_node_tree", PgCatalogRows::constraints);
        SystemRelations.define("pg_catalog.pg_description", 2609, false,
                "objoid oid, classoid oid, objsubid int4, description text", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_shdescription", 2396, false,
                "objoid oid, classoid oid, description text", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_collation", 3456, false, "oid oid, collname name, collnamespace oid, "
                + "collowner oid, collprovider char, collisdeterministic bool, collencoding int4, collcollate text, "
                + "collctype text, colllocale text, collicurules text, collversion text",
                snapshot -> List.of(
                        Row.of(DEFAULT_COLLATION, "default", PG_CATALOG, OWNER, "d", true, -1, null, null, null, null, null),
                        Row.of(950, "C", PG_CATALOG, OWNER, "c", true, -1, "C", "C", null, null, null),
                        Row.of(951, "POSIX", PG_CATALOG, OWNER, "c", true, -1, "POSIX", "POSIX", null, null, null)));
        SystemRelations.define("pg_catalog.pg_inherits", 2611, false,
                "inhrelid oid, inhparent oid, inhseqno int4, inhdetachpending bool", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_database", 1262, false, "oid oid, datname name, datdba oid, encoding int4, "
                + "datlocprovider char, datistemplate bool, datallowconn bool, dathasloginevt bool, "
                + "datconnlimit int4, datfrozenxid xid, datminmxid xid, dattablespace oid, datcollate text, "
                + "datctype text, datlocale text, daticulocale text, daticurules text, datcollversion text, "
                + "datacl array",
                snapshot -> List.of(Row.of(DATABASE_OID, "rockstream", OWNER, 6, "c", false, true, false, -1, 0, 0,
                        1663, "C", "C", null, null, null, null, null)));
        SystemRelations.define("pg_catalog.pg_tablespace", 1213, false,
                "oid oid, spcname name, spcowner oid, spcacl array, spcoptions array",
                snapshot -> List.of(Row.of(1663, "pg_default", OWNER, null, null),
                        Row.of(1664, "pg_global", OWNER, null, null)));
        SystemRelations.define("pg_catalog.pg_roles", 0, true, "rolname name, rolsuper bool, rolinherit bool, "
                + "rolcreaterole bool, rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolconnlimit int4, "
                + "rolpassword text, rolvaliduntil timestamptz, rolbypassrls bool, rolconfig array, oid oid",
                snapshot -> List.of(
                        Row.of("rockstream", true, true, true, true, true, true, -1, "********", null, true, null, OWNER),
                        Row.of("pg_database_owner", false, true, false, false, false, false, -1, "********", null,
                                false, null, DATABASE_OWNER)));
        SystemRelations.define("pg_catalog.pg_user", 0, true, "usename name, usesysid oid, usecreatedb bool, "
                + "usesuper bool, userepl bool, usebypassrls bool, passwd text, valuntil timestamptz, useconfig array",
                snapshot -> List.of(Row.of("rockstream", OWNER, true, true, true, true, "********", null, null)));
        SystemRelations.define("pg_catalog.pg_auth_members", 1261, false, "oid oid, roleid oid, member oid, "
                + "grantor oid, admin_option bool, inherit_option bool, set_option bool", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_proc", 1255, false, "oid oid, proname name, pronamespace oid, proowner oid, "
                + "prolang oid, procost float4, prorows float4, provariadic oid, prosupport regproc, prokind char, "
                + "prosecdef bool, proleakproof bool, proisstrict bool, proretset bool, provolatile char, "
                + "proparallel char, pronargs int2, pronargdefaults int2, prorettype oid, proargtypes oidvector, "
                + "proallargtypes array, proargmodes array, proargnames array, proargdefaults pg_node_tree, "
                + "protrftypes array, prosrc text, probin text, prosqlbody pg_node_tree, proconfig array, proacl array",
                SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_settings", 0, true, "name text, setting text, unit text, category text, "
                + "short_desc text, extra_desc text, context text, vartype text, source text, min_val text, "
                + "max_val text, enumvals array, boot_val text, reset_val text, sourcefile text, sourceline int4, "
                + "pending_restart bool", PgCatalogRows::settings);
        SystemRelations.define("pg_catalog.pg_tables", 0, true, "schemaname name, tablename name, tableowner name, "
                + "tablespace name, hasindexes bool, hasrules bool, hastriggers bool, rowsecurity bool",
                snapshot -> relationsOfKind(snapshot, 'r').stream().map(r -> Row.of(r.schema(), r.name(), "rockstream",
                        null, r.hasPrimaryKey(), false, false, false)).toList());
        SystemRelations.define("pg_catalog.pg_views", 0, true,
                "schemaname name, viewname name, viewowner name, definition text",
                snapshot -> relationsOfKind(snapshot, 'v').stream().map(r -> Row.of(r.schema(), r.name(), "rockstream",
                        r.entry().definition() == null ? null : CatalogSnapshot.viewDefinition(r))).toList());
        SystemRelations.define("pg_catalog.pg_matviews", 0, true, "schemaname name, matviewname name, "
                + "matviewowner name, tablespace name, hasindexes bool, ispopulated bool, definition text",
                snapshot -> relationsOfKind(snapshot, 'm').stream().map(r -> Row.of(r.schema(), r.name(), "rockstream",
                        null, false, true, CatalogSnapshot.viewDefinition(r))).toList());
        SystemRelations.define("pg_catalog.pg_indexes", 0, true, "schemaname name, tablename name, indexname name, "
                + "tablespace name, indexdef text",
                snapshot -> snapshot.userRelations().stream().filter(RelationInfo::hasPrimaryKey).map(r -> Row.of(
                        r.schema(), r.name(), r.indexName(), null, CatalogSnapshot.indexDefinition(r))).toList());
        SystemRelations.define("pg_catalog.pg_policy", 3256, false, "oid oid, polname name, polrelid oid, polcmd char, "
                + "polpermissive bool, polroles array, polqual pg_node_tree, polwithcheck pg_node_tree",
                SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_statistic_ext", 3381, false, "oid oid, stxrelid oid, stxname name, "
                + "stxnamespace oid, stxowner oid, stxkeys int2vector, stxstattarget int2, stxkind array, "
                + "stxexprs pg_node_tree", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_publication", 6104, false, "oid oid, pubname name, pubowner oid, "
                + "puballtables bool, pubinsert bool, pubupdate bool, pubdelete bool, pubtruncate bool, "
                + "pubviaroot bool", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_publication_rel", 6106, false,
                "oid oid, prpubid oid, prrelid oid, prqual pg_node_tree, prattrs int2vector", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_publication_namespace", 6237, false,
                "oid oid, pnpubid oid, pnnspid oid", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_trigger", 2620, false, "oid oid, tgrelid oid, tgparentid oid, tgname name, "
                + "tgfoid oid, tgtype int2, tgenabled char, tgisinternal bool, tgconstrrelid oid, tgconstrindid oid, "
                + "tgconstraint oid, tgdeferrable bool, tginitdeferred bool, tgnargs int2, tgattr int2vector, "
                + "tgargs bytea, tgqual pg_node_tree, tgoldtable name, tgnewtable name", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_rewrite", 2618, false, "oid oid, rulename name, ev_class oid, "
                + "ev_type char, ev_enabled char, is_instead bool, ev_qual pg_node_tree, ev_action pg_node_tree",
                SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_depend", 2608, false, "classid oid, objid oid, objsubid int4, "
                + "refclassid oid, refobjid oid, refobjsubid int4, deptype char", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_extension", 3079, false, "oid oid, extname name, extowner oid, "
                + "extnamespace oid, extrelocatable bool, extversion text, extconfig array, extcondition array",
                SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_enum", 3501, false,
                "oid oid, enumtypid oid, enumsortorder float4, enumlabel name", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_sequence", 2224, false, "seqrelid oid, seqtypid oid, seqstart int8, "
                + "seqincrement int8, seqmax int8, seqmin int8, seqcache int8, seqcycle bool", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_foreign_table", 3118, false,
                "ftrelid oid, ftserver oid, ftoptions array", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_partitioned_table", 3350, false, "partrelid oid, partstrat char, "
                + "partnatts int2, partdefid oid, partattrs int2vector, partclass oidvector, "
                + "partcollation oidvector, partexprs pg_node_tree", SystemRelations::none);
        SystemRelations.define("pg_catalog.pg_event_trigger", 3466, false, "oid oid, evtname name, evtevent name, "
                + "evtowner oid, evtfoid oid, evtenabled char, evttags array", SystemRelations::none);
        SystemRelations.define("pg_catalog.rockstream_integers", 0, true, "n int4", snapshot -> {
            List<Row> rows = new ArrayList<>();
            for (int n = 0; n <= 1599; n++) {
                rows.add(Row.of(n));
            }
            return rows;
        });
    }

    private static List<RelationInfo> relationsOfKind(CatalogSnapshot snapshot, char kind) {
        return snapshot.userRelations().stream().filter(r -> r.kind() == kind).toList();
    }

    private static List<Row> classes(CatalogSnapshot snapshot) {
        List<Row> rows = new ArrayList<>();
        for (RelationInfo relation : snapshot.relations()) {
            char kind = relation.kind();
            int am = kind == 'v' ? 0 : HEAP;
            rows.add(Row.of(relation.oid(), relation.name(), relation.namespace(), relation.oid() + 3, 0, OWNER, am,
                    kind == 'v' ? 0 : relation.oid(), 0, 0, -1f, 0, 0, relation.hasPrimaryKey(), false, "p",
                    String.valueOf(kind), (short) relation.entry().columns().size(), (short) 0, false, false, false,
                    false, false, true, kind == 'v' ? "n" : "d", false, 0, 0, 0, null, null, null));
            if (relation.hasPrimaryKey()) {
                rows.add(Row.of(relation.oid() + 1, relation.indexName(), relation.namespace(), 0, 0, OWNER, BTREE,
                        relation.oid() + 1, 0, 1, 0f, 0, 0, false, false, "p", "i",
                        (short) relation.entry().primaryKey().size(), (short) 0, false, false, false, false, false, true,
                        "n", false, 0, 0, 0, null, null, null));
            }
        }
        return rows;
    }

    private static List<Row> attributes(CatalogSnapshot snapshot) {
        List<Row> rows = new ArrayList<>();
        for (RelationInfo relation : snapshot.relations()) {
            List<Column> columns = relation.entry().columns();
            for (int i = 0; i < columns.size(); i++) {
                Column column = columns.get(i);
                boolean notNull = relation.namespace() == PUBLIC && (!column.nullable()
                        || relation.entry().primaryKey().contains(i));
                rows.add(attribute(relation.oid(), column, i + 1, notNull,
                        CatalogSnapshot.defaultText(relation, i) != null));
            }
            if (relation.hasPrimaryKey()) {
                List<Integer> key = relation.entry().primaryKey();
                for (int i = 0; i < key.size(); i++) {
                    rows.add(attribute(relation.oid() + 1, columns.get(key.get(i)), i + 1, false, false));
                }
            }
        }
        return rows;
    }

    private static Row attribute(int relation, Column column, int number, boolean notNull, boolean hasDefault) {
        SqlType type = column.type();
        int typeOid = PgTypeOids.oid(type);
        PgTypeOids.BuiltinType builtin = PgTypeOids.byOid(typeOid);
        return Row.of(relation, column.name(), typeOid, (short) builtin.length(), (short) number, -1,
                PgTypeOids.modifier(type), (short) 0, builtin.length() > 0 && builtin.length() <= 8, align(builtin),
                storage(type.kind()), "", notNull, hasDefault, false, "", "", false, true, (short) 0, null,
                type.kind().isText() ? DEFAULT_COLLATION : 0, null, null, null, null);
    }

    private static String align(PgTypeOids.BuiltinType type) {
        return switch (type.length()) {
            case 1 -> "c";
            case 2 -> "s";
            case 4 -> "i";
            case 8 -> "d";
            default -> type.category() == 'N' || type.category() == 'T' ? "d" : "i";
        };
    }

    private static String storage(TypeKind kind) {
        return switch (kind) {
            case NUMERIC -> "m";
            case UNKNOWN, TEXT, VARCHAR, CHAR, BYTEA -> "x";
            case BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL -> "p";
        };
    }

    private static List<Row> types(CatalogSnapshot snapshot) {
        List<Row> rows = new ArrayList<>();
        for (PgTypeOids.BuiltinType type : PgTypeOids.all()) {
            char category = type.category();
            boolean text = type.name().equals("text") || type.name().equals("varchar") || type.name().equals("bpchar")
                    || type.name().equals("name");
            rows.add(Row.of(type.oid(), type.name(), PG_CATALOG, OWNER, (short) type.length(),
                    type.length() > 0 && type.length() <= 8, "b", String.valueOf(category),
                    type.name().equals("text") || type.name().equals("float8") || type.name().equals("bool")
                            || type.name().equals("timestamptz") || type.name().equals("interval")
                            || type.name().equals("oid"),
                    true, ",", 0, 0, type.element(), type.array(),
                    type.element() != 0 ? CatalogSnapshot.ARRAY_IN : 0, 0, 0, 0, 0, 0, 0,
                    type.length() == 8 ? "d" : type.length() == 2 ? "s" : type.length() == 1 ? "c" : "i",
                    type.length() > 0 ? "p" : "x", false, 0, -1, 0, text ? DEFAULT_COLLATION : 0, null, null, null));
        }
        for (RelationInfo relation : snapshot.relations()) {
            rows.add(Row.of(relation.oid() + 3, relation.name(), relation.namespace(), OWNER, (short) -1, false, "c",
                    "C", false, true, ",", relation.oid(), 0, 0, relation.oid() + 4, 0, 0, 0, 0, 0, 0, 0, "d", "x",
                    false, 0, -1, 0, 0, null, null, null));
            rows.add(Row.of(relation.oid() + 4, "_" + relation.name(), relation.namespace(), OWNER, (short) -1, false,
                    "b", "A", false, true, ",", 0, 0, relation.oid() + 3, 0, 0, 0, 0, 0, 0, 0, 0, "d", "x", false, 0, -1,
                    0, 0, null, null, null));
        }
        return rows;
    }

    private static List<Row> defaults(CatalogSnapshot snapshot) {
        List<Row> rows = new ArrayList<>();
        for (RelationInfo relation : snapshot.userRelations()) {
            for (int i = 0; i < relation.entry().columns().size(); i++) {
                String text = CatalogSnapshot.defaultText(relation, i);
                if (text != null) {
                    rows.add(Row.of(relation.oid() + 5, relation.oid(), (short) (i + 1), text));
                }
            }
        }
        return rows;
    }

    private static List<Row> indexes(CatalogSnapshot snapshot) {
        List<Row> rows = new ArrayList<>();
        for (RelationInfo relation : snapshot.userRelations()) {
            if (!relation.hasPrimaryKey()) {
                continue;
            }
            List<Integer> key = relation.entry().primaryKey();
            String columns = key.stream().map(i -> Integer.toString(i + 1)).collect(Collectors.joining(" "));
            String zeros = key.stream().map(i -> "0").collect(Collectors.joining(" "));
            rows.add(Row.of(relation.oid() + 1, relation.oid(), (short) key.size(), (short) key.size(), true, false,
                    true, false, true, false, true, false, true, true, false, columns, zeros, zeros, zeros, null, null));
        }
        return rows;
    }

    private static List<Row> constraints(CatalogSnapshot snapshot) {
        List<Row> rows = new ArrayList<>();
        for (RelationInfo relation : snapshot.userRelations()) {
            if (!relation.hasPrimaryKey()) {
                continue;
            }
            String key = relation.entry().primaryKey().stream().map(i -> Integer.toString(i + 1))
                    .collect(Collectors.joining(",", "{", "}"));
            rows.add(Row.of(relation.oid() + 2, relation.indexName(), PUBLIC, "p", false, false, true, relation.oid(), 0,
                    relation.oid() + 1, 0, 0, " ", " ", " ", true, (short) 0, true, key, null, null, null, null, null,
                    null, null));
        }
        return rows;
    }

    /** Read-only server settings clients look up (pgjdbc reads max_index_keys). */
    private static final Map<String, String> PRESET = Map.of("max_index_keys", "32", "max_identifier_length", "63",
            "server_version_num", "170000", "block_size", "8192", "max_function_args", "100");

    private static List<Row> settings(CatalogSnapshot snapshot) {
        Map<String, String> all = new java.util.TreeMap<>(PRESET);
        all.putAll(snapshot.settings());
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, String> setting : all.entrySet()) {
            rows.add(Row.of(setting.getKey(), setting.getValue(), null, "Client Connection Defaults", "", null, "user",
                    "string", "default", null, null, null, setting.getValue(), setting.getValue(), null, null, false));
        }
        return rows;
    }
}
