package io.rockstream.sqllogictest;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What a query record expects: the rendered values, or their count and MD5. */
public sealed interface ExpectedResult {

    /** The rendered values, one per line in the file, in row-major order after sorting. */
    record Values(List<String> values) implements ExpectedResult {
        public Values {
            values = List.copyOf(values);
        }
    }

    /** {@code <count> values hashing to <md5>}. */
    record Hash(int count, String md5) implements ExpectedResult {
        public Hash {
            requireNonNull(md5, "md5 is null");
        }

        public String describe() {
            return count + " values hashing to " + md5;
        }
    }
}
