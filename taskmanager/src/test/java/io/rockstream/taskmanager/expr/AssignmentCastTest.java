package io.rockstream.taskmanager.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.type.SqlType;
import org.junit.jupiter.api.Test;

class AssignmentCastTest {
    @Test
    void aValueThatNeedsNoConversionIsKept() {
        assertThat(Casts.assign("a", SqlType.VARCHAR, SqlType.TEXT)).isEqualTo("a");
        assertThat(Casts.cast("a", SqlType.VARCHAR, SqlType.TEXT)).isEqualTo("a");
        assertThat(Casts.assign(5, SqlType.INTEGER, SqlType.INTEGER)).isEqualTo(5);
    }

    @Test
    void assignmentChecksLengthWhereAnExplicitCastTruncates() {
        assertThat(Casts.cast("abcdef", SqlType.TEXT, SqlType.varchar(3))).isEqualTo("abc");
        assertThatThrownBy(() -> Casts.assign("abcdef", SqlType.TEXT, SqlType.varchar(3)))
                .isInstanceOfSatisfying(RockStreamException.class, e -> assertThat(e.sqlState()).isEqualTo("22001"));
    }
}
