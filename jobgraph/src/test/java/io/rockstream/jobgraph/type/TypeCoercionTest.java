package io.rockstream.jobgraph.type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypeCoercionTest {
    @Test
    void commonTypeWidensNumbers() {
        assertThat(TypeCoercion.commonType(List.of(SqlType.INTEGER, SqlType.BIGINT), "UNION")).isEqualTo(SqlType.BIGINT);
        assertThat(TypeCoercion.commonType(List.of(SqlType.INTEGER, SqlType.NUMERIC), "CASE")).isEqualTo(SqlType.NUMERIC);
        assertThat(TypeCoercion.commonType(List.of(SqlType.NUMERIC, SqlType.DOUBLE), "CASE")).isEqualTo(SqlType.DOUBLE);
        assertThat(TypeCoercion.commonType(List.of(SqlType.DOUBLE, SqlType.SMALLINT), "CASE")).isEqualTo(SqlType.DOUBLE);
    }

    @Test
    void unknownTakesTheOtherTypeAndAloneIsText() {
        assertThat(TypeCoercion.commonType(List.of(SqlType.UNKNOWN, SqlType.INTEGER), "COALESCE")).isEqualTo(SqlType.INTEGER);
        assertThat(TypeCoercion.commonType(List.of(SqlType.UNKNOWN, SqlType.UNKNOWN), "UNION")).isEqualTo(SqlType.TEXT);
    }

    @Test
    void modifiersSurviveOnlyWhenEqual() {
        assertThat(TypeCoercion.commonType(List.of(SqlType.varchar(5), SqlType.varchar(5)), "UNION"))
                .isEqualTo(SqlType.varchar(5));
        assertThat(TypeCoercion.commonType(List.of(SqlType.varchar(5), SqlType.varchar(10)), "UNION"))
                .isEqualTo(SqlType.VARCHAR);
        assertThat(TypeCoercion.commonType(List.of(SqlType.varchar(5), SqlType.TEXT), "UNION")).isEqualTo(SqlType.VARCHAR);
        assertThat(TypeCoercion.commonType(List.of(SqlType.TEXT, SqlType.varchar(5)), "UNION")).isEqualTo(SqlType.TEXT);
    }

    @Test
    void datesWidenToTimestamps() {
        assertThat(TypeCoercion.commonType(List.of(SqlType.DATE, SqlType.TIMESTAMP), "CASE")).isEqualTo(SqlType.TIMESTAMP);
        assertThat(TypeCoercion.commonType(List.of(SqlType.TIMESTAMP, SqlType.TIMESTAMPTZ), "CASE"))
                .isEqualTo(SqlType.TIMESTAMPTZ);
    }

    @Test
    void differentCategoriesCannotBeMatched() {
        assertThatThrownBy(() -> TypeCoercion.commonType(List.of(SqlType.INTEGER, SqlType.TEXT), "UNION"))
                .isInstanceOf(RockStreamException.class)
                .hasMessage("UNION types integer and text cannot be matched")
                .extracting(error -> ((RockStreamException) error).sqlState()).isEqualTo("42804");
    }

    @Test
    void castContexts() {
        assertThat(TypeCoercion.canImplicitlyCast(SqlType.INTEGER, SqlType.BIGINT)).isTrue();
        assertThat(TypeCoercion.canImplicitlyCast(SqlType.BIGINT, SqlType.INTEGER)).isFalse();
        assertThat(TypeCoercion.canImplicitlyCast(SqlType.UNKNOWN, SqlType.DATE)).isTrue();
        assertThat(TypeCoercion.canAssign(SqlType.NUMERIC, SqlType.INTEGER)).isTrue();
        assertThat(TypeCoercion.canAssign(SqlType.INTEGER, SqlType.TEXT)).isTrue();
        assertThat(TypeCoercion.canAssign(SqlType.TEXT, SqlType.INTEGER)).isFalse();
        assertThat(TypeCoercion.canCast(SqlType.TEXT, SqlType.INTEGER)).isTrue();
        assertThat(TypeCoercion.canCast(SqlType.INTEGER, SqlType.BOOLEAN)).isTrue();
        assertThat(TypeCoercion.canCast(SqlType.BIGINT, SqlType.BOOLEAN)).isFalse();
        assertThat(TypeCoercion.canCast(SqlType.DATE, SqlType.INTEGER)).isFalse();
    }
}
