package io.rockstream.jobgraph.type;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PostgreSQL's built-in type OIDs, names and modifiers: the types of RockStream's SQL types
 * plus the catalog types ({@code oid}, {@code name}, {@code regclass}, arrays, ...) that
 * {@code pg_catalog} relations and {@code format_type} speak of. The numbers are
 * PostgreSQL's own (pg_type.dat), so clients that hard-code them (pgjdbc, psql) agree.
 */
public final class PgTypeOids {
    /** One row of pg_type for a built-in type. */
    public record BuiltinType(int oid, String name, String formatted, int length, char category, int element,
            int array) {
    }

    private static final Map<Integer, BuiltinType> BY_OID = new LinkedHashMap<>();

    static {
        scalar(16, "bool", "boolean", 1, 'B', 1000);
        scalar(17, "bytea", "bytea", -1, 'U', 1001);
        scalar(18, "char", "\"char\"", 1, 'Z', 1002);
        scalar(19, "name", "name", 64, 'S', 1003);
        scalar(20, "int8", "bigint", 8, 'N', 1016);
        scalar(21, "int2", "smallint", 2, 'N', 1005);
        scalar(22, "int2vector", "int2vector", -1, 'A', 1006);
        scalar(23, "int4", "integer", 4, 'N', 1007);
        scalar(24, "regproc", "regproc", 4, 'N', 1008);
        scalar(25, "text", "text", -1, 'S', 1009);
        scalar(26, "oid", "oid", 4, 'N', 1028);
        scalar(30, "oidvector", "oidvector", -1, 'A', 1013);
        scalar(194, "pg_node_tree", "pg_node_tree", -1, 'Z', 0);
        scalar(700, "float4", "real", 4, 'N', 1021);
        scalar(701, "float8", "double precision", 8, 'N', 1022);
        scalar(705, "unknown", "unknown", -2, 'X', 0);
        scalar(1033, "aclitem", "aclitem", 16, 'U', 1034);
        scalar(1042, "bpchar", "character", -1, 'S', 1014);
        scalar(1043, "varchar", "character varying", -1, 'S', 1015);
        scalar(1082, "date", "date", 4, 'D', 1182);
        scalar(1083, "time", "time without time zone", 8, 'D', 1183);
        scalar(1114, "timestamp", "timestamp without time zone", 8, 'D', 1115);
        scalar(1184, "timestamptz", "timestamp with time zone", 8, 'D', 1185);
        scalar(1186, "interval", "interval", 16, 'T', 1187);
        scalar(1700, "numeric", "numeric", -1, 'N', 1231);
        scalar(2205, "regclass", "regclass", 4, 'N', 2210);
        scalar(2206, "regtype", "regtype", 4, 'N', 2211);
        scalar(4089, "regnamespace", "regnamespace", 4, 'N', 4090);
    }

    private PgTypeOids() {
    }

    private static void scalar(int oid, String name, String formatted, int length, char category, int array) {
        BY_OID.put(oid, new BuiltinType(oid, name, formatted, length, category, 0, array));
        if (array != 0) {
            BY_OID.put(array, new BuiltinType(array, "_" + name, formatted + "[]", -1, 'A', oid, 0));
        }
    }

    /** Every built-in type, scalars each followed by its array type. */
    public static Iterable<BuiltinType> all() {
        return BY_OID.values();
    }

    /** The built-in type with this OID, or null. */
    public static BuiltinType byOid(int oid) {
        return BY_OID.get(oid);
    }

    /** The PostgreSQL type OID of a RockStream SQL type. */
    public static int oid(SqlType type) {
        return switch (type.kind()) {
            case UNKNOWN, TEXT -> 25;
            case BOOLEAN -> 16;
            case SMALLINT -> 21;
            case INTEGER -> 23;
            case BIGINT -> 20;
            case REAL -> 700;
            case DOUBLE -> 701;
            case NUMERIC -> 1700;
            case VARCHAR -> 1043;
            case CHAR -> 1042;
            case DATE -> 1082;
            case TIME -> 1083;
            case TIMESTAMP -> 1114;
            case TIMESTAMPTZ -> 1184;
            case INTERVAL -> 1186;
            case BYTEA -> 17;
        };
    }

    /** pg_attribute.atttypmod: varchar(n)/char(n) n+4, numeric(p,s) ((p<<16)|s)+4, else -1. */
    public static int modifier(SqlType type) {
        if (type.kind() == TypeKind.VARCHAR || type.kind() == TypeKind.CHAR) {
            return type.precision() >= 0 ? type.precision() + 4 : -1;
        }
        if (type.kind() == TypeKind.NUMERIC && type.precision() >= 0) {
            return ((type.precision() << 16) | Math.max(type.scale(), 0)) + 4;
        }
        return -1;
    }

    /**
     * {@code format_type(oid, typmod)}: the SQL spelling of a type with its modifier, as
     * PostgreSQL prints it; {@code ???} for an unknown OID, as PostgreSQL does.
     */
    public static String format(int oid, Integer typmod) {
        BuiltinType type = BY_OID.get(oid);
        if (type == null) {
            return "???";
        }
        int modifier = typmod == null ? -1 : typmod;
        String base = type.formatted();
        String element = type.element() != 0 ? BY_OID.get(type.element()).name() : type.name();
        String suffix = type.element() != 0 ? "[]" : "";
        String name = type.element() != 0 ? BY_OID.get(type.element()).formatted() : base;
        if (modifier >= 4) {
            switch (element) {
                case "varchar", "bpchar" -> name = name + "(" + (modifier - 4) + ")";
                case "numeric" -> name = "numeric(" + (((modifier - 4) >> 16) & 0xffff) + "," + ((modifier - 4) & 0xffff)
                        + ")";
                default -> {
                }
            }
        } else if (element.equals("bpchar") && typmod != null && modifier < 0) {
            name = "bpchar";
        }
        return name + suffix;
    }
}
