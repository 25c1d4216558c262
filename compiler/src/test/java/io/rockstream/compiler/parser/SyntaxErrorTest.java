package io.rockstream.compiler.parser;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class SyntaxErrorTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> parsing(String sql) {
        return assertThatThrownBy(() -> SqlParser.parse(sql)).isInstanceOf(RockStreamException.class);
    }

    private static void fails(String sql, ErrorCode code, String message, int position, int line, int column) {
        parsing(sql).satisfies(thrown -> {
            RockStreamException error = (RockStreamException) thrown;
            org.assertj.core.api.Assertions.assertThat(error.code()).isEqualTo(code);
            org.assertj.core.api.Assertions.assertThat(error.getMessage()).isEqualTo(message);
            org.assertj.core.api.Assertions.assertThat(new int[] {error.position(), error.line(), error.column()})
                    .containsExactly(position, line, column);
        });
    }

    @Test
    void reportsTheOffendingTokenLikePostgres() {
        fails("SELECT * FROM", ErrorCode.SYNTAX_ERROR, "syntax error at end of input", 14, 1, 14);
        fails("SELECT a FROM FROM t", ErrorCode.SYNTAX_ERROR, "syntax error at or near \"FROM\"", 15, 1, 15);
        fails("SELEC 1", ErrorCode.SYNTAX_ERROR, "syntax error at or near \"SELEC\"", 1, 1, 1);
        fails("SELECT 1 +", ErrorCode.SYNTAX_ERROR, "syntax error at end of input", 11, 1, 11);
        fails("SELECT 'abc", ErrorCode.SYNTAX_ERROR, "unterminated quoted string at or near \"'abc\"", 8, 1, 8);
        fails("SELECT a FROM t WHERE", ErrorCode.SYNTAX_ERROR, "syntax error at end of input", 22, 1, 22);
        fails("SELECT a, FROM t", ErrorCode.SYNTAX_ERROR, "syntax error at or near \"FROM\"", 11, 1, 11);
        fails("SELECT 1 # 2", ErrorCode.SYNTAX_ERROR, "syntax error at or near \"#\"", 10, 1, 10);
    }

    @Test
    void positionsAreRelativeToTheWholeScript() {
        String script = "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n\nSELECT a\n  FROM t\n  WHERE a = = 1;";
        fails(script, ErrorCode.SYNTAX_ERROR, "syntax error at or near \"=\"", script.indexOf("= =") + 3, 6, 13);
    }

    @Test
    void reservedWordsAreNotNames() {
        fails("CREATE TABLE select (a int)", ErrorCode.SYNTAX_ERROR, "syntax error at or near \"select\"", 14, 1, 14);
        fails("SELECT a FROM t AS where", ErrorCode.SYNTAX_ERROR, "syntax error at or near \"where\"", 20, 1, 20);
    }

    @Test
    void unsupportedFeaturesAreReportedWithPosition() {
        fails("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r", ErrorCode.FEATURE_NOT_SUPPORTED,
                "WITH RECURSIVE is not supported yet", 6, 1, 6);
        fails("SELECT sum(a) OVER w FROM t", ErrorCode.FEATURE_NOT_SUPPORTED,
                "named windows are not supported yet; write the window specification in OVER (...)", 20, 1, 20);
        fails("CREATE TABLE t (a int[])", ErrorCode.FEATURE_NOT_SUPPORTED, "array types are not supported",
                22, 1, 22);
        fails("CREATE TABLE t (a text ARRAY)", ErrorCode.FEATURE_NOT_SUPPORTED,
                "array types are not supported", 24, 1, 24);
        fails("CREATE TABLE t (a int CHECK (a > 0))", ErrorCode.FEATURE_NOT_SUPPORTED,
                "CHECK constraints are not supported", 23, 1, 23);
        fails("SELECT DISTINCT ON (a) a FROM t", ErrorCode.FEATURE_NOT_SUPPORTED,
                "SELECT DISTINCT ON is not supported yet", 17, 1, 17);
    }

    @Test
    void duplicateClausesAreRejected() {
        fails("SELECT 1 LIMIT 1 LIMIT 2", ErrorCode.SYNTAX_ERROR, "multiple LIMIT clauses not allowed", 18, 1, 18);
        fails("CREATE TABLE t (a int, PRIMARY KEY (a), PRIMARY KEY (a))", ErrorCode.INVALID_TABLE_DEFINITION,
                "multiple primary keys for table are not allowed", 41, 1, 41);
    }

    @Test
    void deepNestingFailsCleanly() {
        String deep = "SELECT " + "(".repeat(8_000) + "1" + ")".repeat(8_000);
        try {
            SqlParser.parse(deep);
        } catch (RockStreamException tooDeep) {
            org.assertj.core.api.Assertions.assertThat(tooDeep.code()).isEqualTo(ErrorCode.INSUFFICIENT_RESOURCES);
        }
        String fine = "SELECT " + "(".repeat(200) + "1" + ")".repeat(200);
        org.assertj.core.api.Assertions.assertThat(SqlParser.parse(fine)).hasSize(1);
    }

    @Test
    void expressionParsingRejectsTrailingInput() {
        assertThatThrownBy(() -> SqlParser.parseExpression("a b"))
                .isInstanceOf(RockStreamException.class)
                .hasMessage("syntax error at or near \"b\"");
    }
}
