package io.rockstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameters bound as quoted literals: placeholders found only in code, quotes escaped, positions mapped back. */
class ParameterBinderTest {

    @Test
    void typedParametersGetACastAndUntypedOnesStayLiterals() {
        ParameterBinder.Bound bound = ParameterBinder.bind("SELECT $1 + $2, $3, $1",
                Arrays.asList("42", null, "abc"), List.of(PgTypes.INT4, PgTypes.INT8, PgTypes.UNSPECIFIED));
        assertThat(bound.sql()).isEqualTo("SELECT '42'::int4 + NULL::int8, 'abc', '42'::int4");
    }

    @Test
    void placeholdersInsideStringsCommentsAndIdentifiersAreLeftAlone() {
        String sql = "SELECT '$1', \"$1\", $$ $1 $$, a$1, $1 -- $1\n /* $1 /* $1 */ */ FROM t";
        ParameterBinder.Bound bound = ParameterBinder.bind(sql, List.of("v"), List.of(PgTypes.TEXT));
        assertThat(bound.sql()).isEqualTo("SELECT '$1', \"$1\", $$ $1 $$, a$1, 'v' -- $1\n /* $1 /* $1 */ */ FROM t");
    }

    @Test
    void quotesInAValueAreDoubledSoTheValueCannotEndTheLiteral() {
        ParameterBinder.Bound bound = ParameterBinder.bind("SELECT $1",
                List.of("x'); DROP TABLE t; --\\'"), List.of(PgTypes.TEXT));
        assertThat(bound.sql()).isEqualTo("SELECT 'x''); DROP TABLE t; --\\'''");
        try (Engine engine = Engine.startInMemory(); SqlSession session = engine.openSession()) {
            session.execute("CREATE TABLE t (v INT)");
            List<StatementResult> results = session.execute(bound.sql());
            assertThat(results).hasSize(1);
            StatementResult.Rows rows = (StatementResult.Rows) results.get(0);
            assertThat(rows.rows().get(0).get(0)).isEqualTo("x'); DROP TABLE t; --\\'");
            assertThat(session.execute("SELECT count(*) FROM t")).hasSize(1);
        }
    }

    @Test
    void positionsAreMappedBackToTheClientText() {
        ParameterBinder.Bound bound = ParameterBinder.bind("SELECT $1, nope", List.of("long value"),
                List.of(PgTypes.TEXT));
        assertThat(bound.sql()).isEqualTo("SELECT 'long value', nope");
        assertThat(bound.originalPosition(bound.sql().indexOf("nope") + 1)).isEqualTo(12);
        assertThat(bound.originalPosition(10)).isEqualTo(8);
        assertThat(bound.originalPosition(3)).isEqualTo(3);
    }

    @Test
    void binaryNumericRoundTrips() {
        for (String text : List.of("0", "12.345", "-0.5", "10000", "123456789.000100", "0.0001", "-98765.4321")) {
            byte[] binary = PgValues.numeric(new BigDecimal(text));
            assertThat(PgValues.decodeBinary(binary, PgTypes.NUMERIC)).as(text).isEqualTo(text);
        }
    }
}
