package io.rockstream.jobgraph.error;

/**
 * Every error RockStream reports, with its PostgreSQL SQLSTATE and category. Error codes
 * are data: the gateway and the shell read the SQLSTATE from here, never from the type
 * of an exception.
 */
public enum ErrorCode {
    SYNTAX_ERROR("42601", Category.USER),
    UNDEFINED_TABLE("42P01", Category.USER),
    UNDEFINED_COLUMN("42703", Category.USER),
    UNDEFINED_FUNCTION("42883", Category.USER),
    UNDEFINED_OBJECT("42704", Category.USER),
    UNDEFINED_SCHEMA("3F000", Category.USER),
    DATATYPE_MISMATCH("42804", Category.USER),
    AMBIGUOUS_COLUMN("42702", Category.USER),
    AMBIGUOUS_FUNCTION("42725", Category.USER),
    GROUPING_ERROR("42803", Category.USER),
    DUPLICATE_TABLE("42P07", Category.USER),
    DUPLICATE_COLUMN("42701", Category.USER),
    DUPLICATE_ALIAS("42712", Category.USER),
    WRONG_OBJECT_TYPE("42809", Category.USER),
    INVALID_COLUMN_REFERENCE("42P10", Category.USER),
    INVALID_TABLE_DEFINITION("42P16", Category.USER),
    INDETERMINATE_DATATYPE("42P18", Category.USER),
    UNDEFINED_PARAMETER("42P02", Category.USER),
    CANNOT_COERCE("42846", Category.USER),
    WINDOWING_ERROR("42P20", Category.USER),
    DEPENDENT_OBJECTS_STILL_EXIST("2BP01", Category.USER),
    FEATURE_NOT_SUPPORTED("0A000", Category.USER),
    DATA_EXCEPTION("22000", Category.USER),
    STRING_DATA_RIGHT_TRUNCATION("22001", Category.USER),
    NUMERIC_VALUE_OUT_OF_RANGE("22003", Category.USER),
    NULL_VALUE_NOT_ALLOWED("22004", Category.USER),
    INVALID_DATETIME_FORMAT("22007", Category.USER),
    DATETIME_FIELD_OVERFLOW("22008", Category.USER),
    SUBSTRING_ERROR("22011", Category.USER),
    DIVISION_BY_ZERO("22012", Category.USER),
    INVALID_PRECEDING_OR_FOLLOWING_SIZE("22013", Category.USER),
    INVALID_ARGUMENT_FOR_NTILE("22014", Category.USER),
    INVALID_ARGUMENT_FOR_NTH_VALUE("22016", Category.USER),
    INVALID_ARGUMENT_FOR_LOGARITHM("2201E", Category.USER),
    INVALID_ARGUMENT_FOR_POWER_FUNCTION("2201F", Category.USER),
    INVALID_ROW_COUNT_IN_LIMIT("2201W", Category.USER),
    INVALID_ROW_COUNT_IN_RESULT_OFFSET("2201X", Category.USER),
    INVALID_REGULAR_EXPRESSION("2201B", Category.USER),
    INVALID_ESCAPE_SEQUENCE("22025", Category.USER),
    INVALID_PARAMETER_VALUE("22023", Category.USER),
    CHARACTER_NOT_IN_REPERTOIRE("22021", Category.USER),
    INVALID_TEXT_REPRESENTATION("22P02", Category.USER),
    INVALID_BINARY_REPRESENTATION("22P03", Category.USER),
    BAD_COPY_FILE_FORMAT("22P04", Category.USER),
    NO_ACTIVE_SQL_TRANSACTION("25P01", Category.USER),
    INVALID_CURSOR_NAME("34000", Category.USER),
    DUPLICATE_CURSOR("42P03", Category.USER),
    OBJECT_NOT_IN_PREREQUISITE_STATE("55000", Category.USER),
    OBJECT_IN_USE("55006", Category.USER),
    PROTOCOL_VIOLATION("08P01", Category.USER),
    INVALID_AUTHORIZATION_SPECIFICATION("28000", Category.USER),
    PROGRAM_LIMIT_EXCEEDED("54000", Category.USER),
    CARDINALITY_VIOLATION("21000", Category.USER),
    NOT_NULL_VIOLATION("23502", Category.USER),
    UNIQUE_VIOLATION("23505", Category.USER),
    INVALID_TRANSACTION_STATE("25000", Category.USER),
    SERIALIZATION_FAILURE("40001", Category.USER),
    IN_FAILED_SQL_TRANSACTION("25P02", Category.USER),
    QUERY_CANCELED("57014", Category.USER),
    INSUFFICIENT_RESOURCES("53000", Category.RESOURCE),
    OUT_OF_MEMORY("53200", Category.RESOURCE),
    DISK_FULL("53100", Category.RESOURCE),
    IO_ERROR("58030", Category.RESOURCE),
    /** Durable data (a checkpoint file, a log record) failed its checks. */
    DATA_CORRUPTED("XX001", Category.INTERNAL),
    /** An object the durable state refers to is missing. */
    UNDEFINED_FILE("58P01", Category.RESOURCE),
    INTERNAL_ERROR("XX000", Category.INTERNAL);

    /** Who has to act on the error. */
    public enum Category {
        /** The statement or its data is wrong; the user fixes it. */
        USER,
        /** A limit or an outside resource failed; retry or add capacity. */
        RESOURCE,
        /** A RockStream bug; logged once with its stack trace. */
        INTERNAL
    }

    private final String sqlState;
    private final Category category;

    ErrorCode(String sqlState, Category category) {
        this.sqlState = sqlState;
        this.category = category;
    }

    public String sqlState() {
        return sqlState;
    }

    public Category category() {
        return category;
    }
}
