package io.rockstream.it;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Compares query results of RockStream and PostgreSQL as multisets of rows, by value:
 * integers and numerics by numeric value (numerics within a relative 1e-12, for avg and
 * variance whose digit counts differ), doubles within a relative 1e-9, text exactly.
 */
final class OracleValues {
    static final BigDecimal NUMERIC_TOLERANCE = new BigDecimal("1e-12");
    static final double DOUBLE_TOLERANCE = 1e-9;

    private OracleValues() {
    }

    /** JDBC's classes to the engine's ({@link java.sql.Date} becomes {@link LocalDate}, ...). */
    static Object fromJdbc(Object value) {
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.sql.Time time) {
            return time.toLocalTime();
        }
        if (value == null || value instanceof Number || value instanceof String || value instanceof Boolean
                || value instanceof java.time.temporal.Temporal) {
            return value;
        }
        return value.toString();
    }

    /** One representation per value: exact numbers as BigDecimal, floats as Double. */
    static Object normalize(Object value) {
        value = fromJdbc(value);
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Float number) {
            return number.doubleValue();
        }
        return value;
    }

    static List<Object> normalizeRow(List<?> row) {
        List<Object> normalized = new ArrayList<>(row.size());
        for (Object value : row) {
            normalized.add(normalize(value));
        }
        return normalized;
    }

    static boolean equal(Object left, Object right) {
        if (left == null || right == null) {
            return left == right;
        }
        if (left instanceof Number && right instanceof Number) {
            if (left instanceof Double || right instanceof Double) {
                double a = ((Number) left).doubleValue();
                double b = ((Number) right).doubleValue();
                if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
                    return Double.compare(a, b) == 0;
                }
                double scale = Math.max(Math.abs(a), Math.abs(b));
                return Math.abs(a - b) <= Math.max(DOUBLE_TOLERANCE * scale, 1e-12);
            }
            BigDecimal a = (BigDecimal) left;
            BigDecimal b = (BigDecimal) right;
            if (a.compareTo(b) == 0) {
                return true;
            }
            BigDecimal scale = a.abs().max(b.abs());
            return a.subtract(b).abs().compareTo(scale.multiply(NUMERIC_TOLERANCE, MathContext.DECIMAL64)) <= 0;
        }
        return left.equals(right);
    }

    static boolean rowsEqual(List<Object> left, List<Object> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            if (!equal(left.get(i), right.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** A total order for sorting rows before matching: NULLs last, numbers by value. */
    static final Comparator<List<Object>> ROW_ORDER = (left, right) -> {
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int order = compare(left.get(i), right.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
    };

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object left, Object right) {
        if (left == null || right == null) {
            return left == null ? (right == null ? 0 : 1) : -1;
        }
        if (left instanceof Number && right instanceof Number) {
            return Double.compare(((Number) left).doubleValue(), ((Number) right).doubleValue());
        }
        if (left.getClass() == right.getClass() && left instanceof Comparable) {
            return ((Comparable) left).compareTo(right);
        }
        return left.getClass().getName().compareTo(right.getClass().getName());
    }

    /** The rows {@code expected} has and {@code actual} lacks, and the other way round. */
    static Diff diff(List<List<Object>> expected, List<List<Object>> actual) {
        List<List<Object>> left = new ArrayList<>(expected);
        List<List<Object>> right = new ArrayList<>(actual);
        left.sort(ROW_ORDER);
        right.sort(ROW_ORDER);
        if (left.size() == right.size()) {
            boolean same = true;
            for (int i = 0; i < left.size() && same; i++) {
                same = rowsEqual(left.get(i), right.get(i));
            }
            if (same) {
                return new Diff(List.of(), List.of());
            }
        }
        // tolerant values can sort differently, so match greedily
        boolean[] matched = new boolean[right.size()];
        List<List<Object>> missing = new ArrayList<>();
        for (List<Object> row : left) {
            boolean found = false;
            for (int j = 0; j < right.size() && !found; j++) {
                if (!matched[j] && rowsEqual(row, right.get(j))) {
                    matched[j] = true;
                    found = true;
                }
            }
            if (!found) {
                missing.add(row);
            }
        }
        List<List<Object>> extra = new ArrayList<>();
        for (int j = 0; j < right.size(); j++) {
            if (!matched[j]) {
                extra.add(right.get(j));
            }
        }
        return new Diff(missing, extra);
    }

    record Diff(List<List<Object>> missing, List<List<Object>> extra) {
        boolean isEmpty() {
            return missing.isEmpty() && extra.isEmpty();
        }

        String describe(int limit) {
            return "missing " + missing.size() + " rows " + show(missing, limit) + "\n    extra " + extra.size()
                    + " rows " + show(extra, limit);
        }

        private static String show(List<List<Object>> rows, int limit) {
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < Math.min(limit, rows.size()); i++) {
                shown.add(Arrays.toString(rows.get(i).stream()
                        .map(v -> v == null ? "null" : v + ":" + v.getClass().getSimpleName()).toArray()));
            }
            return shown + (rows.size() > limit ? " ..." : "");
        }
    }
}
