package io.rockstream.jobgraph.type;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;

/**
 * The canonical, lossless text form of a value, used by the job graph's JSON. Not the
 * PostgreSQL output format (that is the taskmanager's {@code PgText}): this one only has to
 * round-trip exactly.
 */
public final class ValueCodec {
    private ValueCodec() {
    }

    public static String encode(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Interval interval) {
            return interval.months() + ":" + interval.days() + ":" + interval.micros();
        }
        if (value instanceof Bytes bytes) {
            return HexFormat.of().formatHex(bytes.toByteArray());
        }
        if (value instanceof Float f) {
            return Float.toString(f);
        }
        if (value instanceof Double d) {
            return Double.toString(d);
        }
        return value.toString();
    }

    public static Object decode(String text, TypeKind kind) {
        if (text == null) {
            return null;
        }
        return switch (kind) {
            case UNKNOWN, TEXT, VARCHAR, CHAR -> text;
            case BOOLEAN -> Boolean.valueOf(text);
            case SMALLINT -> Short.valueOf(text);
            case INTEGER -> Integer.valueOf(text);
            case BIGINT -> Long.valueOf(text);
            case REAL -> Float.valueOf(text);
            case DOUBLE -> Double.valueOf(text);
            case NUMERIC -> new BigDecimal(text);
            case DATE -> LocalDate.parse(text);
            case TIME -> LocalTime.parse(text);
            case TIMESTAMP -> LocalDateTime.parse(text);
            case TIMESTAMPTZ -> Instant.parse(text);
            case INTERVAL -> {
                String[] parts = text.split(":");
                yield new Interval(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
            }
            case BYTEA -> Bytes.wrap(HexFormat.of().parseHex(text));
        };
    }
}
