package io.rockstream.compiler.catalog;

/**
 * The names of the lookup tables a {@link CatalogReader} offers to catalog functions, keyed
 * by an object's OID in decimal text unless said otherwise.
 */
public final class CatalogLookups {
    /** Relation OID → its name as {@code regclass} prints it (qualified when not visible). */
    public static final String REGCLASS = "regclass";
    /** Relation name (bare when visible, or {@code schema.name}) → OID. */
    public static final String REGCLASS_OID = "regclass_oid";
    /** Type OID → its name as {@code regtype} prints it. */
    public static final String REGTYPE = "regtype";
    /** Type name ({@code integer}, {@code int4}, ...) → OID. */
    public static final String REGTYPE_OID = "regtype_oid";
    /** Namespace OID → name. */
    public static final String REGNAMESPACE = "regnamespace";
    /** Namespace name → OID. */
    public static final String REGNAMESPACE_OID = "regnamespace_oid";
    /** Function OID → name. */
    public static final String REGPROC = "regproc";
    /** Role OID → name. */
    public static final String REGROLE = "regrole";
    /** Relation OID → {@code t} when the relation's schema is on the search path. */
    public static final String VISIBLE = "visible";
    /** Index OID → {@code CREATE ... INDEX} statement. */
    public static final String INDEXDEF = "indexdef";
    /** Constraint OID → its definition ({@code PRIMARY KEY (id)}). */
    public static final String CONSTRAINTDEF = "constraintdef";
    /** View OID → its query. */
    public static final String VIEWDEF = "viewdef";
    /** Function OID → result type. */
    public static final String FUNCTION_RESULT = "function_result";
    /** Function OID → argument list. */
    public static final String FUNCTION_ARGUMENTS = "function_arguments";
    /** Relation OID → size in bytes. */
    public static final String RELATION_SIZE = "relation_size";

    private CatalogLookups() {
    }

    /** Whether a relation name is one of the system schemas' (read at query time, never maintained). */
    public static boolean isSystemRelation(String name) {
        return name.startsWith("pg_catalog.") || name.startsWith("information_schema.");
    }
}
