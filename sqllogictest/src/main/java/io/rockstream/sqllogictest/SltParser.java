package io.rockstream.sqllogictest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the sqllogictest format: records separated by blank lines, {@code #} comment lines,
 * {@code skipif}/{@code onlyif} conditions in front of a record, and the record kinds of
 * {@link SltRecord}. Conditions are kept on the records; the runner decides what applies.
 */
public final class SltParser {
    private static final Pattern HASH_LINE = Pattern.compile("(\\d+) values hashing to ([0-9a-fA-F]{32})");
    private static final Pattern SQL_STATE = Pattern.compile("[0-9A-Z]{5}");
    /** Compiled once: {@code String.split} compiles its pattern on every call. */
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private SltParser() {
    }

    public static SltScript parse(String name, String text) {
        // split on the character, which takes String.split's fast path (a regex over the whole
        // corpus was a few percent of its run); stripTrailing removes the \r of \r\n
        String[] lines = text.split("\n", -1);
        List<SltRecord> records = new ArrayList<>();
        List<NumberedLine> block = new ArrayList<>();
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? stripTrailing(lines[i]) : "";
            if (line.isEmpty()) {
                if (!block.isEmpty()) {
                    parseBlock(name, block, records);
                    block.clear();
                }
            } else if (!line.startsWith("#")) {
                block.add(new NumberedLine(i + 1, line));
            }
        }
        return new SltScript(name, records);
    }

    private static void parseBlock(String name, List<NumberedLine> block, List<SltRecord> records) {
        int position = 0;
        while (position < block.size()) {
            List<SltRecord.Condition> conditions = new ArrayList<>();
            while (position < block.size()) {
                String[] words = words(block.get(position).text());
                if (words[0].equals("skipif") || words[0].equals("onlyif")) {
                    if (words.length < 2) {
                        throw new SltParseException(name, block.get(position).number(), "missing engine after " + words[0]);
                    }
                    conditions.add(new SltRecord.Condition(words[0].equals("skipif"), words[1]));
                    position++;
                } else {
                    break;
                }
            }
            if (position == block.size()) {
                throw new SltParseException(name, block.get(position - 1).number(), "condition without a record");
            }
            NumberedLine header = block.get(position);
            String[] words = words(header.text());
            switch (words[0]) {
                case "hash-threshold":
                    if (words.length < 2) {
                        throw new SltParseException(name, header.number(), "hash-threshold needs a number");
                    }
                    records.add(new SltRecord.HashThreshold(header.number(), conditions, parseInt(name, header, words[1])));
                    position++;
                    break;
                case "halt":
                    records.add(new SltRecord.Halt(header.number(), conditions));
                    position++;
                    break;
                case "statement":
                    records.add(statement(name, header, words, conditions, block.subList(position + 1, block.size())));
                    position = block.size();
                    break;
                case "query":
                    records.add(query(name, header, words, conditions, block.subList(position + 1, block.size())));
                    position = block.size();
                    break;
                default:
                    throw new SltParseException(name, header.number(), "unknown record \"" + words[0] + "\"");
            }
        }
    }

    private static SltRecord.Statement statement(String name, NumberedLine header, String[] words,
            List<SltRecord.Condition> conditions, List<NumberedLine> body) {
        if (words.length < 2 || !(words[1].equals("ok") || words[1].equals("error"))) {
            throw new SltParseException(name, header.number(), "expected \"statement ok\" or \"statement error\"");
        }
        boolean expectError = words[1].equals("error");
        String sqlState = expectError && words.length > 2 && SQL_STATE.matcher(words[2]).matches() ? words[2] : null;
        List<NumberedLine> sqlLines = body;
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i).text().equals("----")) {
                sqlLines = body.subList(0, i);
                break;
            }
        }
        if (sqlLines.isEmpty()) {
            throw new SltParseException(name, header.number(), "statement without SQL");
        }
        return new SltRecord.Statement(header.number(), conditions, join(sqlLines), expectError, sqlState);
    }

    private static SltRecord.Query query(String name, NumberedLine header, String[] words,
            List<SltRecord.Condition> conditions, List<NumberedLine> body) {
        if (words.length < 2) {
            throw new SltParseException(name, header.number(), "query needs its column types");
        }
        String types = words[1];
        SortMode sortMode = SortMode.NOSORT;
        String label = null;
        int next = 2;
        if (words.length > next) {
            SortMode parsed = SortMode.parse(words[next]);
            if (parsed != null) {
                sortMode = parsed;
                next++;
            }
        }
        if (words.length > next) {
            label = words[next];
        }
        int separator = -1;
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i).text().equals("----")) {
                separator = i;
                break;
            }
        }
        List<NumberedLine> sqlLines = separator < 0 ? body : body.subList(0, separator);
        if (sqlLines.isEmpty()) {
            throw new SltParseException(name, header.number(), "query without SQL");
        }
        List<String> expected = new ArrayList<>();
        if (separator >= 0) {
            for (NumberedLine line : body.subList(separator + 1, body.size())) {
                expected.add(line.text().strip());
            }
        }
        ExpectedResult result = new ExpectedResult.Values(expected);
        if (expected.size() == 1) {
            Matcher matcher = HASH_LINE.matcher(expected.get(0));
            if (matcher.matches()) {
                result = new ExpectedResult.Hash(Integer.parseInt(matcher.group(1)), matcher.group(2).toLowerCase());
            }
        }
        return new SltRecord.Query(header.number(), conditions, join(sqlLines), types, sortMode, label, result);
    }

    private static int parseInt(String name, NumberedLine line, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SltParseException(name, line.number(), "not a number: " + text);
        }
    }

    private static String join(List<NumberedLine> lines) {
        StringBuilder sql = new StringBuilder();
        for (NumberedLine line : lines) {
            if (sql.length() > 0) {
                sql.append('\n');
            }
            sql.append(line.text());
        }
        return sql.toString();
    }

    private static String[] words(String line) {
        return BLANKS.split(line.strip());
    }

    private static String stripTrailing(String line) {
        return line.stripTrailing();
    }

    private record NumberedLine(int number, String text) {
    }
}
