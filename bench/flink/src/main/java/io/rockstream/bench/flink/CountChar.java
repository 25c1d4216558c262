package io.rockstream.bench.flink;

import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code count_char(text, character)}: how many times {@code character} (its first char) occurs in
 * {@code text}; 0 when either is null or {@code character} is empty. The scalar function of
 * Nexmark q14, written here to the behaviour of upstream's {@code CountChar} UDF.
 */
public class CountChar extends ScalarFunction {

    /** Counts the occurrences; called by Flink's generated code once per row. */
    public long eval(String text, String character) {
        if (text == null || character == null || character.isEmpty()) {
            return 0;
        }
        char wanted = character.charAt(0);
        long count = 0;
        for (int index = 0; index < text.length(); index++) {
            if (text.charAt(index) == wanted) {
                count++;
            }
        }
        return count;
    }
}
