package io.rockstream.jobgraph.expr;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.rockstream.jobgraph.type.SqlType;

/**
 * A typed scalar expression over the columns of one input row, as the compiler emits it
 * and the taskmanager compiles it: names are resolved, types are final, implicit casts
 * are explicit {@link Cast} nodes. Functions and operators are {@link Call}s naming an
 * entry of the function catalog ({@code io.rockstream.jobgraph.function}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "expr")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ColumnRef.class, name = "column"),
    @JsonSubTypes.Type(value = Literal.class, name = "literal"),
    @JsonSubTypes.Type(value = Parameter.class, name = "parameter"),
    @JsonSubTypes.Type(value = Call.class, name = "call"),
    @JsonSubTypes.Type(value = Cast.class, name = "cast"),
    @JsonSubTypes.Type(value = Case.class, name = "case"),
})
public sealed interface Expr permits ColumnRef, Literal, Parameter, Call, Cast, Case {
    SqlType type();
}
