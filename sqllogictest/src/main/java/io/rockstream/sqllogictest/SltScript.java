package io.rockstream.sqllogictest;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A parsed sqllogictest file: its name (for messages) and its records in file order. */
public record SltScript(String name, List<SltRecord> records) {
    public SltScript {
        requireNonNull(name, "name is null");
        records = List.copyOf(records);
    }
}
