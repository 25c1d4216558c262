package io.rockstream.sqllogictest;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of one file: tests are the statement and query records that ran; a record
 * fails when either mode (ad hoc or view) disagrees with what it expects.
 */
public record FileResult(String file, int passed, int failed, int skipped, long seed, List<Failure> failures) {
    public FileResult {
        requireNonNull(file, "file is null");
        failures = List.copyOf(failures);
    }

    /** One failed record: where it is, its SQL, and every reason it failed. */
    public record Failure(String file, int line, String sql, List<String> reasons) {
        public Failure {
            requireNonNull(file, "file is null");
            requireNonNull(sql, "sql is null");
            reasons = List.copyOf(reasons);
        }
    }
}
