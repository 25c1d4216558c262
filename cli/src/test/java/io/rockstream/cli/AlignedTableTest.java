package io.rockstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.SqlType;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected outputs are psql 17's for the same values. */
class AlignedTableTest {
    @Test
    void centersHeadersRightAlignsNumbersAndShowsNullAsEmpty() {
        List<Column> columns = List.of(Column.of("name", SqlType.TEXT), Column.of("n", SqlType.BIGINT),
                Column.of("price", SqlType.numeric(6, 2)), Column.of("ok", SqlType.BOOLEAN));
        List<Row> rows = List.of(Row.of("apple", 12L, new BigDecimal("1.50"), true),
                Row.of(null, 3L, null, null));
        assertThat(AlignedTable.render(columns, rows)).containsExactly(
                " name  | n  | price | ok ",
                "-------+----+-------+----",
                " apple | 12 |  1.50 | t",
                "       |  3 |       | ",
                "(2 rows)");
    }

    @Test
    void valuesWithLineBreaksSpanLinesMarkedWithPlus() {
        List<Column> columns = List.of(Column.of("a", SqlType.TEXT), Column.of("b", SqlType.TEXT));
        assertThat(AlignedTable.render(columns, List.of(Row.of("one\ntwo", "x\nyy\nz")))).containsExactly(
                "  a  | b  ",
                "-----+----",
                " one+| x +",
                " two | yy+",
                "     | z",
                "(1 row)");
    }

    @Test
    void emptyResult() {
        assertThat(AlignedTable.render(List.of(Column.of("column_name", SqlType.INTEGER)), List.of()))
                .containsExactly(" column_name ", "-------------", "(0 rows)");
    }
}
