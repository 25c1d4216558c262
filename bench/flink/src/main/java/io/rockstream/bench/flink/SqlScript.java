package io.rockstream.bench.flink;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at semicolons, skipping {@code --} comments and not
 * splitting inside single-quoted literals or back-quoted identifiers. Enough for the Nexmark
 * resources, which hold no block comments.
 */
final class SqlScript {

    private SqlScript() {
    }

    /** The script's statements, trimmed, without their semicolons, comments removed; empty ones dropped. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int index = 0; index < script.length(); index++) {
            char character = script.charAt(index);
            if (quote != 0) {
                current.append(character);
                if (character == quote) {
                    quote = 0;
                }
            } else if (character == '-' && index + 1 < script.length() && script.charAt(index + 1) == '-') {
                int end = script.indexOf('\n', index);
                index = end < 0 ? script.length() : end;
                current.append('\n');
            } else if (character == ';') {
                add(statements, current);
                current.setLength(0);
            } else {
                if (character == '\'' || character == '`') {
                    quote = character;
                }
                current.append(character);
            }
        }
        add(statements, current);
        return List.copyOf(statements);
    }

    private static void add(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty()) {
            statements.add(text);
        }
    }
}
