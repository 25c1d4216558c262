package io.rockstream.taskmanager.expr;

import io.rockstream.jobgraph.type.Bytes;
import io.rockstream.jobgraph.type.Interval;
import io.rockstream.jobgraph.type.TypeKind;
import io.rockstream.jobgraph.type.Values;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Comparator;

/**
 * SQL ordering of non-null values of one type, as PostgreSQL's btree operators: text in C
 * collation, {@code char(n)} ignoring trailing spaces, floats with NaN above everything and
 * {@code -0 = 0}, numeric ignoring scale, intervals by their 30-day-month span.
 */
final class Comparisons {
    private Comparisons() {
    }

    static Comparator<Object> of(TypeKind kind) {
        return switch (kind) {
            case BOOLEAN -> (a, b) -> Boolean.compare((Boolean) a, (Boolean) b);
            case SMALLINT -> (a, b) -> Short.compare((Short) a, (Short) b);
            case INTEGER -> (a, b) -> Integer.compare((Integer) a, (Integer) b);
            case BIGINT -> (a, b) -> Long.compare((Long) a, (Long) b);
            case NUMERIC -> (a, b) -> ((BigDecimal) a).compareTo((BigDecimal) b);
            case REAL -> (a, b) -> Values.compareDouble((Float) a, (Float) b);
            case DOUBLE -> (a, b) -> Values.compareDouble((Double) a, (Double) b);
            case UNKNOWN, TEXT, VARCHAR -> (a, b) -> Values.compareText((String) a, (String) b);
            case CHAR -> (a, b) -> Values.compareText(Strings.rtrimSpaces((String) a), Strings.rtrimSpaces((String) b));
            case DATE -> (a, b) -> ((LocalDate) a).compareTo((LocalDate) b);
            case TIME -> (a, b) -> ((LocalTime) a).compareTo((LocalTime) b);
            case TIMESTAMP -> (a, b) -> ((LocalDateTime) a).compareTo((LocalDateTime) b);
            case TIMESTAMPTZ -> (a, b) -> ((Instant) a).compareTo((Instant) b);
            case INTERVAL -> (a, b) -> ((Interval) a).compareTo((Interval) b);
            case BYTEA -> (a, b) -> ((Bytes) a).compareTo((Bytes) b);
        };
    }

    /** Registers {@code = <> < <= > >=} for every type. */
    static void register(Implementations registry) {
        for (TypeKind kind : TypeKind.values()) {
            Comparator<Object> order = of(kind);
            registry.add("=", (Fn.Fn2) (a, b) -> order.compare(a, b) == 0, kind, kind);
            registry.add("<>", (Fn.Fn2) (a, b) -> order.compare(a, b) != 0, kind, kind);
            registry.add("<", (Fn.Fn2) (a, b) -> order.compare(a, b) < 0, kind, kind);
            registry.add("<=", (Fn.Fn2) (a, b) -> order.compare(a, b) <= 0, kind, kind);
            registry.add(">", (Fn.Fn2) (a, b) -> order.compare(a, b) > 0, kind, kind);
            registry.add(">=", (Fn.Fn2) (a, b) -> order.compare(a, b) >= 0, kind, kind);
        }
    }
}
