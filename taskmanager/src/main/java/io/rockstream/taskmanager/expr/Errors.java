package io.rockstream.taskmanager.expr;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;

/** The data errors expression evaluation raises, with PostgreSQL's SQLSTATEs and messages. */
final class Errors {
    private Errors() {
    }

    static RockStreamException outOfRange(String typeName) {
        return RockStreamException.of(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, typeName + " out of range");
    }

    static RockStreamException numericOverflow() {
        return RockStreamException.of(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
    }

    static RockStreamException divisionByZero() {
        return RockStreamException.of(ErrorCode.DIVISION_BY_ZERO, "division by zero");
    }

    static RockStreamException floatOverflow() {
        return RockStreamException.of(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
    }

    static RockStreamException floatUnderflow() {
        return RockStreamException.of(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow");
    }

    static RockStreamException invalidSyntax(String typeName, String text) {
        return RockStreamException.of(ErrorCode.INVALID_TEXT_REPRESENTATION,
                "invalid input syntax for type " + typeName + ": \"" + text + "\"");
    }

    static RockStreamException invalidDateTime(String typeName, String text) {
        return RockStreamException.of(ErrorCode.INVALID_DATETIME_FORMAT,
                "invalid input syntax for type " + typeName + ": \"" + text + "\"");
    }

    static RockStreamException fieldOutOfRange(String text) {
        return RockStreamException.of(ErrorCode.DATETIME_FIELD_OVERFLOW,
                "date/time field value out of range: \"" + text + "\"");
    }

    static RockStreamException timestampOutOfRange() {
        return RockStreamException.of(ErrorCode.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
    }

    static RockStreamException dateOutOfRange() {
        return RockStreamException.of(ErrorCode.DATETIME_FIELD_OVERFLOW, "date out of range");
    }

    static RockStreamException intervalOutOfRange() {
        return RockStreamException.of(ErrorCode.DATETIME_FIELD_OVERFLOW, "interval out of range");
    }

    static RockStreamException invalidParameter(String message) {
        return RockStreamException.of(ErrorCode.INVALID_PARAMETER_VALUE, message);
    }
}
