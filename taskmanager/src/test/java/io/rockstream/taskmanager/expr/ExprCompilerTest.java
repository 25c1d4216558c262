package io.rockstream.taskmanager.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.Case;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.Literal;
import io.rockstream.jobgraph.expr.Parameter;
import io.rockstream.jobgraph.function.FunctionCatalog;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.SqlType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExprCompilerTest {
    private static Literal lit(Object value, SqlType type) {
        return new Literal(value, type);
    }

    private static Literal integer(int value) {
        return lit(value, SqlType.INTEGER);
    }

    private static Literal text(String value) {
        return lit(value, SqlType.TEXT);
    }

    private static Literal numeric(String value) {
        return lit(new BigDecimal(value), SqlType.NUMERIC);
    }

    private static final Literal NULL_BOOLEAN = Literal.nullOf(SqlType.BOOLEAN);

    /** A call typed by the catalog, as the binder would build it. */
    private static Call call(String name, Expr... args) {
        List<SqlType> types = new ArrayList<>();
        for (Expr arg : args) {
            types.add(arg.type());
        }
        return new Call(name, List.of(args), FunctionCatalog.resolve(name, types).returnType());
    }

    private static Object eval(Expr expr) {
        return ExprCompiler.compile(expr).evaluate(Row.EMPTY);
    }

    private static void assertError(Expr expr, String sqlState, String message) {
        assertThatThrownBy(() -> eval(expr))
                .isInstanceOf(RockStreamException.class)
                .hasMessage(message)
                .extracting(error -> ((RockStreamException) error).sqlState()).isEqualTo(sqlState);
    }

    @Test
    void integerArithmeticAndOverflow() {
        assertThat(eval(call("+", integer(2), integer(3)))).isEqualTo(5);
        assertThat(eval(call("/", integer(7), integer(2)))).isEqualTo(3);
        assertThat(eval(call("/", integer(-7), integer(2)))).isEqualTo(-3);
        assertThat(eval(call("%", integer(-7), integer(2)))).isEqualTo(-1);
        assertThat(eval(call("+", integer(2), lit(3L, SqlType.BIGINT)))).isEqualTo(5L);
        assertError(call("+", integer(Integer.MAX_VALUE), integer(1)), "22003", "integer out of range");
        assertError(call("*", lit(Long.MAX_VALUE, SqlType.BIGINT), lit(2L, SqlType.BIGINT)), "22003",
                "bigint out of range");
        assertError(call("+", lit((short) 32767, SqlType.SMALLINT), lit((short) 1, SqlType.SMALLINT)), "22003",
                "smallint out of range");
        assertError(call("neg", integer(Integer.MIN_VALUE)), "22003", "integer out of range");
        assertError(call("abs", integer(Integer.MIN_VALUE)), "22003", "integer out of range");
        assertError(call("/", integer(Integer.MIN_VALUE), integer(-1)), "22003", "integer out of range");
        assertThat(eval(call("%", integer(Integer.MIN_VALUE), integer(-1)))).isEqualTo(0);
    }

    @Test
    void divisionByZero() {
        assertError(call("/", integer(1), integer(0)), "22012", "division by zero");
        assertError(call("%", integer(1), integer(0)), "22012", "division by zero");
        assertError(call("/", numeric("1"), numeric("0")), "22012", "division by zero");
        assertError(call("/", lit(1.0, SqlType.DOUBLE), lit(0.0, SqlType.DOUBLE)), "22012", "division by zero");
    }

    @Test
    void numericDivisionScale() {
        assertThat(eval(call("/", numeric("1"), numeric("3")))).hasToString("0.33333333333333333333");
        assertThat(eval(call("/", numeric("10"), numeric("4")))).hasToString("2.5000000000000000");
        assertThat(eval(call("/", numeric("1.000000000000000000000"), numeric("3"))))
                .hasToString("0.333333333333333333333");
        assertThat(eval(call("/", numeric("123456"), numeric("7")))).hasToString("17636.571428571429");
        assertThat(eval(call("/", numeric("2"), numeric("3")))).hasToString("0.66666666666666666667");
        assertThat(eval(call("*", numeric("1.5"), numeric("2.25")))).hasToString("3.375");
    }

    @Test
    void floatOverflow() {
        assertError(call("*", lit(1e300, SqlType.DOUBLE), lit(1e300, SqlType.DOUBLE)), "22003",
                "value out of range: overflow");
        assertThat(eval(call("+", lit(0.1, SqlType.DOUBLE), lit(0.2, SqlType.DOUBLE)))).isEqualTo(0.1 + 0.2);
    }

    @Test
    void mathFunctions() {
        assertThat(eval(call("round", lit(2.5, SqlType.DOUBLE)))).isEqualTo(2.0);
        assertThat(eval(call("round", numeric("2.5")))).hasToString("3");
        assertThat(eval(call("round", numeric("-2.5")))).hasToString("-3");
        assertThat(eval(call("round", numeric("42.4382"), integer(2)))).hasToString("42.44");
        assertThat(eval(call("round", numeric("1234.5"), integer(-2)))).hasToString("1200");
        assertThat(eval(call("sqrt", numeric("2")))).hasToString("1.414213562373095");
        assertThat(eval(call("ln", numeric("2")))).hasToString("0.6931471805599453");
        assertThat(eval(call("exp", numeric("1")))).hasToString("2.7182818284590452");
        assertThat(eval(call("power", numeric("2"), numeric("10")))).hasToString("1024.0000000000000000");
        assertThat(eval(call("log", numeric("100")))).hasToString("2.0000000000000000");
        assertError(call("sqrt", lit(-1.0, SqlType.DOUBLE)), "2201F", "cannot take square root of a negative number");
        assertError(call("ln", lit(0.0, SqlType.DOUBLE)), "2201E", "cannot take logarithm of zero");
        assertError(call("ln", numeric("-1")), "2201E", "cannot take logarithm of a negative number");
        assertThat(eval(call("mod", integer(7), integer(3)))).isEqualTo(1);
        assertThat(eval(call("div", numeric("7"), numeric("2")))).hasToString("3");
        assertThat(eval(call("gcd", integer(12), integer(18)))).isEqualTo(6);
    }

    @Test
    void threeValuedLogic() {
        Literal t = lit(true, SqlType.BOOLEAN);
        Literal f = lit(false, SqlType.BOOLEAN);
        assertThat(eval(call("and", t, NULL_BOOLEAN))).isNull();
        assertThat(eval(call("and", f, NULL_BOOLEAN))).isEqualTo(false);
        assertThat(eval(call("and", NULL_BOOLEAN, f))).isEqualTo(false);
        assertThat(eval(call("or", t, NULL_BOOLEAN))).isEqualTo(true);
        assertThat(eval(call("or", f, NULL_BOOLEAN))).isNull();
        assertThat(eval(call("not", NULL_BOOLEAN))).isNull();
        assertThat(eval(call("is_unknown", NULL_BOOLEAN))).isEqualTo(true);
        assertThat(eval(call("is_not_true", NULL_BOOLEAN))).isEqualTo(true);
        assertThat(eval(call("is_false", NULL_BOOLEAN))).isEqualTo(false);
        // false AND (1/0 = 1) short-circuits
        assertThat(eval(call("and", f, call("=", call("/", integer(1), integer(0)), integer(1))))).isEqualTo(false);
    }

    @Test
    void inWithNulls() {
        Literal nullInt = Literal.nullOf(SqlType.INTEGER);
        assertThat(eval(call("in", integer(1), integer(1), nullInt))).isEqualTo(true);
        assertThat(eval(call("in", integer(2), integer(1), nullInt))).isNull();
        assertThat(eval(call("in", integer(2), integer(1), integer(3)))).isEqualTo(false);
        assertThat(eval(call("in", nullInt, integer(1)))).isNull();
        assertThat(eval(call("in", integer(1), lit(1L, SqlType.BIGINT), numeric("2.5")))).isEqualTo(true);
    }

    @Test
    void nullTestsAndDistinct() {
        Literal nullInt = Literal.nullOf(SqlType.INTEGER);
        assertThat(eval(call("is_null", nullInt))).isEqualTo(true);
        assertThat(eval(call("is_distinct_from", nullInt, nullInt))).isEqualTo(false);
        assertThat(eval(call("is_distinct_from", integer(1), nullInt))).isEqualTo(true);
        assertThat(eval(call("is_not_distinct_from", integer(1), lit(1L, SqlType.BIGINT)))).isEqualTo(true);
        assertThat(eval(call("=", integer(1), nullInt))).isNull();
    }

    @Test
    void coalesceNullifGreatest() {
        Literal nullInt = Literal.nullOf(SqlType.INTEGER);
        assertThat(eval(call("coalesce", nullInt, integer(2), call("/", integer(1), integer(0))))).isEqualTo(2);
        assertThat(eval(call("nullif", integer(1), integer(1)))).isNull();
        assertThat(eval(call("nullif", integer(1), integer(2)))).isEqualTo(1);
        assertThat(eval(call("greatest", integer(1), nullInt, integer(3)))).isEqualTo(3);
        assertThat(eval(call("least", integer(1), nullInt, numeric("0.5")))).isEqualTo(new BigDecimal("0.5"));
    }

    @Test
    void caseEvaluatesOnlyTheBranchTaken() {
        Expr division = call("/", integer(1), integer(0));
        Case expr = new Case(List.of(new Case.When(call("=", integer(1), integer(1)), integer(5)),
                new Case.When(lit(true, SqlType.BOOLEAN), division)), Literal.nullOf(SqlType.INTEGER), SqlType.INTEGER);
        assertThat(eval(expr)).isEqualTo(5);
        Case failing = new Case(List.of(new Case.When(call("=", integer(1), integer(2)), integer(5))), division,
                SqlType.INTEGER);
        assertError(failing, "22012", "division by zero");
    }

    @Test
    void columnsAndParameters() {
        Expr sum = call("+", new ColumnRef(0, SqlType.INTEGER), new Parameter(1, SqlType.INTEGER));
        Evaluator evaluator = ExprCompiler.compile(sum, List.of(10));
        assertThat(evaluator.evaluate(Row.of(5))).isEqualTo(15);
        assertThat(evaluator.evaluate(Row.of((Object) null))).isNull();
    }

    @Test
    void likeWithEscapesAndSpecialCharacters() {
        assertThat(eval(call("like", text("abc"), text("a%")))).isEqualTo(true);
        assertThat(eval(call("like", text("abc"), text("_b_")))).isEqualTo(true);
        assertThat(eval(call("like", text("abc"), text("%b")))).isEqualTo(false);
        assertThat(eval(call("like", text("a%c"), text("a\\%c")))).isEqualTo(true);
        assertThat(eval(call("like", text("abc"), text("a\\%c")))).isEqualTo(false);
        assertThat(eval(call("like", text("a_c"), text("a#_c"), text("#")))).isEqualTo(true);
        assertThat(eval(call("like", text("a.*c"), text("a.*c")))).isEqualTo(true);
        assertThat(eval(call("like", text("axxbyyb"), text("%b%b")))).isEqualTo(true);
        assertThat(eval(call("like", text(""), text("%")))).isEqualTo(true);
        assertThat(eval(call("like", text("é"), text("_")))).isEqualTo(true);
        assertThat(eval(call("ilike", text("ABC"), text("a%")))).isEqualTo(true);
        assertThat(eval(call("not_like", text("abc"), text("a%")))).isEqualTo(false);
        assertError(call("like", text("abc"), text("ab\\")), "22025", "LIKE pattern must not end with escape character");
    }

    @Test
    void stringFunctions() {
        assertThat(eval(call("||", text("a"), integer(1)))).isEqualTo("a1");
        assertThat(eval(call("||", text("a"), lit(true, SqlType.BOOLEAN)))).isEqualTo("atrue");
        assertThat(eval(call("concat", text("a"), Literal.nullOf(SqlType.INTEGER), lit(true, SqlType.BOOLEAN))))
                .isEqualTo("at");
        assertThat(eval(call("concat_ws", text(","), text("a"), Literal.nullOf(SqlType.TEXT), integer(2))))
                .isEqualTo("a,2");
        assertThat(eval(call("substr", text("hello"), integer(-1), integer(3)))).isEqualTo("h");
        assertThat(eval(call("substr", text("hello"), integer(2)))).isEqualTo("ello");
        assertError(call("substr", text("hello"), integer(1), integer(-1)), "22011",
                "negative substring length not allowed");
        assertThat(eval(call("upper", text("héllo")))).isEqualTo("HéLLO");
        assertThat(eval(call("length", text("héllo")))).isEqualTo(5);
        assertThat(eval(call("octet_length", text("héllo")))).isEqualTo(6);
        assertThat(eval(call("lpad", text("hi"), integer(5), text("xy")))).isEqualTo("xyxhi");
        assertThat(eval(call("rpad", text("hello"), integer(2)))).isEqualTo("he");
        assertThat(eval(call("split_part", text("a,b,c"), text(","), integer(2)))).isEqualTo("b");
        assertThat(eval(call("split_part", text("a,b,c"), text(","), integer(-1)))).isEqualTo("c");
        assertThat(eval(call("initcap", text("hello wORLD")))).isEqualTo("Hello World");
        assertThat(eval(call("btrim", text("xxhixx"), text("x")))).isEqualTo("hi");
        assertThat(eval(call("position", text("hello"), text("l")))).isEqualTo(3);
        assertThat(eval(call("regexp_replace", text("foobarbaz"), text("b(..)"), text("X\\1Y"), text("g"))))
                .isEqualTo("fooXarYXazY");
        assertThat(eval(call("regexp_replace", text("foobarbaz"), text("b(..)"), text("X\\1Y"))))
                .isEqualTo("fooXarYbaz");
        assertThat(eval(call("md5", text("abc")))).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(eval(call("to_hex", integer(-1)))).isEqualTo("ffffffff");
        assertThat(eval(call("left", text("abcde"), integer(-2)))).isEqualTo("abc");
        assertThat(eval(call("translate", text("12345"), text("143"), text("ax")))).isEqualTo("a2x5");
    }

    @Test
    void charComparisonsIgnoreTrailingSpaces() {
        Literal padded = lit("ab  ", SqlType.character(4));
        assertThat(eval(call("=", padded, lit("ab", SqlType.character(2))))).isEqualTo(true);
        assertThat(eval(call("=", padded, text("ab")))).isEqualTo(true);
        assertThat(eval(call("length", padded))).isEqualTo(2);
    }

    @Test
    void dateTimeArithmetic() {
        Literal date = lit(java.time.LocalDate.of(2020, 1, 31), SqlType.DATE);
        assertThat(eval(call("+", date, integer(1)))).isEqualTo(java.time.LocalDate.of(2020, 2, 1));
        assertThat(eval(call("-", date, lit(java.time.LocalDate.of(2020, 1, 1), SqlType.DATE)))).isEqualTo(30);
        Object plusMonth = eval(call("+", date, new io.rockstream.jobgraph.expr.Cast(lit("1 mon", SqlType.UNKNOWN),
                SqlType.INTERVAL)));
        assertThat(plusMonth).isEqualTo(java.time.LocalDateTime.of(2020, 2, 29, 0, 0));
        Object difference = eval(call("-", lit(java.time.LocalDateTime.of(2020, 1, 3, 1, 0), SqlType.TIMESTAMP),
                lit(java.time.LocalDateTime.of(2020, 1, 1, 0, 0), SqlType.TIMESTAMP)));
        assertThat(PgText.format(difference, SqlType.INTERVAL)).isEqualTo("2 days 01:00:00");
        Object extracted = eval(call("extract", text("second"),
                lit(java.time.LocalDateTime.of(2020, 1, 1, 0, 0, 5), SqlType.TIMESTAMP)));
        assertThat(extracted).hasToString("5.000000");
        Object truncated = eval(call("date_trunc", text("month"),
                lit(java.time.LocalDateTime.of(2020, 5, 17, 3, 4), SqlType.TIMESTAMP)));
        assertThat(truncated).isEqualTo(java.time.LocalDateTime.of(2020, 5, 1, 0, 0));
        assertError(call("date_trunc", text("fortnight"), lit(java.time.LocalDateTime.of(2020, 5, 17, 3, 4),
                SqlType.TIMESTAMP)), "22023", "unit \"fortnight\" not recognized for type timestamp without time zone");
        Object halfMonth = eval(call("*", lit(new io.rockstream.jobgraph.type.Interval(1, 0, 0), SqlType.INTERVAL),
                lit(0.5, SqlType.DOUBLE)));
        assertThat(PgText.format(halfMonth, SqlType.INTERVAL)).isEqualTo("15 days");
    }

    @Test
    void deferredConstantErrorsAndNonDeterminism() {
        Evaluator evaluator = ExprCompiler.compile(call("/", integer(1), integer(0)));
        assertThatThrownBy(() -> evaluator.evaluate(Row.EMPTY)).isInstanceOf(RockStreamException.class);
        Evaluator now = ExprCompiler.compile(call("now"));
        assertThat(now.evaluate(Row.EMPTY)).isInstanceOf(java.time.Instant.class);
    }
}
