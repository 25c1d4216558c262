package io.rockstream.compiler.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the SQL of the {@code statement ok} and {@code query} records of a sqllogictest file
 * that PostgreSQL runs: records marked {@code skipif postgresql} or {@code onlyif} another
 * database are left out, and so are {@code statement error} records.
 */
final class SqlLogicTestRecords {

    /** One record's SQL and the 1-based line it starts on. */
    record Record(String sql, int line) {
    }

    private SqlLogicTestRecords() {
    }

    static List<Record> read(String text) {
        List<Record> records = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        boolean skip = false;
        int index = 0;
        while (index < lines.length) {
            String line = lines[index].trim();
            index++;
            if (line.isEmpty()) {
                skip = false;
                continue;
            }
            if (line.startsWith("skipif ")) {
                skip |= word(line, 1).equals("postgresql");
                continue;
            }
            if (line.startsWith("onlyif ")) {
                skip |= !word(line, 1).equals("postgresql");
                continue;
            }
            boolean wanted = line.startsWith("statement ok") || line.startsWith("query ");
            boolean record = wanted || line.startsWith("statement ");
            if (!record) {
                continue;
            }
            int start = index + 1;
            StringBuilder sql = new StringBuilder();
            while (index < lines.length && !lines[index].trim().isEmpty() && !lines[index].startsWith("----")) {
                sql.append(lines[index]).append('\n');
                index++;
            }
            // skip the expected results up to the blank line that ends the record
            while (index < lines.length && !lines[index].trim().isEmpty()) {
                index++;
            }
            if (wanted && !skip) {
                records.add(new Record(sql.toString(), start));
            }
            skip = false;
        }
        return records;
    }

    private static String word(String line, int position) {
        String[] words = line.split("\\s+");
        return words.length > position ? words[position] : "";
    }
}
