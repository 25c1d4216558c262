package io.rockstream.sqllogictest;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobmanager.StatementResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderedResultTest {
    private static final RenderedResult RESULT = new RenderedResult(List.of(
            List.of("9", "b"), List.of("10", "a"), List.of("9", "a")));

    @Test
    void rowsortComparesRenderedStrings() {
        assertThat(RESULT.values(SortMode.ROWSORT)).containsExactly("10", "a", "9", "a", "9", "b");
    }

    @Test
    void valuesortSortsEveryValue() {
        assertThat(RESULT.values(SortMode.VALUESORT)).containsExactly("10", "9", "9", "a", "a", "b");
    }

    @Test
    void nosortKeepsTheEngineOrder() {
        assertThat(RESULT.values(SortMode.NOSORT)).containsExactly("9", "b", "10", "a", "9", "a");
    }

    @Test
    void md5IsOverValuesEachFollowedByANewline() {
        assertThat(RenderedResult.md5(List.of("1", "2"))).isEqualTo("6ddb4095eb719e2a9f0a3f95677d24e0");
        assertThat(RenderedResult.md5(List.of("10", "9", "NULL"))).isEqualTo("8734f49773d90b2783e8cac06ff04f88");
    }

    @Test
    void rendersByTheRecordTypes() {
        StatementResult.Rows rows = new StatementResult.Rows(
                List.of(Column.of("a", SqlType.INTEGER), Column.of("b", SqlType.DOUBLE)),
                List.of(Row.of(1, 2.5), Row.of(null, null)));
        assertThat(RenderedResult.render(rows, "IR").rows()).containsExactly(List.of("1", "2.500"), List.of("NULL", "NULL"));
    }

    @Test
    void diffIsAMultisetDifference() {
        RenderedResult expected = new RenderedResult(List.of(List.of("1"), List.of("1"), List.of("2")));
        RenderedResult actual = new RenderedResult(List.of(List.of("2"), List.of("1"), List.of("3")));
        RenderedResult.Diff diff = RenderedResult.diff(expected, actual);
        assertThat(diff.missing()).containsExactly(List.of("1"));
        assertThat(diff.extra()).containsExactly(List.of("3"));
        assertThat(RenderedResult.diff(expected, new RenderedResult(List.of(List.of("2"), List.of("1"), List.of("1")))).isEmpty())
                .isTrue();
    }
}
