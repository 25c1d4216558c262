package io.rockstream.jobgraph.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.type.SqlType;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionCatalogTest {
    private static ResolvedFunction resolve(String name, SqlType... arguments) {
        return FunctionCatalog.resolve(name, List.of(arguments));
    }

    @Test
    void arithmeticResultTypesFollowPostgres() {
        assertThat(resolve("+", SqlType.INTEGER, SqlType.INTEGER).returnType()).isEqualTo(SqlType.INTEGER);
        assertThat(resolve("+", SqlType.SMALLINT, SqlType.SMALLINT).returnType()).isEqualTo(SqlType.SMALLINT);
        ResolvedFunction mixed = resolve("+", SqlType.INTEGER, SqlType.BIGINT);
        assertThat(mixed.returnType()).isEqualTo(SqlType.BIGINT);
        assertThat(mixed.parameterTypes()).containsExactly(SqlType.BIGINT, SqlType.BIGINT);
        assertThat(resolve("*", SqlType.INTEGER, SqlType.NUMERIC).returnType()).isEqualTo(SqlType.NUMERIC);
        assertThat(resolve("/", SqlType.NUMERIC, SqlType.DOUBLE).returnType()).isEqualTo(SqlType.DOUBLE);
        assertThat(resolve("+", SqlType.INTEGER, SqlType.UNKNOWN).parameterTypes())
                .containsExactly(SqlType.INTEGER, SqlType.INTEGER);
    }

    @Test
    void unknownLiteralsPreferText() {
        ResolvedFunction equality = resolve("=", SqlType.UNKNOWN, SqlType.UNKNOWN);
        assertThat(equality.parameterTypes()).containsExactly(SqlType.TEXT, SqlType.TEXT);
        assertThat(resolve("length", SqlType.UNKNOWN).parameterTypes()).containsExactly(SqlType.TEXT);
        assertThat(resolve("=", SqlType.varchar(3), SqlType.TEXT).parameterTypes())
                .containsExactly(SqlType.TEXT, SqlType.TEXT);
        assertThat(resolve("||", SqlType.VARCHAR, SqlType.UNKNOWN).parameterTypes())
                .containsExactly(SqlType.TEXT, SqlType.TEXT);
    }

    @Test
    void concatenationTakesAnyNonText() {
        ResolvedFunction concat = resolve("||", SqlType.UNKNOWN, SqlType.INTEGER);
        assertThat(concat.parameterTypes()).containsExactly(SqlType.TEXT, SqlType.INTEGER);
        assertThat(concat.returnType()).isEqualTo(SqlType.TEXT);
    }

    @Test
    void preferredTypeWins() {
        assertThat(resolve("ceil", SqlType.INTEGER).returnType()).isEqualTo(SqlType.DOUBLE);
        assertThat(resolve("round", SqlType.INTEGER, SqlType.INTEGER).returnType()).isEqualTo(SqlType.NUMERIC);
        assertThat(resolve("substring", SqlType.TEXT, SqlType.INTEGER, SqlType.INTEGER).name()).isEqualTo("substr");
    }

    @Test
    void dateArithmetic() {
        assertThat(resolve("-", SqlType.DATE, SqlType.DATE).returnType()).isEqualTo(SqlType.INTEGER);
        assertThat(resolve("+", SqlType.DATE, SqlType.INTEGER).returnType()).isEqualTo(SqlType.DATE);
        assertThat(resolve("+", SqlType.TIMESTAMP, SqlType.UNKNOWN).returnType()).isEqualTo(SqlType.TIMESTAMP);
        assertThat(resolve("-", SqlType.TIMESTAMP, SqlType.TIMESTAMP).returnType()).isEqualTo(SqlType.INTERVAL);
        assertThat(resolve("-", SqlType.DATE, SqlType.UNKNOWN).returnType()).isEqualTo(SqlType.INTEGER);
        assertThatThrownBy(() -> resolve("+", SqlType.DATE, SqlType.UNKNOWN))
                .hasMessage("operator is not unique: date + unknown")
                .extracting(error -> ((RockStreamException) error).sqlState()).isEqualTo("42725");
    }

    @Test
    void missingOperatorsAndFunctions() {
        assertThatThrownBy(() -> resolve("+", SqlType.TEXT, SqlType.INTEGER))
                .isInstanceOf(RockStreamException.class)
                .hasMessage("operator does not exist: text + integer")
                .satisfies(error -> {
                    RockStreamException exception = (RockStreamException) error;
                    assertThat(exception.sqlState()).isEqualTo("42883");
                    assertThat(exception.hint()).isEqualTo(
                            "No operator matches the given name and argument types. You might need to add explicit type casts.");
                });
        assertThatThrownBy(() -> resolve("foo", SqlType.INTEGER)).hasMessage("function foo(integer) does not exist");
        assertThatThrownBy(() -> resolve("%", SqlType.DOUBLE, SqlType.INTEGER))
                .hasMessage("operator does not exist: double precision % integer");
        assertThatThrownBy(() -> resolve("neg", SqlType.TEXT)).hasMessage("operator does not exist: - text");
        assertThatThrownBy(() -> resolve("and", SqlType.INTEGER, SqlType.BOOLEAN))
                .hasMessage("argument of AND must be type boolean, not type integer");
    }

    @Test
    void variadicFormsUseTheCommonType() {
        ResolvedFunction coalesce = resolve("coalesce", SqlType.INTEGER, SqlType.UNKNOWN, SqlType.NUMERIC);
        assertThat(coalesce.returnType()).isEqualTo(SqlType.NUMERIC);
        assertThat(coalesce.parameterTypes()).containsOnly(SqlType.NUMERIC);
        assertThatThrownBy(() -> resolve("coalesce", SqlType.INTEGER, SqlType.TEXT))
                .hasMessage("COALESCE types integer and text cannot be matched");
        assertThat(resolve("in", SqlType.INTEGER, SqlType.BIGINT, SqlType.UNKNOWN).parameterTypes())
                .containsOnly(SqlType.BIGINT);
        assertThat(resolve("nullif", SqlType.INTEGER, SqlType.NUMERIC).returnType()).isEqualTo(SqlType.NUMERIC);
    }

    @Test
    void determinismAndKnownNames() {
        assertThat(FunctionCatalog.isDeterministic("now")).isFalse();
        assertThat(FunctionCatalog.isDeterministic("current_timestamp")).isFalse();
        assertThat(FunctionCatalog.isDeterministic("upper")).isTrue();
        assertThat(FunctionCatalog.isKnown("coalesce")).isTrue();
        assertThat(FunctionCatalog.isKnown("CEILING")).isTrue();
        assertThat(FunctionCatalog.isKnown("frobnicate")).isFalse();
    }
}
