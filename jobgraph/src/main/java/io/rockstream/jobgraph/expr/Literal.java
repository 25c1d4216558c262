package io.rockstream.jobgraph.expr;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.ValueCodec;
import io.rockstream.jobgraph.type.Values;

/** A constant; {@code value} is {@code null} for SQL NULL and otherwise of the type's Java class. */
public record Literal(@JsonIgnore Object value, SqlType type) implements Expr {
    public Literal {
        requireNonNull(type, "type is null");
        if (value != null && !Values.javaClass(type.kind()).isInstance(value)) {
            throw new IllegalArgumentException("literal of type " + type + " holds a " + value.getClass().getSimpleName());
        }
    }

    public static Literal nullOf(SqlType type) {
        return new Literal(null, type);
    }

    @JsonCreator
    static Literal fromJson(@JsonProperty("text") String text, @JsonProperty("type") SqlType type) {
        return new Literal(ValueCodec.decode(text, type.kind()), type);
    }

    @JsonProperty("text")
    String text() {
        return ValueCodec.encode(value);
    }

    @Override
    @JsonIgnore
    public Object value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Literal that && type.equals(that.type) && Values.equal(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Values.hash(value);
    }
}
