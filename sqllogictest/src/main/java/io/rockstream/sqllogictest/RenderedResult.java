package io.rockstream.sqllogictest;

import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.StatementResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A query result rendered to strings by the record's column types, in the engine's row order. */
public record RenderedResult(List<List<String>> rows) {
    public RenderedResult {
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            copy.add(List.copyOf(row));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /**
     * Renders {@code result} with one type character per column.
     *
     * @throws IllegalArgumentException when the column count differs from {@code types}
     */
    public static RenderedResult render(StatementResult.Rows result, String types) {
        List<Column> columns = result.columns();
        if (columns.size() != types.length()) {
            throw new IllegalArgumentException("expected " + types.length() + " columns (" + types
                    + ") but the query returned " + columns.size());
        }
        List<List<String>> rendered = new ArrayList<>(result.rows().size());
        for (Row row : result.rows()) {
            List<String> values = new ArrayList<>(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                values.add(ValueRenderer.render(row.get(i), types.charAt(i), columns.get(i).type()));
            }
            rendered.add(values);
        }
        return new RenderedResult(rendered);
    }

    /** The values in row-major order after applying {@code sortMode}. */
    public List<String> values(SortMode sortMode) {
        List<List<String>> ordered = rows;
        if (sortMode == SortMode.ROWSORT) {
            ordered = new ArrayList<>(rows);
            ordered.sort(RenderedResult::compareRows);
        }
        List<String> values = new ArrayList<>();
        for (List<String> row : ordered) {
            values.addAll(row);
        }
        if (sortMode == SortMode.VALUESORT) {
            Collections.sort(values);
        }
        return values;
    }

    /** MD5 (lowercase hex) over the values, each followed by a newline. */
    public static String md5(List<String> values) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            for (String value : values) {
                digest.update(value.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    /** Rows of {@code expected} this result lacks, and rows it has in excess (multiset difference). */
    public static Diff diff(RenderedResult expected, RenderedResult actual) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (List<String> row : expected.rows) {
            counts.merge(row, 1, Integer::sum);
        }
        for (List<String> row : actual.rows) {
            counts.merge(row, -1, Integer::sum);
        }
        List<List<String>> missing = new ArrayList<>();
        List<List<String>> extra = new ArrayList<>();
        for (Map.Entry<List<String>, Integer> entry : counts.entrySet()) {
            for (int i = 0; i < Math.abs(entry.getValue()); i++) {
                (entry.getValue() > 0 ? missing : extra).add(entry.getKey());
            }
        }
        missing.sort(RenderedResult::compareRows);
        extra.sort(RenderedResult::compareRows);
        return new Diff(missing, extra);
    }

    /** The multiset difference of two results; empty when they hold the same rows. */
    public record Diff(List<List<String>> missing, List<List<String>> extra) {
        public boolean isEmpty() {
            return missing.isEmpty() && extra.isEmpty();
        }
    }

    static int compareRows(List<String> left, List<String> right) {
        int count = Math.min(left.size(), right.size());
        for (int i = 0; i < count; i++) {
            int order = left.get(i).compareTo(right.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
    }
}
