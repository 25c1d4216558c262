package io.rockstream.it;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random tables and random writes for the oracle law. Every table has the same columns
 * ({@code id integer, k integer, g text, n numeric(10,2), d double precision, b boolean,
 * dt date, big bigint}) so views can join and combine any two; each table draws from its own
 * small value domains, so joins and groups collide, and about 10% of values are NULL.
 */
final class OracleWorkload {
    static final String COLUMNS = "id, k, g, n, d, b, dt, big";
    private static final String[] TEXTS = {"a", "b", "c", "ab", "B", "", "\u00e9", "a b"};
    private static final double[] DOUBLES = {0.5, 1.25, -2.0, 3.75, 10.0, 0.1, -0.3};
    private static final long[] BIGS = {1, -1, 42, 9_000_000_000L, 1_000_000_000_000L};

    /** One table and its value domains. */
    static final class Table {
        final String name;
        final int keyDomain;
        final List<String> texts;
        int nextId = 1;

        Table(String name, int keyDomain, List<String> texts) {
            this.name = name;
            this.keyDomain = keyDomain;
            this.texts = texts;
        }

        String ddl() {
            return "CREATE TABLE " + name + " (id integer, k integer, g text, n numeric(10,2), d double precision,"
                    + " b boolean, dt date, big bigint)";
        }
    }

    private final Random random;
    final List<Table> tables = new ArrayList<>();

    OracleWorkload(Random random) {
        this.random = random;
        int count = 2 + random.nextInt(3);
        for (int i = 1; i <= count; i++) {
            List<String> texts = new ArrayList<>(List.of(TEXTS));
            java.util.Collections.shuffle(texts, random);
            tables.add(new Table("t" + i, 2 + random.nextInt(5), texts.subList(0, 2 + random.nextInt(4))));
        }
    }

    /** A table drawn at random. */
    Table pick() {
        return tables.get(random.nextInt(tables.size()));
    }

    /**
     * The writes of one epoch. {@code sizes} holds the current row count per table, so that
     * tables stay small (about 10 to 60 rows) and joins stay cheap.
     */
    List<String> epoch(List<Long> sizes) {
        List<String> statements = new ArrayList<>();
        int count = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            int index = random.nextInt(tables.size());
            Table table = tables.get(index);
            long size = sizes.get(index);
            int roll = random.nextInt(100);
            if (roll < 2) {
                statements.add("DELETE FROM " + table.name);
            } else if (size < 10 || (size < 60 && roll < 55)) {
                statements.add(insert(table));
            } else if (roll < 78) {
                statements.add(update(table));
            } else {
                statements.add(delete(table));
            }
        }
        return statements;
    }

    private String insert(Table table) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.name).append(" (").append(COLUMNS).append(") VALUES ");
        int rows = 1 + random.nextInt(4);
        for (int i = 0; i < rows; i++) {
            // now and then a duplicate id, so rows repeat and writes by id touch several rows
            int id = table.nextId > 1 && random.nextInt(10) == 0 ? 1 + random.nextInt(table.nextId - 1) : table.nextId++;
            sql.append(i == 0 ? "" : ", ").append('(').append(id).append(", ").append(key(table)).append(", ")
                    .append(text(table)).append(", ").append(numeric()).append(", ").append(real()).append(", ")
                    .append(bool()).append(", ").append(date()).append(", ").append(big()).append(')');
        }
        return sql.toString();
    }

    private String update(Table table) {
        String assignment;
        switch (random.nextInt(7)) {
            case 0:
                assignment = "k = " + key(table);
                break;
            case 1:
                assignment = "g = " + text(table);
                break;
            case 2:
                assignment = "n = " + numeric();
                break;
            case 3:
                assignment = "n = n + 1.25, d = d * 2";
                break;
            case 4:
                assignment = "b = NOT b, dt = " + date();
                break;
            case 5:
                assignment = "big = " + big() + ", d = " + real();
                break;
            default:
                assignment = "k = " + key(table) + ", g = " + text(table);
                break;
        }
        return "UPDATE " + table.name + " SET " + assignment + " WHERE " + predicate(table);
    }

    private String delete(Table table) {
        return "DELETE FROM " + table.name + " WHERE " + predicate(table);
    }

    private String predicate(Table table) {
        switch (random.nextInt(5)) {
            case 0:
            case 1:
                return "id = " + (1 + random.nextInt(Math.max(1, table.nextId)));
            case 2:
                return "k = " + random.nextInt(table.keyDomain + 1);
            case 3:
                return "k = " + random.nextInt(table.keyDomain + 1) + " AND b";
            default:
                return "g = " + quote(table.texts.get(random.nextInt(table.texts.size()))) + " AND id % 2 = "
                        + random.nextInt(2);
        }
    }

    private boolean isNull() {
        return random.nextInt(10) == 0;
    }

    private String key(Table table) {
        return isNull() ? "NULL" : Integer.toString(random.nextInt(table.keyDomain + 1));
    }

    private String text(Table table) {
        return isNull() ? "NULL" : quote(table.texts.get(random.nextInt(table.texts.size())));
    }

    private String numeric() {
        return isNull() ? "NULL" : BigDecimal.valueOf(random.nextInt(25) - 12, 0).multiply(new BigDecimal("0.25"))
                .setScale(2).toPlainString();
    }

    private String real() {
        return isNull() ? "NULL" : Double.toString(DOUBLES[random.nextInt(DOUBLES.length)]);
    }

    private String bool() {
        return isNull() ? "NULL" : random.nextBoolean() ? "TRUE" : "FALSE";
    }

    private String date() {
        return isNull() ? "NULL" : "DATE '" + LocalDate.of(2024, 1, 1).plusDays(random.nextInt(21)) + "'";
    }

    private String big() {
        return isNull() ? "NULL" : Long.toString(BIGS[random.nextInt(BIGS.length)] * (random.nextBoolean() ? 1 : 2));
    }

    static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
