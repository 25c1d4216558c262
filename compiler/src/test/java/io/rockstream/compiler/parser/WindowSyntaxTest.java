package io.rockstream.compiler.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.QueryBody;
import io.rockstream.compiler.ast.Statement;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.WindowFrame;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code f(args) [FILTER (WHERE ...)] OVER ([PARTITION BY ...] [ORDER BY ...] [frame])}. */
class WindowSyntaxTest {

    private static String tree(String sql) {
        return ExpressionPrinter.print(SqlParser.parseExpression(sql));
    }

    private static Expression.WindowFunction window(String sql) {
        return (Expression.WindowFunction) SqlParser.parseExpression(sql);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            row_number() OVER () => row_number() over ()
            rank() OVER (PARTITION BY a, b + 1 ORDER BY c DESC NULLS FIRST, d) => rank() over (partition by (a, (b + 1)) order by c desc nulls first, d)
            count(*) OVER (ORDER BY a) => count(*) over (order by a)
            sum(x) FILTER (WHERE x > 0) OVER (PARTITION BY k) => sum(x) filter (x > 0) over (partition by (k))
            lag(x, 2, 0) OVER (ORDER BY t) => lag(x, 2, 0) over (order by t)
            sum(x) OVER (ORDER BY t ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) => sum(x) over (order by t rows 2 preceding and 1 following)
            sum(x) OVER (ORDER BY t ROWS 3 PRECEDING) => sum(x) over (order by t rows 3 preceding and current row)
            sum(x) OVER (ROWS UNBOUNDED PRECEDING) => sum(x) over (rows unbounded preceding and current row)
            sum(x) OVER (ORDER BY t RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) => sum(x) over (order by t range current row and unbounded following)
            sum(x) OVER (ORDER BY t RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) => sum(x) over (order by t range unbounded preceding and unbounded following)
            sum(x) OVER (ROWS BETWEEN 0 PRECEDING AND +0 FOLLOWING) => sum(x) over (rows 0 preceding and 0 following)
            sum(x) OVER (ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING) => sum(x) over (rows 1 following and 3 following)
            rank() OVER (ORDER BY a) + 1 => (rank() over (order by a) + 1)
            -row_number() OVER () => (- row_number() over ())
            sum(x) OVER () :: text => cast(sum(x) over () as text[])
            """)
    void parses(String sql, String expected) {
        assertThat(tree(sql)).isEqualTo(expected);
    }

    @Test
    void buildsTheAstNode() {
        Expression.WindowFunction window = window("avg(price) OVER (PARTITION BY sym ORDER BY ts ROWS 5 PRECEDING)");
        assertThat(window.call().name().toString()).isEqualTo("avg");
        assertThat(window.call().args()).hasSize(1);
        assertThat(window.partitionBy()).hasSize(1);
        assertThat(window.orderBy()).singleElement().satisfies(item -> {
            assertThat(item.descending()).isFalse();
            assertThat(item.nullsFirst()).isEmpty();
        });
        assertThat(window.frame()).contains(new WindowFrame(WindowFrame.Mode.ROWS, WindowFrame.Bound.PRECEDING, 5,
                WindowFrame.Bound.CURRENT_ROW, 0));
        assertThat(window.position()).isEqualTo(window.call().position());
        assertThat(window("count(*) OVER ()").call().star()).isTrue();
        assertThat(window("rank() OVER (ORDER BY a)").frame()).isEqualTo(Optional.empty());
    }

    @Test
    void windowWordsRemainNames() {
        assertThat(tree("partition + range + rows + preceding + following + unbounded + current + groups"
                + " + exclude + ties + others + no + over"))
                .isEqualTo("((((((((((((partition + range) + rows) + preceding) + following) + unbounded) + current)"
                        + " + groups) + exclude) + ties) + others) + no) + over)");
        assertThat(tree("sum(x) OVER (ORDER BY current ROWS BETWEEN unbounded PRECEDING AND CURRENT ROW)"))
                .isEqualTo("sum(x) over (order by current rows unbounded preceding and current row)");
        List<Statement> statements = SqlParser.parse("SELECT range, rows FROM partition");
        assertThat(statements).hasSize(1);
    }

    @Test
    void windowFunctionsInAQuery() {
        Statement statement = SqlParser.parse("SELECT a, rank() OVER (PARTITION BY b ORDER BY c) AS r FROM t "
                + "ORDER BY r").get(0);
        QueryBody.Select select = (QueryBody.Select) ((Statement.QueryStatement) statement).query().body();
        assertThat(((QueryBody.ExpressionItem) select.items().get(1)).expression())
                .isInstanceOf(Expression.WindowFunction.class);
    }

    @Test
    void unsupportedFormsSayWhat() {
        fails("SELECT sum(a) OVER w FROM t", ErrorCode.FEATURE_NOT_SUPPORTED,
                "named windows are not supported yet; write the window specification in OVER (...)", 20);
        fails("SELECT sum(a) OVER (w ORDER BY b) FROM t", ErrorCode.FEATURE_NOT_SUPPORTED,
                "named windows are not supported yet; write the window specification in OVER (...)", 21);
        fails("SELECT sum(a) OVER (ORDER BY b) FROM t WINDOW w AS (ORDER BY b)", ErrorCode.FEATURE_NOT_SUPPORTED,
                "named windows are not supported yet; write the window specification in OVER (...)", 40);
        fails("SELECT sum(a) OVER (ORDER BY b RANGE 2 PRECEDING) FROM t", ErrorCode.FEATURE_NOT_SUPPORTED,
                "RANGE with offset PRECEDING/FOLLOWING is not supported yet", 38);
        fails("SELECT sum(a) OVER (ORDER BY b RANGE BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM t",
                ErrorCode.FEATURE_NOT_SUPPORTED, "RANGE with offset PRECEDING/FOLLOWING is not supported yet", 62);
        fails("SELECT sum(a) OVER (ORDER BY b GROUPS 2 PRECEDING) FROM t", ErrorCode.FEATURE_NOT_SUPPORTED,
                "GROUPS frames are not supported yet", 32);
        fails("SELECT sum(a) OVER (ROWS UNBOUNDED PRECEDING EXCLUDE CURRENT ROW) FROM t",
                ErrorCode.FEATURE_NOT_SUPPORTED, "frame exclusion (EXCLUDE) is not supported yet", 46);
        fails("SELECT sum(a) OVER (ROWS a PRECEDING) FROM t", ErrorCode.FEATURE_NOT_SUPPORTED,
                "frame offsets other than integer constants are not supported yet", 26);
        fails("SELECT count(DISTINCT a) OVER () FROM t", ErrorCode.FEATURE_NOT_SUPPORTED,
                "DISTINCT is not implemented for window functions", 14);
        fails("SELECT string_agg(a, ',' ORDER BY a) OVER () FROM t", ErrorCode.FEATURE_NOT_SUPPORTED,
                "aggregate ORDER BY is not implemented for window functions", 26);
    }

    @Test
    void invalidFramesAreRejectedLikePostgres() {
        fails("SELECT sum(a) OVER (ROWS UNBOUNDED FOLLOWING) FROM t", ErrorCode.WINDOWING_ERROR,
                "frame start cannot be UNBOUNDED FOLLOWING", 26);
        fails("SELECT sum(a) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED PRECEDING) FROM t",
                ErrorCode.WINDOWING_ERROR, "frame end cannot be UNBOUNDED PRECEDING", 50);
        fails("SELECT sum(a) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM t", ErrorCode.WINDOWING_ERROR,
                "frame starting from current row cannot have preceding rows", 50);
        fails("SELECT sum(a) OVER (ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM t", ErrorCode.WINDOWING_ERROR,
                "frame starting from following row cannot end with current row", 50);
        fails("SELECT sum(a) OVER (ROWS 1 FOLLOWING) FROM t", ErrorCode.WINDOWING_ERROR,
                "frame starting from following row cannot end with current row", 26);
        fails("SELECT sum(a) OVER (ROWS BETWEEN 1 FOLLOWING AND 1 PRECEDING) FROM t", ErrorCode.WINDOWING_ERROR,
                "frame starting from following row cannot have preceding rows", 50);
        fails("SELECT sum(a) OVER (ROWS -1 PRECEDING) FROM t", ErrorCode.INVALID_PRECEDING_OR_FOLLOWING_SIZE,
                "frame starting offset must not be negative", 26);
        fails("SELECT sum(a) OVER (ROWS BETWEEN 1 PRECEDING AND -2 FOLLOWING) FROM t",
                ErrorCode.INVALID_PRECEDING_OR_FOLLOWING_SIZE, "frame ending offset must not be negative", 50);
    }

    private static void fails(String sql, ErrorCode code, String message, int position) {
        assertThatThrownBy(() -> SqlParser.parse(sql)).isInstanceOf(RockStreamException.class).satisfies(thrown -> {
            RockStreamException error = (RockStreamException) thrown;
            assertThat(error.getMessage()).isEqualTo(message);
            assertThat(error.code()).isEqualTo(code);
            assertThat(error.position()).isEqualTo(position);
        });
    }
}
